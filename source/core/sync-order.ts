/**
 * The order a sync applies and prunes objects in, as Argo CD's sync tasks order them: by sync wave,
 * then by kind (dependencies first: Namespaces before what lives in them, RBAC before workloads),
 * then by name. Pure: no I/O.
 */
import {groupOf, type KubeObject} from './kube-object.js';

export const syncWaveAnnotation = 'argocd.argoproj.io/sync-wave';

/** Argo CD's kind order; kinds not listed go after all of these. */
export const syncKindOrder: readonly string[] = [
	'Namespace',
	'NetworkPolicy',
	'ResourceQuota',
	'LimitRange',
	'PodDisruptionBudget',
	'ServiceAccount',
	'Secret',
	'ConfigMap',
	'StorageClass',
	'PersistentVolume',
	'PersistentVolumeClaim',
	'CustomResourceDefinition',
	'ClusterRole',
	'ClusterRoleBinding',
	'Role',
	'RoleBinding',
	'Service',
	'DaemonSet',
	'Pod',
	'ReplicaSet',
	'Deployment',
	'HorizontalPodAutoscaler',
	'StatefulSet',
	'Job',
	'CronJob',
	'IngressClass',
	'Ingress',
	'APIService',
];

const kindRank = new Map(syncKindOrder.map((kind, index) => [kind, index]));

/** The object's sync wave: the annotation as an integer, 0 when absent or not an integer. */
export function syncWaveOf(object: KubeObject): number {
	const raw = object.metadata.annotations?.[syncWaveAnnotation];
	return raw !== undefined && isWave(raw) ? Number(raw.trim()) : 0;
}

/** The wave annotation when it is set but not an integer (Argo CD rejects those; we report and use 0). */
export function invalidSyncWave(object: KubeObject): string | undefined {
	const raw = object.metadata.annotations?.[syncWaveAnnotation];
	return raw !== undefined && !isWave(raw) ? raw : undefined;
}

function isWave(raw: string): boolean {
	return /^\s*[-+]?\d+\s*$/.test(raw) && Number.isSafeInteger(Number(raw.trim()));
}

/** 'group/Kind' of an object ('/ConfigMap' for the core group). */
export function groupKindOf(object: KubeObject): string {
	return `${groupOf(object.apiVersion)}/${object.kind}`;
}

/** For a CustomResourceDefinition, the 'group/Kind' it defines; undefined for anything else. */
export function crdDefinesGroupKind(object: KubeObject): string | undefined {
	if (object.kind !== 'CustomResourceDefinition') return undefined;
	const spec = object['spec'] as {group?: unknown; names?: {kind?: unknown}} | undefined;
	const group = spec?.group;
	const kind = spec?.names?.kind;
	return typeof group === 'string' && typeof kind === 'string' ? `${group}/${kind}` : undefined;
}

/** Compares two objects for applying: wave, kind, name (namespace and group only break ties). */
export function compareForApply(a: KubeObject, b: KubeObject): number {
	return (
		syncWaveOf(a) - syncWaveOf(b) ||
		rankOf(a.kind) - rankOf(b.kind) ||
		compareText(a.metadata.name, b.metadata.name) ||
		compareText(a.metadata.namespace ?? '', b.metadata.namespace ?? '') ||
		compareText(a.apiVersion, b.apiVersion)
	);
}

function rankOf(kind: string): number {
	return kindRank.get(kind) ?? syncKindOrder.length;
}

// Not localeCompare: the order must not depend on the machine's locale.
function compareText(a: string, b: string): number {
	return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The objects in apply order. Within a wave, the kind order already puts Namespaces and CRDs first;
 * across waves it does not (a Namespace in wave 1, a Deployment in it in wave 0), so afterwards a
 * Namespace or CRD that follows something depending on it moves to just before the first such
 * object, as Argo CD's sync tasks do. The input is not changed.
 */
export function orderForApply(objects: readonly KubeObject[]): KubeObject[] {
	const ordered = [...objects].sort(compareForApply);
	moveDependenciesFirst(
		ordered,
		object => (object.kind === 'Namespace' && groupOf(object.apiVersion) === '' ? object.metadata.name : undefined),
		object => object.metadata.namespace || undefined,
	);
	moveDependenciesFirst(ordered, crdDefinesGroupKind, groupKindOf);
	return ordered;
}

/**
 * The objects in prune order: the exact reverse of the apply order, so later waves go first and
 * within a wave dependents go before what they depend on (Deployments before their Namespace,
 * custom resources before their CRD).
 */
export function orderForPrune(objects: readonly KubeObject[]): KubeObject[] {
	return orderForApply(objects).reverse();
}

/** Moves each dependency (in place) before the first object that needs it, if it is not already before. */
function moveDependenciesFirst(
	objects: KubeObject[],
	provides: (object: KubeObject) => string | undefined,
	needs: (object: KubeObject) => string | undefined,
): void {
	for (let index = 0; index < objects.length; index++) {
		const candidate = objects[index];
		const provided = candidate && provides(candidate);
		if (!candidate || provided === undefined) continue;
		const firstUser = objects.findIndex(object => object !== candidate && needs(object) === provided);
		if (firstUser !== -1 && firstUser < index) {
			objects.splice(index, 1);
			objects.splice(firstUser, 0, candidate);
		}
	}
}
