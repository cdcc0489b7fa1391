/**
 * Which kinds driftwatch reads for an app, besides the kinds Git renders: the kinds its tracking
 * may sit on (to find what Git dropped), and the kinds under its workloads that make up the
 * resource tree and count for health. One list, for the one-shot commands and the live engine.
 */
import type {KubeObject} from './kube-object.js';

export type KindRef = readonly [apiVersion: string, kind: string];

/** Kinds searched for leftovers of an app even when Git no longer renders any of them. */
export const commonTrackedKinds: readonly KindRef[] = [
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

/**
 * Kinds that workloads own: a Deployment's ReplicaSets and Pods, a CronJob's Jobs and their Pods.
 * They form the resource tree, and a Degraded one counts for the app's health.
 */
export const relatedKinds: readonly KindRef[] = [
	['apps/v1', 'ReplicaSet'],
	['v1', 'Pod'],
	['batch/v1', 'Job'],
];

const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Rollout']);

/** True when one of the objects owns pods (directly or through ReplicaSets and Jobs). */
export function hasWorkloads(objects: readonly KubeObject[]): boolean {
	return objects.some(object => workloadKinds.has(object.kind));
}

/** True for an object of one of the {@link relatedKinds}. */
export function isRelatedKind(apiVersion: string, kind: string): boolean {
	return relatedKinds.some(([relatedVersion, relatedKind]) => relatedVersion === apiVersion && relatedKind === kind);
}
