/**
 * The lab's exercises: each human step makes the request or commit a person would (checked on
 * fakes of the lab's ports), and each check ticks only when the engine's snapshot shows the
 * expected outcome (checked on AppView fixtures).
 */
import {describe, expect, it} from 'vitest';
import type {AppView} from '../../../source/engine/engine-state.js';
import type {ExerciseStep, StepContext, StepOutcome} from '../../../source/lab/exercise-types.js';
import {exercises} from '../../../source/lab/exercises.js';
import {type Observations, observe, startObserving} from '../../../source/lab/observations.js';
import {FakeCluster, FakeEngine, FakeGit} from './support/fake-ports.js';
import {demoObjects, event, namespace, object, view} from './support/views.js';

const start = '2026-01-01T00:00:10.000Z';
const later = '2026-01-01T00:00:11.000Z';

function step(exerciseId: string, index = 0): ExerciseStep {
	const found = exercises.find(exercise => exercise.id === exerciseId)?.steps[index];
	if (!found) throw new Error(`no step ${index} in ${exerciseId}`);
	return found;
}

function context(current: AppView = view()) {
	const cluster = new FakeCluster();
	const git = new FakeGit();
	const engine = new FakeEngine();
	const stepContext: StepContext = {app: 'counter', namespace, cluster, git, engine, view: () => current};
	return {cluster, git, engine, stepContext};
}

async function run(exerciseId: string, index = 0, current?: AppView) {
	const fakes = context(current);
	const result = await step(exerciseId, index).run(fakes.stepContext);
	return {...fakes, outcome: {...result, at: start} satisfies StepOutcome};
}

/** Observations over a series of snapshots, and the step's verdict on the last one. */
function verdict(target: ExerciseStep, outcome: StepOutcome, views: AppView[]): boolean {
	let observed: Observations = startObserving(outcome.at);
	for (const snapshot of views) observed = observe(observed, snapshot);
	const last = views.at(-1);
	return last ? target.done({view: last, observed, outcome}) : false;
}

describe('the exercise list', () => {
	it('is the GitOps self-healing lab, in order, each step saying what to do and what to expect', () => {
		expect(exercises.map(exercise => exercise.id)).toEqual([
			'delete-pod',
			'scale-reverted',
			'image-reverted',
			'bad-tag',
			'manual-sync',
			'prune',
			'service-recreated',
			'read-only-403',
			'rollback',
		]);
		for (const exercise of exercises) {
			for (const each of exercise.steps) {
				expect(each.do({namespace}).length, `${exercise.id}/${each.id}`).toBeGreaterThan(10);
				expect(each.expect.length, `${exercise.id}/${each.id}`).toBeGreaterThan(10);
			}
		}
		expect(step('scale-reverted').do({namespace})).toBe('kubectl -n counter scale deployment web --replicas=5');
	});
});

describe('delete a pod', () => {
	it('deletes one pod that is not already going, and remembers which pods there were', async () => {
		const {cluster, outcome} = await run('delete-pod');
		expect(cluster.calls).toEqual(['list pods counter app.kubernetes.io/name=web', 'delete pod counter/web-5d8f-bbbbb']);
		expect(outcome).toMatchObject({ok: true, facts: {pod: 'web-5d8f-bbbbb', before: 'web-5d8f-aaaaa,web-5d8f-bbbbb'}});
	});

	it('ticks when the deleted pod is gone, a new pod reached Running and the app is Healthy', async () => {
		const {outcome} = await run('delete-pod');
		const target = step('delete-pod');
		const terminating = view({
			health: 'Progressing',
			pods: {'web-5d8f-aaaaa': 'Running', 'web-5d8f-bbbbb': 'Terminating', 'web-5d8f-ccccc': 'Pending'},
		});
		const creating = view({health: 'Progressing', pods: {'web-5d8f-aaaaa': 'Running', 'web-5d8f-ccccc': 'ContainerCreating'}});
		const running = view({pods: {'web-5d8f-aaaaa': 'Running', 'web-5d8f-ccccc': 'Running'}});
		expect(verdict(target, outcome, [terminating, creating])).toBe(false);
		expect(verdict(target, outcome, [terminating, creating, running])).toBe(true);
		// The old pods running is not a replacement.
		expect(verdict(target, outcome, [view({pods: {'web-5d8f-aaaaa': 'Running'}})])).toBe(false);
	});

	it('fails in words when there is no pod to delete', async () => {
		const fakes = context();
		fakes.cluster.pods = [];
		expect(await step('delete-pod').run(fakes.stepContext)).toEqual({ok: false, message: 'no web pod to delete in counter', facts: {}});
	});
});

