/**
 * Loading a kubeconfig and choosing a context (kubeconfig.ts reads the files the way kubectl
 * does; credentials.ts turns the user entry into request options). What cannot work is said
 * here, before any request, in plain words: no kubeconfig at all, a file that is missing or
 * unreadable, an unknown context, a plain-http server.
 */
import {existsSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {DriftwatchError} from '../core/errors.js';
import {type Credentials, credentialsFor} from './credentials.js';
import {type Kubeconfig, inClusterKubeconfig, readKubeconfigs, serviceAccountDir} from './kubeconfig.js';

export interface KubeConnection {
	/** The context's user's credentials on its cluster, as request options. */
	credentials: Credentials;
	context: string;
	server: string;
	/** The kubeconfig user name, used in the audit log as "who". */
	user: string;
	/** The context's default namespace, or 'default'. */
	namespace: string;
}

export interface ConnectionOptions {
	/** A kubeconfig file; default: $KUBECONFIG, then ~/.kube/config. */
	kubeconfig?: string;
	/** A context name; default: the current context. */
	context?: string;
	/** An API server URL: picks the first context whose cluster has this server. */
	server?: string;
}

/** Where a pod's service-account token lives (the in-cluster configuration). */
const serviceAccountToken = path.join(serviceAccountDir, 'token');

const labHint = '`driftwatch lab` (`npm start` in the driftwatch project) runs a local lab cluster';

/**
 * The kubeconfig files kubectl would read, and whether any exists. Without one (and outside a pod),
 * a client library would fall back to http://localhost:8080, which then fails with a message that
 * names nothing the user can act on: say "no kubeconfig" instead.
 */
function checkKubeconfigExists(explicit: string | undefined): void {
	if (explicit) {
		if (!existsSync(explicit)) {
			throw new DriftwatchError('config-invalid', `kubeconfig ${explicit} does not exist`, {
				hint: `pass an existing file to --kubeconfig, or leave it out to use KUBECONFIG or ~/.kube/config; ${labHint}`,
			});
		}
		return;
	}
	const fromEnv = (process.env['KUBECONFIG'] ?? '').split(path.delimiter).filter(Boolean);
	if (fromEnv.length > 0) {
		// kubectl skips missing files in the list; client-node would fail on them, so say which.
		const missing = fromEnv.filter(file => !existsSync(file));
		if (missing.length === fromEnv.length) {
			throw new DriftwatchError(
				'cluster-unreachable',
				`no kubeconfig found: KUBECONFIG names ${missing.join(', ')}, which does not exist`,
				{
					hint: `${labHint}, or set KUBECONFIG to an existing file`,
				},
			);
		}
		if (missing.length > 0) {
			throw new DriftwatchError('config-invalid', `KUBECONFIG names ${missing.join(', ')}, which does not exist`, {
				hint: 'remove the missing files from KUBECONFIG',
			});
		}
		return;
	}
	const home = path.join(os.homedir(), '.kube', 'config');
	if (existsSync(home) || existsSync(serviceAccountToken)) return;
	throw new DriftwatchError('cluster-unreachable', 'no kubeconfig found (KUBECONFIG is not set and ~/.kube/config does not exist)', {
		hint: `${labHint}, or set KUBECONFIG`,
	});
}

/** The files to read (kubectl's order), or undefined for the in-cluster configuration of a pod. */
function kubeconfigFiles(explicit: string | undefined): string[] | undefined {
	if (explicit) return [explicit];
	const fromEnv = (process.env['KUBECONFIG'] ?? '').split(path.delimiter).filter(Boolean);
	if (fromEnv.length > 0) return fromEnv;
	const home = path.join(os.homedir(), '.kube', 'config');
	return existsSync(home) ? [home] : undefined;
}

function loadKubeconfig(explicit: string | undefined): Kubeconfig {
	const files = kubeconfigFiles(explicit);
	try {
		if (files) return readKubeconfigs(files);
		const namespaceFile = path.join(serviceAccountDir, 'namespace');
		return inClusterKubeconfig(process.env, existsSync(namespaceFile) ? readFileSync(namespaceFile, 'utf8').trim() : undefined);
	} catch (error) {
		throw new DriftwatchError('config-invalid', `cannot read kubeconfig ${(error as Error).message}`, {
			hint: 'pass --kubeconfig FILE or set KUBECONFIG',
			cause: error,
		});
	}
}

export function connect(options: ConnectionOptions = {}): KubeConnection {
	checkKubeconfigExists(options.kubeconfig);
	const config = loadKubeconfig(options.kubeconfig);
	const known = () => config.contexts.map(c => c.name).join(', ') || 'none';
	let context = options.context ?? config.currentContext;
	if (options.server && !options.context) {
		const match = config.contexts.find(candidate => config.clusters.find(c => c.name === candidate.cluster)?.server === options.server);
		if (!match) {
			throw new DriftwatchError('config-invalid', `no kubeconfig context points at ${options.server}`, {
				hint: `add a context for that server, or name one with --context (known: ${known()})`,
			});
		}
		context = match.name;
	}
	const contextObject = context ? config.contexts.find(candidate => candidate.name === context) : undefined;
	if (!context || !contextObject) {
		throw new DriftwatchError(
			'config-invalid',
			context ? `kubeconfig has no context named "${context}"` : 'kubeconfig has no current context',
			{hint: `known contexts: ${known()}`},
		);
	}
	const cluster = config.clusters.find(candidate => candidate.name === contextObject.cluster);
	if (!cluster) throw new DriftwatchError('config-invalid', `context "${context}" names no known cluster`);
	if (cluster.server.startsWith('http://') && !cluster.skipTLSVerify) {
		// Plain http only with TLS checks off (as kubectl's libraries require); say so before the first request.
		throw new DriftwatchError(
			'config-invalid',
			`cluster "${cluster.name}" of context "${context}" is served over plain http (${cluster.server})`,
			{
				hint: "use the API server's https:// address in the kubeconfig (plain http needs insecure-skip-tls-verify: true)",
			},
		);
	}
	const user = config.users.find(candidate => candidate.name === contextObject.user);
	return {
		credentials: credentialsFor(cluster, user),
		context,
		server: cluster.server,
		user: contextObject.user,
		namespace: contextObject.namespace ?? 'default',
	};
}
