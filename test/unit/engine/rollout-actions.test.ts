import {describe, expect, it} from 'vitest';
import {DriftwatchError} from '../../../source/core/errors.js';
import type {KubeObject} from '../../../source/core/kube-object.js';
import type {MergePatch, RolloutPatcher, RolloutRef} from '../../../source/ports/rollouts.js';
import {abortRollout, pauseRollout, planPromote, promoteRollout, resumeRollout} from '../../../source/engine/rollout-actions.js';

const steps = [{setWeight: 20}, {pause: {}}, {setWeight: 50}, {pause: {duration: '30s'}}];

function rollout(spec: Record<string, unknown>, status: Record<string, unknown> = {}): KubeObject {
	return {apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: {name: 'web', namespace: 'demo'}, spec, status};
}
const canary = (extra: Record<string, unknown> = {}) => ({strategy: {canary: {steps}}, ...extra});
const pausedAtStep = [{reason: 'CanaryPauseStep', startTime: '2025-01-02T03:04:05Z'}];

describe('planPromote', () => {
	it.each([
		[
			'a canary paused at a pause step',
			rollout(canary(), {currentStepIndex: 1, pauseConditions: pausedAtStep}),
			[{target: 'status', patch: {status: {pauseConditions: null}}, fallback: {spec: {paused: false}, status: {pauseConditions: null}}}],
		],
		[
			'a canary paused by the user too',
			rollout(canary({paused: true}), {currentStepIndex: 1, pauseConditions: pausedAtStep}),
			[
				{target: 'status', patch: {status: {pauseConditions: null}}, fallback: {spec: {paused: false}, status: {pauseConditions: null}}},
				{target: 'spec', patch: {spec: {paused: false}}},
			],
		],
		[
			'a canary in an analysis step (no pause condition)',
			rollout(canary(), {currentStepIndex: 2}),
			[
				{
					target: 'status',
					patch: {status: {pauseConditions: null, currentStepIndex: 3}},
					fallback: {spec: {paused: false}, status: {pauseConditions: null, currentStepIndex: 3}},
				},
			],
		],
		[
			'a canary without a step index yet (step 0)',
			rollout(canary()),
			[
				{
					target: 'status',
					patch: {status: {pauseConditions: null, currentStepIndex: 1}},
					fallback: {spec: {paused: false}, status: {pauseConditions: null, currentStepIndex: 1}},
				},
			],
		],
		[
			'a canary past its last step (index stays)',
			rollout(canary(), {currentStepIndex: 4}),
			[
				{
					target: 'status',
					patch: {status: {pauseConditions: null, currentStepIndex: 4}},
					fallback: {spec: {paused: false}, status: {pauseConditions: null, currentStepIndex: 4}},
				},
			],
		],
		[
			'a canary without steps, paused by the user',
			rollout({strategy: {canary: {}}, paused: true}),
			[{target: 'spec', patch: {spec: {paused: false}}}],
		],
		[
			'a blue-green paused before promotion',
			rollout({strategy: {blueGreen: {activeService: 'web'}}}, {pauseConditions: [{reason: 'BlueGreenPause'}]}),
			[{target: 'status', patch: {status: {pauseConditions: null}}, fallback: {spec: {paused: false}, status: {pauseConditions: null}}}],
		],
		['a blue-green that is not paused', rollout({strategy: {blueGreen: {activeService: 'web'}}}), []],
	])('promotes %s', (_label, object, expected) => {
		expect(planPromote(object)).toEqual(expected);
	});

	it.each([
		[
			'a Rollout mid-update',
			rollout(canary(), {currentPodHash: 'new', stableRS: 'old'}),
			[{target: 'status', patch: {status: {promoteFull: true}}, fallback: {status: {promoteFull: true}}}],
		],
		['a Rollout already on its stable version', rollout(canary(), {currentPodHash: 'same', stableRS: 'same'}), []],
	])('fully promotes %s', (_label, object, expected) => {
		expect(planPromote(object, {full: true})).toEqual(expected);
	});
});

interface Call {
	method: 'patch' | 'patchStatus';
	patch: MergePatch;
}

