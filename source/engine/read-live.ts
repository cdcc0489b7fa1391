/**
 * Live state for one evaluation: each desired object, the extra objects tracked by this app, and
 * the ReplicaSets and Pods under its workloads (for health). Kinds the cluster does not serve, or
 * that the user may not list, become warnings, not failures.
 */
import type {AppDefinition} from '../core/app-definition.js';
import {DriftwatchError, describeError} from '../core/errors.js';
import {type KubeObject, keyString, resourceKeyOf} from '../core/kube-object.js';
import {isTrackedBy} from '../core/tracking.js';
import {mapLimit} from './map-limit.js';
import type {ClusterPort} from '../ports/cluster.js';

/** Kinds searched for leftovers of this app even when Git no longer renders any of them. */
export const commonTrackedKinds: ReadonlyArray<[string, string]> = [
	['v1', 'ConfigMap'],
	['v1', 'Secret'],
	['v1', 'Service'],
	['v1', 'ServiceAccount'],
	['v1', 'PersistentVolumeClaim'],
	['apps/v1', 'Deployment'],
	['apps/v1', 'StatefulSet'],
	['apps/v1', 'DaemonSet'],
	['batch/v1', 'Job'],
	['batch/v1', 'CronJob'],
	['networking.k8s.io/v1', 'Ingress'],
	['autoscaling/v2', 'HorizontalPodAutoscaler'],
	['policy/v1', 'PodDisruptionBudget'],
	['rbac.authorization.k8s.io/v1', 'Role'],
	['rbac.authorization.k8s.io/v1', 'RoleBinding'],
];

export interface LiveState {
	/** By keyString of the desired object. */
	live: Map<string, KubeObject>;
	extras: KubeObject[];
	/** ReplicaSets and Pods in the app's namespaces. */
	related: KubeObject[];
	warnings: string[];
}

export async function readLive(app: AppDefinition, desired: readonly KubeObject[], cluster: ClusterPort): Promise<LiveState> {
	const warnings: string[] = [];
	const live = new Map<string, KubeObject>();
	await mapLimit(desired, 8, async object => {
		try {
			const found = await cluster.get({
				apiVersion: object.apiVersion,
				kind: object.kind,
				namespace: object.metadata.namespace,
				name: object.metadata.name,
			});
			if (found) live.set(keyString(resourceKeyOf(object)), found);
		} catch (error) {
			if (error instanceof DriftwatchError && error.code === 'not-found') return;
			throw error;
		}
	});

	const namespaces = new Set([app.destination.namespace, ...desired.map(object => object.metadata.namespace ?? '').filter(Boolean)]);
	const kinds = new Map<string, [string, string]>();
	for (const [apiVersion, kind] of [
		...commonTrackedKinds,
		...desired.map(object => [object.apiVersion, object.kind] as [string, string]),
	]) {
		kinds.set(`${apiVersion}/${kind}`, [apiVersion, kind]);
	}
	const desiredKeys = new Set(desired.map(object => keyString(resourceKeyOf(object))));
	const extras: KubeObject[] = [];
	const listings = [...kinds.values()].flatMap(([apiVersion, kind]) => [...namespaces].map(namespace => ({apiVersion, kind, namespace})));
	await mapLimit(listings, 6, async ({apiVersion, kind, namespace}) => {
		try {
			const namespaced = await cluster.isNamespaced(apiVersion, kind);
			if (!namespaced && namespace !== app.destination.namespace) return;
			const {items} = await cluster.list(apiVersion, kind, namespaced ? namespace : '');
			for (const item of items) {
				if (isTrackedBy(app.name, item) && !desiredKeys.has(keyString(resourceKeyOf(item)))) extras.push(item);
			}
		} catch (error) {
			if (error instanceof DriftwatchError && error.code === 'not-found') return;
			warnings.push(`cannot list ${kind} in ${namespace}: ${describeError(error)}`);
		}
	});

	const related: KubeObject[] = [];
	const hasWorkloads = desired.some(object =>
		['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Rollout'].includes(object.kind),
	);
	if (hasWorkloads) {
		await mapLimit([...namespaces], 4, async namespace => {
			for (const [apiVersion, kind] of [
				['apps/v1', 'ReplicaSet'],
				['v1', 'Pod'],
				['batch/v1', 'Job'],
			] as const) {
				try {
					related.push(...(await cluster.list(apiVersion, kind, namespace)).items);
				} catch (error) {
					warnings.push(`cannot list ${kind} in ${namespace}: ${describeError(error)}`);
				}
			}
		});
	}
	return {live, extras, related, warnings};
}
