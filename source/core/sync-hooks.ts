/**
 * Argo CD's resource hooks, read from an object's annotations as Argo CD reads them
 * (gitops-engine pkg/sync/hook): which sync phases a hook runs in, when it is deleted, and the
 * name a `generateName` hook gets. A hook is not one of the app's resources: it is not compared,
 * not counted for health, never an extra and never pruned; a sync runs it. Pure.
 */
import type {KubeObject} from './kube-object.js';

export const hookAnnotation = 'argocd.argoproj.io/hook';
export const hookDeletePolicyAnnotation = 'argocd.argoproj.io/hook-delete-policy';
const helmHookAnnotation = 'helm.sh/hook';
const helmDeletePolicyAnnotation = 'helm.sh/hook-delete-policy';

/** The phases of a sync, in the order they run (SyncFail only when the sync fails). */
export const syncPhases = ['PreSync', 'Sync', 'PostSync', 'SyncFail'] as const;
export type SyncPhase = (typeof syncPhases)[number];

export type HookDeletePolicy = 'HookSucceeded' | 'HookFailed' | 'BeforeHookCreation';

const hookTypes = new Set<string>([...syncPhases, 'Skip']);
const helmHookTypes: Record<string, SyncPhase> = {
	'pre-install': 'PreSync',
	'pre-upgrade': 'PreSync',
	'post-install': 'PostSync',
	'post-upgrade': 'PostSync',
};
const helmDeletePolicies: Record<string, HookDeletePolicy> = {
	'before-hook-creation': 'BeforeHookCreation',
	'hook-succeeded': 'HookSucceeded',
	'hook-failed': 'HookFailed',
};
const deletePolicies = new Set<string>(['HookSucceeded', 'HookFailed', 'BeforeHookCreation']);

/** An annotation's comma-separated values, trimmed, empty ones dropped. */
function annotationValues(object: KubeObject, annotation: string): string[] {
	const raw = object.metadata.annotations?.[annotation];
	return raw === undefined
		? []
		: raw
				.split(',')
				.map(value => value.trim())
				.filter(value => value !== '');
}

/**
 * The hook types an object names: Argo CD's annotation (PreSync, Sync, PostSync, SyncFail, Skip;
 * unknown words ignored), else Helm's (pre-install and pre-upgrade are PreSync, post-install and
 * post-upgrade PostSync). Duplicates removed.
 */
export function hookTypesOf(object: KubeObject): string[] {
	const types = annotationValues(object, hookAnnotation).filter(type => hookTypes.has(type));
	if (types.length > 0) return [...new Set(types)];
	const helm = annotationValues(object, helmHookAnnotation).flatMap(type => helmHookTypes[type] ?? []);
	return [...new Set(helm)];
}

/** `argocd.argoproj.io/hook: Skip` alone: the object is neither applied nor compared. */
export function isSkipped(object: KubeObject): boolean {
	const types = hookTypesOf(object);
	return types.length === 1 && types[0] === 'Skip';
}

/**
 * A hook: Argo CD's hook annotation with any value but Skip alone (an unknown word still makes a
 * hook, one that never runs, as in Argo CD), or Helm's hook annotation other than crd-install.
 */
export function isHook(object: KubeObject): boolean {
	const annotations = object.metadata.annotations ?? {};
	if (hookAnnotation in annotations) return !isSkipped(object);
	const helm = annotations[helmHookAnnotation];
	return helm !== undefined && helm !== 'crd-install';
}

/** One of the app's resources: compared, counted for health, applied and pruned by a sync. */
export function isManagedResource(object: KubeObject): boolean {
	return !isHook(object) && !isSkipped(object);
}

/** The sync phases a hook runs in, in phase order; [] for a hook that names none. */
export function hookPhasesOf(object: KubeObject): SyncPhase[] {
	const types = new Set(hookTypesOf(object));
	return syncPhases.filter(phase => types.has(phase));
}

/** When a hook is deleted; BeforeHookCreation when none is given (Argo CD's default). */
export function deletePoliciesOf(object: KubeObject): HookDeletePolicy[] {
	const policies = annotationValues(object, hookDeletePolicyAnnotation).filter((policy): policy is HookDeletePolicy =>
		deletePolicies.has(policy),
	);
	const helm = annotationValues(object, helmDeletePolicyAnnotation).flatMap(policy => helmDeletePolicies[policy] ?? []);
	const all = [...new Set([...policies, ...helm])];
	return all.length > 0 ? all : ['BeforeHookCreation'];
}

/**
 * The name a hook gets in one sync. A hook with `metadata.name` keeps it; one with only
 * `generateName` gets Argo CD's deterministic suffix: the revision's first 7 characters, the
 * phase and the sync's start in Unix seconds, lower-cased (`migrate-1a2b3c4-presync-1733050000`).
 */
export function hookNameOf(object: KubeObject, revision: string, phase: SyncPhase, startedAtMs: number): string {
	if (object.metadata.name) return object.metadata.name;
	const prefix = typeof object.metadata.generateName === 'string' ? object.metadata.generateName : '';
	const short = revision.length >= 8 ? revision.slice(0, 7) : revision;
	return `${prefix}${`${short}-${phase}-${Math.floor(startedAtMs / 1000)}`.toLowerCase()}`;
}
