/**
 * Loading a kubeconfig and choosing a context. client-node handles every auth kind (client
 * certificates, tokens, exec plugins); driftwatch only asks it for the request options.
 */
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

export function connect(options: ConnectionOptions = {}): KubeConnection {
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
	return {
		config,
		context,
		server: cluster.server,
		user: contextObject.user,
		namespace: contextObject.namespace ?? 'default',
	};
}