describe('scale and image by hand', () => {
	it('scale: the scale subresource, 5 replicas; set image: the hot-fix tag', async () => {
		expect((await run('scale-reverted')).cluster.calls).toEqual(['scale counter/web 5']);
		expect((await run('image-reverted')).cluster.calls).toEqual([
			'set image counter/web web=registry.example/driftwatch/flask-counter:1.0.1-hotfix',
		]);
	});

	it('tick on the healed entry for the web Deployment once it is Synced again, not on drift alone', async () => {
		const {outcome} = await run('scale-reverted');
		const drifted = view({
			syncStatus: 'OutOfSync',
			objects: demoObjects().map(each =>
				each.key.kind === 'Deployment' && each.key.name === 'web' ? {...each, syncStatus: 'OutOfSync', drift: 'modified'} : each,
			),
			timeline: [event('drift-detected', later, 'Deployment/counter/web')],
		});
		const healed = view({
			timeline: [event('healed', later, 'Deployment/counter/web'), event('drift-detected', later, 'Deployment/counter/web')],
		});
		const healedBefore = view({timeline: [event('healed', '2026-01-01T00:00:09.000Z', 'Deployment/counter/web')]});
		const otherObject = view({timeline: [event('healed', later, 'Deployment/counter/redis')]});
		expect(verdict(step('scale-reverted'), outcome, [drifted])).toBe(false);
		expect(verdict(step('scale-reverted'), outcome, [drifted, healed])).toBe(true);
		expect(verdict(step('image-reverted'), outcome, [healed])).toBe(true);
		expect(verdict(step('scale-reverted'), outcome, [healedBefore])).toBe(false);
		expect(verdict(step('scale-reverted'), outcome, [otherObject])).toBe(false);
	});
});

describe('a bad tag in Git', () => {
	it('pulls, sets web.image.tag in the dev values (comments kept), commits and pushes', async () => {
		const {git, outcome} = await run('bad-tag');
		expect(await git.read('chart/values-dev.yaml')).toBe(
			'# The dev environment (the lab deploys this one).\nweb:\n  replicas: 2\n  greeting: Hello from dev\n  image:\n    tag: 1.1.0-does-not-exist\n',
		);
		expect(git.log).toEqual(['pull', 'commit web: image 1.1.0-does-not-exist']);
		expect(outcome).toMatchObject({
			ok: true,
			message: 'pushed 0000000 web: image 1.1.0-does-not-exist',
			facts: {sha: '1'.padStart(40, '0')},
		});
	});

	it('ticks at the pushed revision once a pod was in ImagePullBackOff and the app Degraded', async () => {
		const {outcome} = await run('bad-tag');
		const sha = outcome.facts['sha'];
		const target = step('bad-tag');
		const failing = view({sha, health: 'Degraded', pods: {'web-5d8f-aaaaa': 'Running', 'web-7c1a-ddddd': 'ImagePullBackOff'}});
		expect(verdict(target, outcome, [failing])).toBe(true);
		expect(verdict(target, outcome, [view({health: 'Degraded', pods: {'web-7c1a-ddddd': 'ImagePullBackOff'}})])).toBe(false);
		expect(verdict(target, outcome, [view({sha, health: 'Progressing', pods: {'web-7c1a-ddddd': 'ContainerCreating'}})])).toBe(false);
	});

	it('the fix is a revert commit; it ticks when nothing is in ImagePullBackOff any more', async () => {
		const {git, outcome} = await run('bad-tag', 1);
		expect(git.log).toEqual(['pull', 'revert HEAD', 'commit Revert "HEAD"']);
		const sha = outcome.facts['sha'];
		expect(
			verdict(step('bad-tag', 1), outcome, [view({sha, pods: {'web-5d8f-aaaaa': 'Running', 'web-7c1a-ddddd': 'ImagePullBackOff'}})]),
		).toBe(false);
		expect(verdict(step('bad-tag', 1), outcome, [view({sha})])).toBe(true);
	});
});

