/**
 * Where an Argo CD Application's destination is, for driftwatch: Argo CD's in-cluster address
 * (`https://kubernetes.default.svc`, name `in-cluster`) is the cluster Argo CD runs in, the one
 * driftwatch reads the Applications from; a `server` is matched against the kubeconfig's clusters;
 * a `name` is a kubeconfig context of that name or, failing that, the name of one of Argo CD's
 * cluster secrets, whose server is then matched. Only the `name` and `server` fields of those
 * secrets are read; their credentials are never decoded or kept. One connection (and one set of
 * shared watches) per kubeconfig context.
 */
import {clusterTargetOf, type AppDestination} from '../core/app-definition.js';
import {DriftwatchError} from '../core/errors.js';
import type {KubeObject} from '../core/kube-object.js';
import type {DestinationResolver} from '../ports/argocd.js';
import type {Destination} from '../ports/destination.js';
import {clusterDestination} from '../cluster/cluster-destination.js';
import {connect} from '../cluster/kube-connection.js';
import {ResourceClient} from '../cluster/resource-client.js';

/** The label of Argo CD's cluster secrets. */
export const clusterSecretLabel = 'argocd.argoproj.io/secret-type=cluster';

export interface ArgoCdDestinationsOptions {
	kubeconfig: string | undefined;
	/** The cluster Argo CD runs in, as driftwatch connected to it. */
	home: {client: ResourceClient; destination: Destination};
	/** Argo CD's namespace (its cluster secrets live there). */
	namespace: string;
}

/** The resolver, and `stop()`: ends the watches of every cluster it connected to (not the home one, which the caller owns). */
export function argoCdDestinations(options: ArgoCdDestinationsOptions): DestinationResolver & {stop(): void} {
	const {home} = options;
	const byContext = new Map<string, Destination>([[home.client.context, home.destination]]);
	const hubs: Array<{stop(): void}> = [];
	const forContext = (context: string | undefined, server?: string): Destination => {
		const connection = connect({kubeconfig: options.kubeconfig, ...(context ? {context} : {}), ...(server ? {server} : {})});
		let destination = byContext.get(connection.context);
		if (!destination) {
			const created = clusterDestination(new ResourceClient(connection));
			hubs.push(created.hub);
			destination = created;
			byContext.set(connection.context, destination);
		}
		return destination;
	};
	const resolve = async (destination: AppDestination): Promise<Destination> => {
		const target = clusterTargetOf(destination);
		if (target.kind === 'current-context') return home.destination;
		if (target.kind === 'server') return target.server === home.client.server ? home.destination : forContext(undefined, target.server);
		try {
			return forContext(target.context);
		} catch (error) {
			if (!(error instanceof DriftwatchError)) throw error;
			const server = await clusterSecretServer(home.client, options.namespace, target.context).catch(() => undefined);
			if (server === undefined) {
				throw new DriftwatchError(
					'config-invalid',
					`destination name "${target.context}" is neither a kubeconfig context nor an Argo CD cluster`,
					{
						hint: `add a kubeconfig context named "${target.context}", or one for that cluster's server`,
					},
				);
			}
			return server === home.client.server ? home.destination : forContext(undefined, server);
		}
	};
	return Object.assign(resolve, {stop: () => hubs.forEach(hub => hub.stop())});
}

/** The server of Argo CD's cluster secret named `name`, reading only its `name` and `server` fields. */
async function clusterSecretServer(client: ResourceClient, namespace: string, name: string): Promise<string | undefined> {
	const {items} = await client.list('v1', 'Secret', namespace, clusterSecretLabel);
	for (const secret of items) {
		if (field(secret, 'name') === name) return field(secret, 'server');
	}
	return undefined;
}

function field(secret: KubeObject, key: 'name' | 'server'): string | undefined {
	const data = secret['data'] as Record<string, unknown> | undefined;
	const value = data?.[key];
	return typeof value === 'string' ? Buffer.from(value, 'base64').toString('utf8') : undefined;
}
