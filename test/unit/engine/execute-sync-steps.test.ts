/**
 * The executor's steps on fake ports, as Argo CD runs a sync: waves wait for health, hooks run to
 * completion in their phase, a failure runs the SyncFail hooks, hook-delete-policy is honoured,
 * and requests run in parallel within a kind group, never across. Live states come from a script
 * (what each look at an object sees), so the order of requests and looks is the test's record.
 */
import {describe, expect, it} from 'vitest';
import {DriftwatchError} from '../../../source/core/errors.js';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {executeSync, type ExecuteSyncDeps} from '../../../source/engine/execute-sync.js';
import {FakeCluster} from './support/fake-cluster.js';
import {object} from '../support/objects.js';
import {type PlanFields, syncPlanOf} from './support/sync-plans.js';

const progressing = {metadata: {generation: 2}, status: {observedGeneration: 1}};
const healthy = {
	metadata: {generation: 2},
	spec: {replicas: 1},
	status: {observedGeneration: 2, replicas: 1, updatedReplicas: 1, availableReplicas: 1},
};
const degraded = {
	metadata: {generation: 2},
	status: {observedGeneration: 2, conditions: [{type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded'}]},
};
const jobRunning = {status: {active: 1}};
const jobComplete = {status: {conditions: [{type: 'Complete', status: 'True'}]}};
const jobFailed = {status: {conditions: [{type: 'Failed', status: 'True', message: 'Job has reached the specified backoff limit'}]}};

type Look = Record<string, unknown> | 'gone';

/** What each look at an object (by name) sees, in turn; the last one repeats. Every request and look goes to `log`. */
class Script {
	readonly log: string[] = [];
	constructor(
		private readonly cluster: FakeCluster,
		private readonly looks: Record<string, Look[]> = {},
	) {}

	observe: NonNullable<ExecuteSyncDeps['observe']> = async object => Promise.resolve(this.look(object));

	private look(object: KubeObject): KubeObject | undefined {
		const name = object.metadata.name;
		const queue = this.looks[name];
		const look = queue && queue.length > 1 ? queue.shift() : queue?.[0];
		const stored = this.cluster.stored(`${object.kind}/${object.metadata.namespace}/${name}`);
		if (look === 'gone' || (!look && !stored)) {
			this.log.push(`look ${name}: gone`);
			return undefined;
		}
		const live = merge(stored ?? object, look ?? {});
		this.log.push(`look ${name}`);
		return live;
	}

	requests(): string[] {
		return this.cluster.calls.filter(call => !call.dryRun).map(call => `${call.verb} ${call.object}`);
	}
}

function merge(base: KubeObject, look: Record<string, unknown>): KubeObject {
	const {metadata, ...rest} = look as {metadata?: Record<string, unknown>};
	return {...base, ...rest, metadata: {...base.metadata, ...metadata}};
}

async function run(plan: PlanFields, cluster: FakeCluster, script: Script, deps: Partial<ExecuteSyncDeps> = {}) {
	const messages: string[] = [];
	const outcome = await executeSync(syncPlanOf(plan), {
		cluster,
		readOnly: false,
		sleep: async () => {},
		observe: script.observe,
		progress: message => messages.push(message),
		...deps,
	});
	return {outcome, messages};
}

const hook = (name: string, phase: string, annotations: Record<string, string> = {}, kind = 'Job') =>
	object(kind, name, {annotations: {'argocd.argoproj.io/hook': phase, ...annotations}});

describe('executeSync: waves', () => {
	it('applies wave 1 only once wave 0 is healthy', async () => {
		const cluster = new FakeCluster();
		const script = new Script(cluster, {db: [progressing, progressing, healthy]});
		const {outcome, messages} = await run({apply: [object('Deployment', 'db'), object('Deployment', 'web', {wave: 1})]}, cluster, script);
		expect(outcome).toMatchObject({ok: true, phase: 'Succeeded', applied: ['Deployment/demo/db', 'Deployment/demo/web']});
		expect(cluster.calls.filter(call => !call.dryRun).map(call => call.object)).toEqual(['Deployment/demo/db', 'Deployment/demo/web']);
		expect(script.log).toEqual(['look db', 'look db', 'look db']);
		expect(messages).toEqual(['waiting for healthy state of apps/Deployment/db', 'waiting for healthy state of apps/Deployment/db']);
		// The last wave is not waited for (as in Argo CD: the sync succeeds even if it degrades later).
		expect(script.log).not.toContain('look web');
	});

	it('fails when a resource of an earlier wave is Degraded, and applies nothing after it', async () => {
		const cluster = new FakeCluster();
		const script = new Script(cluster, {db: [progressing, degraded]});
		const {outcome} = await run({apply: [object('Deployment', 'db'), object('Deployment', 'web', {wave: 1})]}, cluster, script);
		expect(outcome).toMatchObject({ok: false, phase: 'Failed', applied: ['Deployment/demo/db'], notApplied: ['Deployment/demo/web']});
		expect(outcome.errors).toEqual([
			{object: 'Deployment/demo/db', code: 'degraded', message: 'Deployment "db" exceeded its progress deadline'},
		]);
		expect(outcome.message).toMatch(/^sync failed after a successful dry run: Deployment\/demo\/db is Degraded: Deployment "db" exceeded/);
	});

	it('does not wait for kinds without health, nor in a sync of one step', async () => {
		const cluster = new FakeCluster();
		const script = new Script(cluster, {web: [progressing]});
		const waves = await run({apply: [object('ConfigMap', 'c'), object('Deployment', 'web', {wave: 1})]}, cluster, script);
		expect(waves.outcome.ok).toBe(true);
		const single = await run({apply: [object('ConfigMap', 'c'), object('Deployment', 'web')]}, new FakeCluster(), script);
		expect(single.outcome.ok).toBe(true);
		expect(script.log).toEqual([]);
	});

	it('waits for pruned objects to be gone before the next wave', async () => {
		const old = object('ConfigMap', 'old');
		const cluster = new FakeCluster([old]);
		const script = new Script(cluster, {old: [{metadata: {deletionTimestamp: '2025-03-01T10:00:00Z'}}, 'gone']});
		const {outcome, messages} = await run({apply: [object('ConfigMap', 'c', {wave: 1})], prune: [old]}, cluster, script);
		expect(outcome.ok).toBe(true);
		expect(script.requests()).toEqual(['delete ConfigMap/demo/old', 'apply ConfigMap/demo/c']);
		expect(messages).toEqual(['waiting for deletion of /ConfigMap/old']);
	});

	it('gives up after the wait limit with what it waited for', async () => {
		const cluster = new FakeCluster();
		const script = new Script(cluster, {db: [progressing]});
		const {outcome} = await run({apply: [object('Deployment', 'db'), object('Deployment', 'web', {wave: 1})]}, cluster, script, {
			waitTimeoutMs: 2_000,
		});
		expect(outcome.ok).toBe(false);
		expect(outcome.message).toMatch(
			/^sync failed after a successful dry run: timed out after 2 s waiting for healthy state of apps\/Deployment\/db/,
		);
		expect(outcome.notApplied).toEqual(['Deployment/demo/web']);
	});
});

describe('executeSync: hooks', () => {
	it('runs a PreSync hook to completion before the resources, and a PostSync hook after they are healthy', async () => {
		const cluster = new FakeCluster();
		const script = new Script(cluster, {migrate: [jobRunning, jobComplete], web: [progressing, healthy], smoke: [jobComplete]});
		const {outcome, messages} = await run(
			{apply: [object('Deployment', 'web')], hooks: [hook('migrate', 'PreSync'), hook('smoke', 'PostSync')]},
			cluster,
			script,
		);
		expect(outcome).toMatchObject({ok: true, applied: ['Deployment/demo/web'], message: 'synced: 1 applied, 0 pruned, 2 hook(s) run'});
		expect(script.requests()).toEqual(['apply Job/demo/migrate', 'apply Deployment/demo/web', 'apply Job/demo/smoke']);
		expect(script.log).toEqual(['look migrate', 'look migrate', 'look web', 'look web', 'look smoke']);
		expect(messages).toEqual(['waiting for completion of hook batch/Job/migrate', 'waiting for healthy state of apps/Deployment/web']);
		expect(outcome.hooks).toEqual([
			{object: 'Job/demo/migrate', phase: 'PreSync', state: 'Succeeded', message: '', deleted: false},
			{object: 'Job/demo/smoke', phase: 'PostSync', state: 'Succeeded', message: '', deleted: false},
		]);
	});

	it('deletes a named hook of an earlier sync before creating it again (BeforeHookCreation, the default)', async () => {
		const earlier = {...hook('migrate', 'PreSync'), metadata: {...hook('migrate', 'PreSync').metadata, uid: 'old-uid'}};
		const cluster = new FakeCluster([earlier]);
		const script = new Script(cluster, {migrate: [{metadata: {uid: 'old-uid'}}, 'gone', jobComplete]});
		const {outcome} = await run({apply: [object('ConfigMap', 'c')], hooks: [hook('migrate', 'PreSync')]}, cluster, script);
		expect(outcome.ok).toBe(true);
		expect(script.requests()).toEqual(['delete Job/demo/migrate', 'apply Job/demo/migrate', 'apply ConfigMap/demo/c']);
	});

	it('deletes hooks with HookSucceeded after a successful sync, and keeps the others', async () => {
		const cluster = new FakeCluster();
		const script = new Script(cluster, {a: [jobComplete], b: [jobComplete]});
		const {outcome} = await run(
			{
				hooks: [
					hook('a', 'PreSync', {'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded'}),
					hook('b', 'PreSync', {'argocd.argoproj.io/hook-delete-policy': 'HookFailed'}),
				],
			},
			cluster,
			script,
		);
		expect(outcome.ok).toBe(true);
		expect(script.requests()).toEqual(['apply Job/demo/a', 'apply Job/demo/b', 'delete Job/demo/a']);
		expect(outcome.hooks.map(entry => `${entry.object} ${entry.deleted}`)).toEqual(['Job/demo/a true', 'Job/demo/b false']);
	});

	it('fails on a failed hook: nothing after it is applied, the SyncFail hooks run, HookFailed hooks are deleted', async () => {
		const cluster = new FakeCluster();
		const script = new Script(cluster, {migrate: [jobRunning, jobFailed], cleanup: [jobRunning, jobComplete]});
		const {outcome, messages} = await run(
			{
				apply: [object('Deployment', 'web')],
				hooks: [
					hook('migrate', 'PreSync', {'argocd.argoproj.io/hook-delete-policy': 'HookFailed'}),
					hook('cleanup', 'SyncFail'),
					hook('smoke', 'PostSync'),
				],
			},
			cluster,
			script,
		);
		expect(outcome).toMatchObject({ok: false, phase: 'Failed', applied: [], notApplied: ['Deployment/demo/web']});
		expect(script.requests()).toEqual(['apply Job/demo/migrate', 'delete Job/demo/migrate', 'apply Job/demo/cleanup']);
		expect(outcome.errors).toEqual([
			{object: 'Job/demo/migrate', code: 'hook-failed', message: 'Job has reached the specified backoff limit'},
		]);
		expect(outcome.hooks).toEqual([
			{
				object: 'Job/demo/migrate',
				phase: 'PreSync',
				state: 'Failed',
				message: 'Job has reached the specified backoff limit',
				deleted: true,
			},
			{object: 'Job/demo/cleanup', phase: 'SyncFail', state: 'Succeeded', message: '', deleted: false},
		]);
		expect(outcome.message).toBe(
			'sync failed after a successful dry run: hook Job/demo/migrate failed: Job has reached the specified backoff limit. ' +
				'Done: 0 applied, 0 pruned, 1 hook(s) run. Not done: 1 apply(s) (Deployment/demo/web), 0 prune(s). SyncFail hooks: Job/demo/cleanup Succeeded',
		);
		expect(messages).toContain('running SyncFail hooks');
	});

	it('runs SyncFail hooks when an apply fails too', async () => {
		const cluster = new FakeCluster().failRealApply(
			'Deployment/demo/web',
			new DriftwatchError('invalid-object', 'admission webhook denied'),
		);
		const script = new Script(cluster, {cleanup: [jobComplete]});
		const {outcome} = await run({apply: [object('Deployment', 'web')], hooks: [hook('cleanup', 'SyncFail')]}, cluster, script);
		expect(outcome.ok).toBe(false);
		expect(script.requests()).toEqual(['apply Deployment/demo/web', 'apply Job/demo/cleanup']);
		expect(outcome.message).toMatch(
			/^apply of Deployment\/demo\/web failed after a successful dry run: admission webhook denied\..*SyncFail hooks: Job\/demo\/cleanup Succeeded$/,
		);
	});

	it('fails a hook deleted before anyone saw it finish', async () => {
		const cluster = new FakeCluster();
		const script = new Script(cluster, {migrate: [jobRunning, 'gone']});
		const {outcome} = await run({apply: [object('ConfigMap', 'c')], hooks: [hook('migrate', 'PreSync')]}, cluster, script);
		expect(outcome.ok).toBe(false);
		expect(outcome.errors[0]).toMatchObject({object: 'Job/demo/migrate', message: 'Job/demo/migrate was deleted before it completed'});
	});

	it('counts a hook of a kind without health as done once created', async () => {
		const cluster = new FakeCluster();
		const script = new Script(cluster);
		const {outcome} = await run({apply: [object('ConfigMap', 'c')], hooks: [hook('marker', 'PreSync', {}, 'ConfigMap')]}, cluster, script);
		expect(outcome.hooks).toEqual([
			{object: 'ConfigMap/demo/marker', phase: 'PreSync', state: 'Succeeded', message: 'marker created', deleted: false},
		]);
	});

	it('waits for Sync hooks of the only step, without waiting for the resources beside them', async () => {
		const cluster = new FakeCluster();
		const script = new Script(cluster, {during: [jobRunning, jobComplete], web: [progressing]});
		const {outcome} = await run({apply: [object('Deployment', 'web')], hooks: [hook('during', 'Sync')]}, cluster, script);
		expect(outcome.ok).toBe(true);
		expect(script.log).toEqual(['look web', 'look during', 'look web', 'look during']);
	});
});

describe('executeSync: parallel requests', () => {
	it('keeps at most `concurrency` requests in flight, and finishes a kind group before the next kind starts', async () => {
		const cluster = new FakeCluster();
		let inFlight = 0;
		let most = 0;
		const order: string[] = [];
		const apply = cluster.apply.bind(cluster);
		cluster.apply = async (target, options) => {
			inFlight++;
			most = Math.max(most, inFlight);
			await new Promise(resolve => setTimeout(resolve, 1));
			inFlight--;
			if (!options?.dryRun) order.push(target.kind);
			return apply(target, options);
		};
		const configMaps = Array.from({length: 40}, (_, index) => object('ConfigMap', `c${String(index).padStart(2, '0')}`));
		const {outcome} = await run(
			{apply: [object('Deployment', 'web'), ...configMaps, object('Secret', 's')]},
			cluster,
			new Script(cluster),
			{
				concurrency: 4,
			},
		);
		expect(outcome.ok).toBe(true);
		expect(most).toBe(4);
		expect(order).toEqual(['Secret', ...configMaps.map(() => 'ConfigMap'), 'Deployment']);
	});
});