describe('manual sync', () => {
	it('turns auto-sync off before pushing 3 replicas, then syncs, then turns it on', async () => {
		const off = await run('manual-sync', 0);
		expect(off.engine.calls).toEqual(['policy counter {"autoSync":false}']);
		expect(await off.git.read('chart/values-dev.yaml')).toContain('replicas: 3');
		const sync = await run('manual-sync', 1);
		expect(sync.engine.calls).toEqual(['sync counter']);
		expect(sync.outcome.facts).toEqual({sha: 'a'.repeat(40)});
		expect((await run('manual-sync', 2)).engine.calls).toEqual(['policy counter {"autoSync":true}']);
	});

	it('ticks: OutOfSync at the new commit with auto-sync off; Synced after a sync; auto-sync on', async () => {
		const off = await run('manual-sync', 0);
		const sha = off.outcome.facts['sha'];
		expect(verdict(step('manual-sync', 0), off.outcome, [view({sha, syncStatus: 'OutOfSync', autoSync: false})])).toBe(true);
		expect(verdict(step('manual-sync', 0), off.outcome, [view({sha, syncStatus: 'Synced', autoSync: false})])).toBe(false);
		const sync = await run('manual-sync', 1);
		expect(verdict(step('manual-sync', 1), sync.outcome, [view({autoSync: false})])).toBe(false);
		expect(verdict(step('manual-sync', 1), sync.outcome, [view({autoSync: false, timeline: [event('synced', later, 'auto-sync')]})])).toBe(
			false,
		);
		expect(verdict(step('manual-sync', 1), sync.outcome, [view({autoSync: false, timeline: [event('synced', later)]})])).toBe(true);
		expect(verdict(step('manual-sync', 2), sync.outcome, [view({autoSync: true})])).toBe(true);
	});
});

describe('prune', () => {
	it('git rm of the ConfigMap template, pushed; restored by a revert', async () => {
		const removed = await run('prune', 0);
		expect(removed.git.log).toEqual(['pull', 'rm chart/templates/web-configmap.yaml', 'commit remove the web-config ConfigMap']);
		const restored = await run('prune', 1);
		expect(restored.git.log).toEqual(['pull', 'revert HEAD', 'commit Revert "HEAD"']);
	});

	it('ticks when the pruned entry names the ConfigMap and it is gone; then when it is back and Synced', async () => {
		const {outcome} = await run('prune', 0);
		const sha = outcome.facts['sha'];
		const without = demoObjects().filter(each => each.key.kind !== 'ConfigMap');
		expect(
			verdict(step('prune', 0), outcome, [
				view({sha, objects: without, timeline: [event('pruned', later, 'ConfigMap/counter/web-config')]}),
			]),
		).toBe(true);
		expect(verdict(step('prune', 0), outcome, [view({sha, timeline: [event('pruned', later, 'ConfigMap/counter/web-config')]})])).toBe(
			false,
		);
		expect(verdict(step('prune', 0), outcome, [view({sha, objects: without})])).toBe(false);
		expect(verdict(step('prune', 1), outcome, [view({sha})])).toBe(true);
		expect(verdict(step('prune', 1), outcome, [view({sha, objects: without})])).toBe(false);
	});
});