/** A RolloutPatcher over one in-memory object; `statusSubresource: false` answers /status with 404. */
function fakeCluster(initial: KubeObject | undefined, options: {statusSubresource?: boolean} = {}) {
	let object = initial && structuredClone(initial);
	const calls: Call[] = [];
	const notFound = () => new DriftwatchError('not-found', 'the server could not find the requested resource');
	// Enough of RFC 7386 for these patches: null deletes, objects merge, anything else replaces.
	const merge = (target: Record<string, unknown>, patch: Record<string, unknown>): Record<string, unknown> => {
		const result = {...target};
		for (const [key, value] of Object.entries(patch)) {
			if (value === null) delete result[key];
			else if (typeof value === 'object' && !Array.isArray(value))
				result[key] = merge((result[key] ?? {}) as Record<string, unknown>, value as Record<string, unknown>);
			else result[key] = value;
		}
		return result;
	};
	const cluster: RolloutPatcher = {
		get: async (_ref: RolloutRef) => object && structuredClone(object),
		async patch(_ref, patch) {
			calls.push({method: 'patch', patch});
			if (!object) throw notFound();
			object = merge(object, patch) as KubeObject;
			return structuredClone(object);
		},
		async patchStatus(_ref, patch) {
			calls.push({method: 'patchStatus', patch});
			if (!object || options.statusSubresource === false) throw notFound();
			object = merge(object, {status: (patch as {status: unknown}).status}) as KubeObject;
			return structuredClone(object);
		},
	};
	return {cluster, calls, current: () => object};
}

const ref = {namespace: 'demo', name: 'web'};

describe('rollout actions', () => {
	it('promotes with a status patch first, then the spec patch', async () => {
		const {cluster, calls, current} = fakeCluster(rollout(canary({paused: true}), {currentStepIndex: 1, pauseConditions: pausedAtStep}));
		const result = await promoteRollout(cluster, ref);
		expect(calls.map(call => call.method)).toEqual(['patchStatus', 'patch']);
		expect(result.rollout).toEqual(current());
		expect(current()?.['spec']).toMatchObject({paused: false});
		expect(current()?.['status']).toEqual({currentStepIndex: 1});
	});

	it('falls back to one unified patch when there is no status subresource', async () => {
		const {cluster, calls, current} = fakeCluster(rollout(canary({paused: true}), {currentStepIndex: 1, pauseConditions: pausedAtStep}), {
			statusSubresource: false,
		});
		const result = await promoteRollout(cluster, ref);
		expect(calls).toEqual([
			{method: 'patchStatus', patch: {status: {pauseConditions: null}}},
			{method: 'patch', patch: {spec: {paused: false}, status: {pauseConditions: null}}},
		]);
		expect(result.patches).toEqual([{target: 'spec', patch: {spec: {paused: false}, status: {pauseConditions: null}}}]);
		expect(current()?.['status']).toEqual({currentStepIndex: 1});
	});

	it('sends nothing when a full promotion has nothing left to do', async () => {
		const {cluster, calls} = fakeCluster(rollout(canary(), {currentPodHash: 'a', stableRS: 'a'}));
		const result = await promoteRollout(cluster, ref, {full: true});
		expect(calls).toEqual([]);
		expect(result.patches).toEqual([]);
		expect(result.rollout.metadata.name).toBe('web');
	});

	it('aborts through the status subresource, or the object without one', async () => {
		const withStatus = fakeCluster(rollout(canary()));
		await abortRollout(withStatus.cluster, ref);
		expect(withStatus.calls).toEqual([{method: 'patchStatus', patch: {status: {abort: true}}}]);
		const without = fakeCluster(rollout(canary()), {statusSubresource: false});
		const result = await abortRollout(without.cluster, ref);
		expect(without.calls.map(call => call.method)).toEqual(['patchStatus', 'patch']);
		expect(result.rollout['status']).toEqual({abort: true});
	});

	it('pauses and resumes through spec.paused', async () => {
		const {cluster, calls} = fakeCluster(rollout(canary()));
		expect((await pauseRollout(cluster, ref)).rollout['spec']).toMatchObject({paused: true});
		expect((await resumeRollout(cluster, ref)).rollout['spec']).toMatchObject({paused: false});
		expect(calls).toEqual([
			{method: 'patch', patch: {spec: {paused: true}}},
			{method: 'patch', patch: {spec: {paused: false}}},
		]);
	});

	it.each([
		['promote', (cluster: RolloutPatcher) => promoteRollout(cluster, ref)],
		['abort', (cluster: RolloutPatcher) => abortRollout(cluster, ref)],
		['pause', (cluster: RolloutPatcher) => pauseRollout(cluster, ref)],
	])('%s of a missing Rollout fails with not-found', async (_label, action) => {
		const failure = await action(fakeCluster(undefined).cluster).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(DriftwatchError);
		expect((failure as DriftwatchError).code).toBe('not-found');
	});

	it('does not swallow other errors of the status patch', async () => {
		const {cluster} = fakeCluster(rollout(canary()));
		cluster.patchStatus = async () => {
			throw new DriftwatchError('forbidden', 'cannot patch rollouts/status');
		};
		await expect(abortRollout(cluster, ref)).rejects.toThrow('cannot patch rollouts/status');
	});
});
