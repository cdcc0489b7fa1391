/**
 * Argo Rollouts actions (promote, abort, pause, resume) as the `kubectl argo rollouts` plugin does
 * them: JSON merge patches, status first on the status subresource. driftwatch needs no Rollouts
 * client library and works against any cluster that serves the Rollout CRD; the controller does
 * the rest. Which patches a promote sends is decided by the pure `planPromote`.
 */
import {DriftwatchError} from '../core/errors.js';
import {isRecord, type JsonRecord} from '../core/json-value.js';
import type {KubeObject} from '../core/kube-object.js';
import type {MergePatch, RolloutPatcher, RolloutRef} from '../ports/rollouts.js';

/** One patch to send; `fallback` goes to the main resource if the status subresource is missing. */
export interface PlannedPatch {
	target: 'status' | 'spec';
	patch: MergePatch;
	fallback?: MergePatch;
}

export interface RolloutActionResult {
	/** The Rollout as the last patch returned it (or as read, when nothing needed patching). */
	rollout: KubeObject;
	/** What was sent, in order, for the audit log; empty when there was nothing to do. */
	patches: PlannedPatch[];
}

const unpause: MergePatch = {spec: {paused: false}};

/**
 * The patches of `promote` (or `promote --full`) for a Rollout as it is now:
 * - full: `status.promoteFull: true`, unless the current pod hash already is the stable one;
 * - otherwise: `spec.paused: false` if paused, and either clear `status.pauseConditions` (when
 *   paused at a pause step) or, for a canary with steps, clear them and advance
 *   `status.currentStepIndex` by one (promoting out of an analysis or experiment step), never both.
 * Pure.
 */
export function planPromote(rollout: KubeObject, options: {full?: boolean} = {}): PlannedPatch[] {
	const spec = isRecord(rollout['spec']) ? rollout['spec'] : {};
	const status = isRecord(rollout['status']) ? rollout['status'] : {};
	if (options.full) {
		if (status['currentPodHash'] === status['stableRS']) return [];
		const patch = {status: {promoteFull: true}};
		return [{target: 'status', patch, fallback: patch}];
	}
	const planned: PlannedPatch[] = [];
	const pauseConditions = status['pauseConditions'];
	const steps = canarySteps(spec);
	if (Array.isArray(pauseConditions) && pauseConditions.length > 0) {
		planned.push({
			target: 'status',
			patch: {status: {pauseConditions: null}},
			fallback: {spec: {paused: false}, status: {pauseConditions: null}},
		});
	} else if (steps !== undefined && steps.length > 0) {
		const current = typeof status['currentStepIndex'] === 'number' ? status['currentStepIndex'] : 0;
		const next = current < steps.length ? current + 1 : current;
		planned.push({
			target: 'status',
			patch: {status: {pauseConditions: null, currentStepIndex: next}},
			fallback: {spec: {paused: false}, status: {pauseConditions: null, currentStepIndex: next}},
		});
	}
	// Status before spec, as the plugin does: the controller must not see an unpaused Rollout that
	// still carries the pause condition it was unpaused from.
	if (spec['paused'] === true) planned.push({target: 'spec', patch: unpause});
	return planned;
}

function canarySteps(spec: JsonRecord): unknown[] | undefined {
	const strategy = spec['strategy'];
	if (!isRecord(strategy) || !isRecord(strategy['canary'])) return undefined;
	const steps = strategy['canary']['steps'];
	return Array.isArray(steps) ? steps : undefined;
}

/** Promotes a paused Rollout to its next step, or with `full` past all steps, pauses and analysis. */
export async function promoteRollout(
	cluster: RolloutPatcher,
	ref: RolloutRef,
	options: {full?: boolean} = {},
): Promise<RolloutActionResult> {
	const rollout = await cluster.get(ref);
	if (!rollout) throw missing(ref);
	return send(cluster, ref, rollout, planPromote(rollout, options));
}

/** Aborts a Rollout: traffic and scale go back to the stable ReplicaSet (`status.abort: true`). */
export async function abortRollout(cluster: RolloutPatcher, ref: RolloutRef): Promise<RolloutActionResult> {
	const patch = {status: {abort: true}};
	return send(cluster, ref, undefined, [{target: 'status', patch, fallback: patch}]);
}

/** Pauses a Rollout (`spec.paused: true`). */
export async function pauseRollout(cluster: RolloutPatcher, ref: RolloutRef): Promise<RolloutActionResult> {
	return send(cluster, ref, undefined, [{target: 'spec', patch: {spec: {paused: true}}}]);
}

/** Resumes a Rollout paused with pause (`spec.paused: false`); pause steps need promote instead. */
export async function resumeRollout(cluster: RolloutPatcher, ref: RolloutRef): Promise<RolloutActionResult> {
	return send(cluster, ref, undefined, [{target: 'spec', patch: unpause}]);
}

async function send(
	cluster: RolloutPatcher,
	ref: RolloutRef,
	initial: KubeObject | undefined,
	planned: PlannedPatch[],
): Promise<RolloutActionResult> {
	let rollout = initial;
	const sent: PlannedPatch[] = [];
	for (const step of planned) {
		if (step.target === 'spec') {
			rollout = await cluster.patch(ref, step.patch, 'merge');
			sent.push(step);
			continue;
		}
		try {
			rollout = await cluster.patchStatus(ref, step.patch, 'merge');
			sent.push(step);
		} catch (error) {
			if (!(error instanceof DriftwatchError && error.code === 'not-found') || !step.fallback) throw error;
			// No status subresource: status lives in the object itself, so one unified patch does it.
			rollout = await cluster.patch(ref, step.fallback, 'merge');
			sent.push({target: 'spec', patch: step.fallback});
			// The unified patch already unpaused; the separate spec patch would be redundant.
			return {rollout, patches: sent};
		}
	}
	if (!rollout) throw missing(ref);
	return {rollout, patches: sent};
}

function missing(ref: RolloutRef): DriftwatchError {
	return new DriftwatchError('not-found', `Rollout ${ref.namespace}/${ref.name} not found`, {
		hint: 'check the name and namespace, and that the Argo Rollouts CRD is installed',
	});
}
