/**
 * Loading a kubeconfig and choosing a context. client-node handles every auth kind (client
 * certificates, tokens, exec plugins); driftwatch only asks it for the request options. What
 * cannot work is said here, before any request, in plain words: no kubeconfig at all, a file that
 * is missing or unreadable, an unknown context, a plain-http server.
 */
import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {KubeConfig} from '@kubernetes/client-node';
import {DriftwatchError} from '../core/errors.js';

export interface KubeConnection {
	config: KubeConfig;
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

/** Where a pod's service-account token lives (client-node's in-cluster configuration). */
const serviceAccountToken = '/var/run/secrets/kubernetes.io/serviceaccount/token';

const labHint = '`driftwatch lab` (`npm start` in the driftwatch project) runs a local lab cluster';

/**
 * The kubeconfig files kubectl would read, and whether any exists. Without one (and outside a pod),
 * client-node falls back to http://localhost:8080, which then fails with a library message that
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

export function connect(options: ConnectionOptions = {}): KubeConnection {
	checkKubeconfigExists(options.kubeconfig);
	const config = new KubeConfig();
	try {
		if (options.kubeconfig) config.loadFromFile(options.kubeconfig);
		else config.loadFromDefault();
	} catch (error) {
		throw new DriftwatchError(
			'config-invalid',
			`cannot read kubeconfig ${options.kubeconfig ?? process.env['KUBECONFIG'] ?? '~/.kube/config'}: ${(error as Error).message}`,
			{
				hint: 'pass --kubeconfig FILE or set KUBECONFIG',
				cause: error,
			},
		);
	}
	let context = options.context ?? config.getCurrentContext();
	if (options.server && !options.context) {
		const match = config.getContexts().find(candidate => config.getCluster(candidate.cluster)?.server === options.server);
		if (!match) {
			throw new DriftwatchError('config-invalid', `no kubeconfig context points at ${options.server}`, {
				hint: `add a context for that server, or name one with --context (known: ${
					config
						.getContexts()
						.map(c => c.name)
						.join(', ') || 'none'
				})`,
			});
		}
		context = match.name;
	}
	const contextObject = context ? config.getContextObject(context) : null;
	if (!contextObject) {
		throw new DriftwatchError(
			'config-invalid',
			context ? `kubeconfig has no context named "${context}"` : 'kubeconfig has no current context',
			{
				hint: `known contexts: ${
					config
						.getContexts()
						.map(c => c.name)
						.join(', ') || 'none'
				}`,
			},
		);
	}
	config.setCurrentContext(context);
	const cluster = config.getCurrentCluster();
	if (!cluster) throw new DriftwatchError('config-invalid', `context "${context}" names no known cluster`);
	if (cluster.server.startsWith('http://') && !cluster.skipTLSVerify) {
		// client-node refuses plain http unless TLS checks are off; say so before the first request.
		throw new DriftwatchError(
			'config-invalid',
			`cluster "${cluster.name}" of context "${context}" is served over plain http (${cluster.server})`,
			{
				hint: "use the API server's https:// address in the kubeconfig (plain http needs insecure-skip-tls-verify: true)",
			},
		);
	}
	return {
		config,
		context,
		server: cluster.server,
		user: contextObject.user,
		namespace: contextObject.namespace ?? 'default',
	};
}
