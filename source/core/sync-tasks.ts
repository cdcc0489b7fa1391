/**
 * A sync as Argo CD runs it, planned: every resource to apply, every hook (once per phase it
 * runs in) and every prune becomes a task with a phase and a wave; tasks run step by step, one
 * (phase, wave) after another (see gitops-engine pkg/sync/sync_context.go). Pure: the engine
 * carries the steps out (execute-sync.ts).
 */
import {displayKey, type KubeObject, resourceKeyOf} from './kube-object.js';
import {deletePoliciesOf, type HookDeletePolicy, hookNameOf, hookPhasesOf, type SyncPhase} from './sync-hooks.js';
import {sortWithDependencies, syncWaveOf} from './sync-order.js';

export interface SyncTask {
	/** apply: one of the app's resources; hook: a hook, run and watched to completion; prune: a live object to delete. */
	action: 'apply' | 'hook' | 'prune';
	phase: SyncPhase;
	wave: number;
	/** apply and hook: what is sent (named, tracked); prune: the live object. */
	object: KubeObject;
	/** 'Job/demo/migrate' */
	name: string;
	/** Hooks only: when to delete it. */
	deletePolicies: HookDeletePolicy[];
	/**
	 * Why the task is left alone (a prune with prune off or vetoed, an apply of an object in sync
	 * under ApplyOutOfSyncOnly); it still takes its place in the order, as in Argo CD.
	 */
	skip?: string;
}

/** One (phase, wave): its tasks run together (prunes, then applies kind by kind). */
export interface SyncStep {
	phase: SyncPhase;
	wave: number;
	tasks: SyncTask[];
}

export interface SyncTasksInput {
	/** Resources to apply, tracking added, and (with `skip`) resources left alone. */
	apply: ReadonlyArray<{object: KubeObject; skip?: string}>;
	/** Hooks as Git has them (tracking added); none for a selective sync or self-heal. */
	hooks: readonly KubeObject[];
	/** Live objects to prune, and (with `skip`) extras left alone: they still shape the steps. */
	prune: ReadonlyArray<{object: KubeObject; skip?: string}>;
	/** PruneLast=true for the whole app. */
	pruneLast: boolean;
	/** Names generateName hooks: the revision synced and when the sync started. */
	revision: string;
	startedAtMs: number;
}

/** Every task, in the order Argo CD runs them (SyncFail hooks last: they run only if the sync fails). */
export function syncTasksOf(input: SyncTasksInput): SyncTask[] {
	const tasks: SyncTask[] = [];
	for (const {object, skip} of input.apply) tasks.push(task('apply', 'Sync', syncWaveOf(object), object, skip));
	for (const hook of input.hooks) {
		for (const phase of hookPhasesOf(hook)) {
			const named = {...hook, metadata: {...hook.metadata, name: hookNameOf(hook, input.revision, phase, input.startedAtMs)}};
			delete named.metadata.generateName;
			tasks.push({...task('hook', phase, syncWaveOf(hook), named), deletePolicies: deletePoliciesOf(hook)});
		}
	}
	const prunes = input.prune.map(({object, skip}) => task('prune', 'Sync', syncWaveOf(object), object, skip));
	reversePruneWaves(prunes);
	tasks.push(...prunes);
	// PruneLast: after the last wave of the Sync phase (counting the prunes' own waves), at least wave 1.
	const last = Math.max(0, ...tasks.filter(candidate => candidate.phase === 'Sync').map(candidate => candidate.wave)) + 1;
	for (const prune of prunes) if (input.pruneLast || hasSyncOption(prune.object, 'PruneLast=true')) prune.wave = last;
	return sortWithDependencies(tasks, candidate => candidate.action !== 'prune');
}

/**
 * The steps in order, without the SyncFail hooks and without resources skipped as in sync
 * (ApplyOutOfSyncOnly drops them, as Argo CD does; a prune left alone still runs as a no-op
 * step). `multiStep` is true when all the tasks, SyncFail hooks and skipped ones included, span
 * more than one (phase, wave): then every applied resource must be healthy before the next step,
 * as in Argo CD.
 */
export function syncStepsOf(tasks: readonly SyncTask[]): {steps: SyncStep[]; syncFail: SyncTask[]; multiStep: boolean} {
	const first = tasks[0];
	const last = tasks.at(-1);
	const multiStep = first !== undefined && last !== undefined && (first.phase !== last.phase || first.wave !== last.wave);
	const steps: SyncStep[] = [];
	for (const candidate of tasks) {
		if (candidate.phase === 'SyncFail' || (candidate.action === 'apply' && candidate.skip !== undefined)) continue;
		const step = steps.at(-1);
		if (step && step.phase === candidate.phase && step.wave === candidate.wave) step.tasks.push(candidate);
		else steps.push({phase: candidate.phase, wave: candidate.wave, tasks: [candidate]});
	}
	return {steps, syncFail: tasks.filter(candidate => candidate.phase === 'SyncFail'), multiStep};
}

/** Whether an object's `argocd.argoproj.io/sync-options` has `option` (e.g. 'PruneLast=true'). */
export function hasSyncOption(object: KubeObject, option: string): boolean {
	const raw = object.metadata.annotations?.['argocd.argoproj.io/sync-options'] ?? '';
	return raw.split(',').some(value => value.trim() === option);
}

function task(action: SyncTask['action'], phase: SyncPhase, wave: number, object: KubeObject, skip?: string): SyncTask {
	return {action, phase, wave, object, name: displayKey(resourceKeyOf(object)), deletePolicies: [], ...(skip === undefined ? {} : {skip})};
}

/** Prunes go in reverse wave order: the waves prunes use are swapped end for end (Argo CD's symmetric swap). */
function reversePruneWaves(prunes: SyncTask[]): void {
	const waves = [...new Set(prunes.map(prune => prune.wave))].sort((a, b) => a - b);
	const swapped = new Map(waves.map((wave, index) => [wave, waves[waves.length - 1 - index] as number]));
	for (const prune of prunes) prune.wave = swapped.get(prune.wave) ?? prune.wave;
}
