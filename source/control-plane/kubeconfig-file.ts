/** The kubeconfig the local control plane hands out: an admin context and a restricted one. */
import {readFile, writeFile} from 'node:fs/promises';
import {dump} from 'js-yaml';
import type {Pki} from './pki.js';

export const adminContext = 'driftwatch-admin';
export const restrictedContext = 'driftwatch-restricted';
export const restrictedUser = 'restricted';

export async function writeKubeconfig(file: string, server: string, pki: Pki, restrictedToken: string): Promise<void> {
	const base64 = async (path: string) => (await readFile(path)).toString('base64');
	const config = {
		apiVersion: 'v1',
		kind: 'Config',
		clusters: [{name: 'driftwatch-local', cluster: {server, 'certificate-authority-data': await base64(pki.caCert)}}],
		users: [
			{
				name: 'driftwatch-admin',
				user: {
					'client-certificate-data': await base64(pki.adminCert),
					'client-key-data': await base64(pki.adminKey),
				},
			},
			{name: restrictedUser, user: {token: restrictedToken}},
		],
		contexts: [
			{name: adminContext, context: {cluster: 'driftwatch-local', user: 'driftwatch-admin', namespace: 'default'}},
			{name: restrictedContext, context: {cluster: 'driftwatch-local', user: restrictedUser, namespace: 'default'}},
		],
		'current-context': adminContext,
	};
	await writeFile(file, dump(config), {mode: 0o600});
}
