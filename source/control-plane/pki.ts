/**
 * Certificates for the local control plane, made with the openssl binary: a CA, the API server's
 * serving certificate, an admin client certificate (group system:masters) and the service-account
 * signing key. Everything lives in one directory that is deleted with the cluster.
 */
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {runChecked} from './run-checked.js';

export interface Pki {
	caCert: string;
	caKey: string;
	servingCert: string;
	servingKey: string;
	adminCert: string;
	adminKey: string;
	serviceAccountKey: string;
	serviceAccountPublicKey: string;
	/** kwok's kubelet endpoint (logs), verified by the API server with our CA. */
	kwokCert: string;
	kwokKey: string;
}

const days = '3650';

export async function generatePki(dir: string): Promise<Pki> {
	const file = (name: string) => path.join(dir, name);
	const pki: Pki = {
		caCert: file('ca.crt'),
		caKey: file('ca.key'),
		servingCert: file('apiserver.crt'),
		servingKey: file('apiserver.key'),
		adminCert: file('admin.crt'),
		adminKey: file('admin.key'),
		serviceAccountKey: file('sa.key'),
		serviceAccountPublicKey: file('sa.pub'),
		kwokCert: file('kwok.crt'),
		kwokKey: file('kwok.key'),
	};
	await openssl([
		'req',
		'-x509',
		'-newkey',
		'rsa:2048',
		'-nodes',
		'-keyout',
		pki.caKey,
		'-out',
		pki.caCert,
		'-days',
		days,
		'-subj',
		'/CN=driftwatch-local-ca',
	]);
	await signed(
		dir,
		'apiserver',
		'/CN=kube-apiserver',
		[
			'subjectAltName=DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:127.0.0.1,IP:10.0.0.1',
			'extendedKeyUsage=serverAuth',
		],
		pki,
	);
	// system:masters is the group the API server's bootstrap RBAC binds to cluster-admin.
	await signed(dir, 'admin', '/O=system:masters/CN=driftwatch-admin', ['extendedKeyUsage=clientAuth'], pki);
	await signed(dir, 'kwok', '/CN=kwok-kubelet', ['subjectAltName=DNS:localhost,IP:127.0.0.1', 'extendedKeyUsage=serverAuth'], pki);
	await openssl(['genrsa', '-out', pki.serviceAccountKey, '2048']);
	await openssl(['rsa', '-in', pki.serviceAccountKey, '-pubout', '-out', pki.serviceAccountPublicKey]);
	return pki;
}

async function signed(dir: string, name: string, subject: string, extensions: string[], pki: Pki): Promise<void> {
	const key = path.join(dir, `${name}.key`);
	const csr = path.join(dir, `${name}.csr`);
	const ext = path.join(dir, `${name}.ext`);
	await writeFile(ext, ['basicConstraints=CA:FALSE', 'keyUsage=digitalSignature,keyEncipherment', ...extensions].join('\n') + '\n');
	await openssl(['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', subject]);
	await openssl([
		'x509',
		'-req',
		'-in',
		csr,
		'-CA',
		pki.caCert,
		'-CAkey',
		pki.caKey,
		'-CAcreateserial',
		'-out',
		path.join(dir, `${name}.crt`),
		'-days',
		days,
		'-extfile',
		ext,
	]);
}

async function openssl(args: string[]): Promise<void> {
	await runChecked('openssl', args);
}
