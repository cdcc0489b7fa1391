/**
 * Argo Rollouts actions against the real API server with our Rollout CRD installed (no Rollouts
 * controller runs, so what we read back is exactly what the patches did). Only the server can tell
 * that status goes through /status and spec through the object, and that merge patches with null
 * delete what they should.
 */
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {Discovery} from '../../source/cluster/discovery.js';
import {connect} from '../../source/cluster/kube-connection.js';
import {KubeRest} from '../../source/cluster/kube-rest.js';
import {KubeRolloutPatcher} from '../../source/cluster/rollout-patcher.js';
import {readControlPlaneState} from '../../source/control-plane/control-plane.js';
import {DriftwatchError} from '../../source/core/errors.js';
import {abortRollout, pauseRollout, promoteRollout, resumeRollout} from '../../source/engine/rollout-actions.js';
import {controlPlaneDir, createNamespace, deleteNamespace, kubeconfig, kubectl, kubectlJson} from './support/cluster.js';

interface Rollout {
	spec: {paused?: boolean};
	status?: Record<string, unknown>;
}

const crd = path.resolve('fixtures/crds/rollout-crd.yaml');
const example = path.resolve('fixtures/crds/rollout-example.yaml');
let namespace = '';
let patcher: KubeRolloutPatcher;

const patcherFor = (context: string) => {
	const rest = new KubeRest(connect({kubeconfig: kubeconfig(), context}));
	return new KubeRolloutPatcher(rest, new Discovery(rest));
};
const ref = () => ({namespace, name: 'web'});
const read = () => kubectlJson<Rollout>(['get', 'rollouts.argoproj.io', 'web', '-n', namespace]);
/** Sets status as the Rollouts controller would, through the status subresource. */
const setStatus = (status: Record<string, unknown>) =>
	kubectl([
		'patch',
		'rollouts.argoproj.io',
		'web',
		'-n',
		namespace,
		'--subresource=status',
		'--type=merge',
		'-p',
		JSON.stringify({status}),
	]);

beforeAll(async () => {
	// Cluster-scoped and identical for every file that needs it: apply is idempotent.
	await kubectl(['apply', '-f', crd]);
	await kubectl(['wait', '--for=condition=Established', 'crd/rollouts.argoproj.io', '--timeout=60s']);
	namespace = await createNamespace('rollouts');
	await kubectl(['apply', '-n', namespace, '-f', example]);
	patcher = patcherFor('driftwatch-admin');
});
afterAll(async () => deleteNamespace(namespace));

describe('Argo Rollouts actions on the real API server', () => {
	it('pauses and resumes through spec.paused', async () => {
		const paused = await pauseRollout(patcher, ref());
		expect(paused.rollout['spec']).toMatchObject({paused: true});
		expect((await read()).spec.paused).toBe(true);
		await resumeRollout(patcher, ref());
		expect((await read()).spec.paused).toBe(false);
	});

	it('promotes a canary paused at a pause step: clears the pause condition and unpauses', async () => {
		await pauseRollout(patcher, ref());
		await setStatus({
			currentStepIndex: 1,
			currentPodHash: 'new',
			stableRS: 'old',
			pauseConditions: [{reason: 'CanaryPauseStep', startTime: '2025-01-02T03:04:05Z'}],
		});
		const result = await promoteRollout(patcher, ref());
		expect(result.patches.map(patch => patch.target)).toEqual(['status', 'spec']);
		const live = await read();
		expect(live.spec.paused).toBe(false);
		expect(live.status).not.toHaveProperty('pauseConditions');
		// Clearing the condition is the whole promotion; the controller advances the step itself.
		expect(live.status?.['currentStepIndex']).toBe(1);
	});

	it('promotes out of a step that has no pause condition by advancing the step index', async () => {
		await promoteRollout(patcher, ref());
		expect((await read()).status?.['currentStepIndex']).toBe(2);
	});

	it('fully promotes a Rollout mid-update with status.promoteFull', async () => {
		await promoteRollout(patcher, ref(), {full: true});
		expect((await read()).status?.['promoteFull']).toBe(true);
	});

	it('aborts with status.abort on the status subresource', async () => {
		const result = await abortRollout(patcher, ref());
		expect(result.patches).toEqual([{target: 'status', patch: {status: {abort: true}}, fallback: {status: {abort: true}}}]);
		const live = await read();
		expect(live.status?.['abort']).toBe(true);
		// Nothing else in status was lost by the merge patch.
		expect(live.status?.['stableRS']).toBe('old');
	});

	it('shows why the status subresource matters: status sent to the object itself is dropped', async () => {
		await patcher.patch(ref(), {status: {abort: false}}, 'merge');
		expect((await read()).status?.['abort']).toBe(true);
	});

	it('reports a missing Rollout as not-found', async () => {
		const failure = await promoteRollout(patcher, {namespace, name: 'absent'}).catch((error: unknown) => error);
		expect(failure).toBeInstanceOf(DriftwatchError);
		expect((failure as DriftwatchError).code).toBe('not-found');
		await expect(abortRollout(patcher, {namespace, name: 'absent'})).rejects.toMatchObject({code: 'not-found'});
	});

	it('reports a user without rights on Rollouts as forbidden', async () => {
		const state = await readControlPlaneState(controlPlaneDir());
		const restricted = patcherFor(state.restrictedContext);
		await expect(pauseRollout(restricted, ref())).rejects.toMatchObject({code: 'forbidden'});
		expect((await read()).spec.paused).toBe(false);
	});
});