describe('delete the Service', () => {
	it('deletes Service web as lab-user and ticks when it was healed (or seen missing) and is Synced again', async () => {
		const {cluster, outcome} = await run('service-recreated');
		expect(cluster.calls).toEqual(['delete service counter/web']);
		const missing = view({
			syncStatus: 'OutOfSync',
			objects: demoObjects().map(each =>
				each.key.kind === 'Service' && each.key.name === 'web'
					? object('Service', 'web', {syncStatus: 'OutOfSync', drift: 'missing'})
					: each,
			),
		});
		expect(verdict(step('service-recreated'), outcome, [missing])).toBe(false);
		expect(verdict(step('service-recreated'), outcome, [missing, view()])).toBe(true);
		expect(verdict(step('service-recreated'), outcome, [view({timeline: [event('healed', later, 'Service/counter/web')]})])).toBe(true);
		expect(verdict(step('service-recreated'), outcome, [view()])).toBe(false);
	});
});

describe('the read-only user', () => {
	it("reports the API server's 403 as the step's outcome, and ticks on it", async () => {
		const {cluster, outcome} = await run('read-only-403');
		expect(cluster.calls).toEqual(['apply as read-only counter/web 2']);
		expect(outcome).toMatchObject({ok: true, facts: {code: 'forbidden'}});
		expect(outcome.message).toContain('User "restricted" cannot patch resource "deployments"');
		expect(verdict(step('read-only-403'), outcome, [view()])).toBe(true);
	});

	it('is a failed step when the write is allowed', async () => {
		const fakes = context();
		fakes.cluster.readOnlyAllowed = true;
		const result = await step('read-only-403').run(fakes.stepContext);
		expect(result).toEqual({ok: false, message: 'the read-only user was allowed to write: check its RBAC binding', facts: {}});
	});
});

describe('rollback', () => {
	const history = [
		{id: 4, revision: 'd'.repeat(40), subject: 'restore', time: later, initiatedBy: 'auto-sync'},
		{id: 3, revision: 'c'.repeat(40), subject: 'rm', time: later, initiatedBy: 'auto-sync'},
		{id: 1, revision: 'a'.repeat(40), subject: 'initial', time: later, initiatedBy: 'auto-sync'},
	];

	it('rolls back to the oldest sync kept (the initial deploy)', async () => {
		const {engine, outcome} = await run('rollback', 0, view({history}));
		expect(engine.calls).toEqual(['rollback counter 1']);
		expect(outcome.facts).toEqual({sha: 'a'.repeat(40)});
	});

	it('says so when there is no earlier sync', async () => {
		const {engine, outcome} = await run('rollback', 0, view({history: history.slice(0, 1)}));
		expect(engine.calls).toEqual([]);
		expect(outcome.ok).toBe(false);
	});

	it('ticks on the rolled-back entry with auto-sync off; then on auto-sync on and Synced', async () => {
		const {outcome} = await run('rollback', 0, view({history}));
		expect(verdict(step('rollback', 0), outcome, [view({autoSync: false, timeline: [event('rolled-back', later)]})])).toBe(true);
		expect(verdict(step('rollback', 0), outcome, [view({autoSync: false, timeline: [event('rolled-back', later, 'd'.repeat(40))]})])).toBe(
			false,
		);
		expect(verdict(step('rollback', 0), outcome, [view({autoSync: true, timeline: [event('rolled-back', later)]})])).toBe(false);
		expect(verdict(step('rollback', 1), outcome, [view({autoSync: true, syncStatus: 'OutOfSync'})])).toBe(false);
		expect(verdict(step('rollback', 1), outcome, [view({autoSync: true})])).toBe(true);
	});
});
