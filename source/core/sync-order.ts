/**
 * The order a sync runs its tasks in, as Argo CD's sync tasks are ordered (gitops-engine
 * pkg/sync/sync_tasks.go): by phase (PreSync, Sync, PostSync, SyncFail), then sync wave, then kind
 * (dependencies first: Namespaces before what lives in them, RBAC before workloads), then name.
 * Pure: no I/O.
 */
import {groupOf, type KubeObject} from './kube-object.js';
import {syncPhases, type SyncPhase} from './sync-hooks.js';

export const syncWaveAnnotation = 'argocd.argoproj.io/sync-wave';
const helmWeightAnnotation = 'helm.sh/hook-weight';

/** Argo CD's kind order (Helm's, with the List kinds); kinds not listed go after all of these. */
export const syncKindOrder: readonly string[] = [
	'Namespace',
	'NetworkPolicy',
	'ResourceQuota',
	'LimitRange',
	'PodSecurityPolicy',
	'PodDisruptionBudget',
	'ServiceAccount',
	'Secret',
	'SecretList',
	'ConfigMap',
	'StorageClass',
	'PersistentVolume',
	'PersistentVolumeClaim',
	'CustomResourceDefinition',
	'ClusterRole',
	'ClusterRoleList',
	'ClusterRoleBinding',
	'ClusterRoleBindingList',
	'Role',
	'RoleList',
	'RoleBinding',
	'RoleBindingList',
	'Service',
	'DaemonSet',
	'Pod',
	'ReplicationController',
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
const phaseRank = new Map<SyncPhase, number>(syncPhases.map((phase, index) => [phase, index]));

/** Go's strconv.Atoi, which Argo CD reads the wave with: an optional sign and digits, nothing else. */
function integerOf(raw: string | undefined): number | undefined {
	if (raw === undefined || !/^[-+]?\d+$/.test(raw)) return undefined;
	const value = Number(raw);
	return Number.isSafeInteger(value) ? value : undefined;
}

/** The object's sync wave: the annotation as an integer, else Helm's hook weight, else 0. */
export function syncWaveOf(object: KubeObject): number {
	const annotations = object.metadata.annotations;
	return integerOf(annotations?.[syncWaveAnnotation]) ?? integerOf(annotations?.[helmWeightAnnotation]) ?? 0;
}

/** The wave annotation when it is set but not an integer (Argo CD then uses the Helm weight or 0; we say so). */
export function invalidSyncWave(object: KubeObject): string | undefined {
	const raw = object.metadata.annotations?.[syncWaveAnnotation];
	return raw !== undefined && integerOf(raw) === undefined ? raw : undefined;
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

/** The Namespace an object is, when it is one (core group). */
export function namespaceDefinedBy(object: KubeObject): string | undefined {
	return object.kind === 'Namespace' && groupOf(object.apiVersion) === '' ? object.metadata.name : undefined;
}

/** Where a task sits in the order; `wave` may differ from the object's own (prunes, dependencies). */
export interface Ordered {
	phase: SyncPhase;
	wave: number;
	object: KubeObject;
}

/** Compares two tasks: phase, wave, kind, name (namespace and apiVersion only break ties). */
export function compareOrdered(a: Ordered, b: Ordered): number {
	return (
		(phaseRank.get(a.phase) ?? 0) - (phaseRank.get(b.phase) ?? 0) ||
		a.wave - b.wave ||
		rankOf(a.object.kind) - rankOf(b.object.kind) ||
		compareText(a.object.metadata.name, b.object.metadata.name) ||
		compareText(a.object.metadata.namespace ?? '', b.object.metadata.namespace ?? '') ||
		compareText(a.object.apiVersion, b.object.apiVersion)
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
 * Sorts tasks, then moves each Namespace (and each CRD) that comes after a task needing it to just
 * before the first such task, taking that task's phase and wave, as Argo CD does. `movable` says
 * which tasks may move or count as needing one (Argo CD leaves prunes out). Sorts in place.
 */
export function sortWithDependencies<T extends Ordered>(tasks: T[], movable: (task: T) => boolean = () => true): T[] {
	tasks.sort(compareOrdered);
	adjustDependencies(tasks, movable, namespaceDefinedBy, object => object.metadata.namespace || undefined);
	adjustDependencies(tasks, movable, crdDefinesGroupKind, groupKindOf);
	return tasks;
}

function adjustDependencies<T extends Ordered>(
	tasks: T[],
	movable: (task: T) => boolean,
	provides: (object: KubeObject) => string | undefined,
	needs: (object: KubeObject) => string | undefined,
): void {
	const firstUser = new Map<string, number>();
	for (let index = 0; index < tasks.length; index++) {
		const task = tasks[index] as T;
		if (!movable(task)) continue;
		const provided = provides(task.object);
		if (provided !== undefined) {
			const target = firstUser.get(provided);
			if (target === undefined) continue;
			const user = tasks[target] as T;
			task.phase = user.phase;
			task.wave = user.wave;
			tasks.splice(index, 1);
			tasks.splice(target, 0, task);
			for (const [key, position] of firstUser) if (position >= target) firstUser.set(key, position + 1);
			continue;
		}
		const needed = needs(task.object);
		if (needed !== undefined && !firstUser.has(needed)) firstUser.set(needed, index);
	}
}
