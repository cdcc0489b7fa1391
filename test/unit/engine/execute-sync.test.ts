import {describe, expect, it} from 'vitest';
import {DriftwatchError} from '../../../source/core/errors.js';
import {executeSync, retryDelayMs, type ExecuteSyncDeps} from '../../../source/engine/execute-sync.js';
import {FakeCluster} from './support/fake-cluster.js';
import {object, tracked} from '../support/objects.js';
import {type PlanFields, syncPlanOf} from './support/sync-plans.js';

const config = tracked('shop', object('ConfigMap', 'config'));
const service = tracked('shop', object('Service', 'web'));
const web = tracked('shop', object('Deployment', 'web'));
const old = tracked('shop', object('ConfigMap', 'old'));
const demo = object('Namespace', 'demo');

function syncPlan(fields: PlanFields = {}) {
	return syncPlanOf({apply: [config, service, web], prune: [old], ...fields});
}

async function run(cluster: FakeCluster, plan = syncPlan(), deps: Partial<ExecuteSyncDeps> = {}) {
	const sleeps: number[] = [];
	const outcome = await executeSync(plan, {cluster, readOnly: false, sleep: async ms => void sleeps.push(ms), ...deps});
	return {outcome, sleeps};
}

describe('executeSync', () => {
	it('dry-runs the whole set, then (as Argo CD, step by step) prunes in the foreground and applies kind by kind', async () => {
		const cluster = new FakeCluster([demo, old]);
		const {outcome} = await run(cluster);
		expect(outcome).toMatchObject({ok: true, phase: 'Succeeded', dryRun: false, errors: [], notApplied: [], notDeleted: []});
		expect(outcome.applied).toEqual(['ConfigMap/demo/config', 'Service/demo/web', 'Deployment/demo/web']);
		expect(outcome.deleted).toEqual(['ConfigMap/demo/old']);
		expect(
			cluster.calls.map(
				call => `${call.dryRun ? 'dry ' : ''}${call.verb} ${call.object}${call.propagationPolicy ? ` ${call.propagationPolicy}` : ''}`,
			),
		).toEqual([
			'dry apply ConfigMap/demo/config',
			'dry delete ConfigMap/demo/old Foreground',
			'dry apply Service/demo/web',
			'dry apply Deployment/demo/web',
			'delete ConfigMap/demo/old Foreground',
			'apply ConfigMap/demo/config',
			'apply Service/demo/web',
			'apply Deployment/demo/web',
		]);
		expect(cluster.storedKeys()).toEqual(['ConfigMap/demo/config', 'Deployment/demo/web', 'Namespace/demo', 'Service/demo/web']);
	});

	it('passes the propagation policy to prunes', async () => {
		const cluster = new FakeCluster([old]);
		await run(cluster, syncPlan({apply: []}), {propagationPolicy: 'Background'});
		expect(cluster.calls.map(call => call.propagationPolicy)).toEqual(['Background', 'Background']);
	});

	it('sends nothing at all in read-only mode', async () => {
		const cluster = new FakeCluster([old]);
		const {outcome} = await run(cluster, syncPlan(), {readOnly: true});
		expect(cluster.calls).toEqual([]);
		expect(outcome).toMatchObject({ok: false, phase: 'Error', applied: [], deleted: []});
		expect(outcome.message).toBe('read-only mode: sync refused, nothing was sent to the cluster (3 to apply, 1 to prune)');
		expect(outcome.errors[0]?.code).toBe('sync-refused');
	});

	it('sends nothing for a refused plan', async () => {
		const cluster = new FakeCluster();
		const {outcome} = await run(cluster, syncPlan({apply: [], prune: [], refusal: 'refusing to prune everything'}));
		expect(cluster.calls).toEqual([]);
		expect(outcome).toMatchObject({ok: false, phase: 'Error', message: 'refusing to prune everything'});
	});

	it('succeeds with nothing to do', async () => {
		const cluster = new FakeCluster();
		const {outcome} = await run(cluster, syncPlan({apply: [], prune: []}));
		expect(outcome).toMatchObject({ok: true, phase: 'Succeeded', message: 'nothing to do'});
		expect(cluster.calls).toEqual([]);
	});

	it('only validates with dryRun, reporting what would change', async () => {
		const cluster = new FakeCluster([old]);
		const {outcome} = await run(cluster, syncPlan({createNamespaces: ['demo']}), {dryRun: true});
		expect(cluster.mutations()).toEqual([]);
		expect(cluster.storedKeys()).toEqual(['ConfigMap/demo/old']);
		expect(outcome).toMatchObject({ok: true, phase: 'Succeeded', dryRun: true, deleted: ['ConfigMap/demo/old']});
		expect(outcome.applied).toEqual(['Namespace/demo', 'ConfigMap/demo/config', 'Service/demo/web', 'Deployment/demo/web']);
		expect(outcome.message).toBe('dry run passed: 4 object(s) would be applied, 1 pruned');
	});

	it('applies nothing when the dry run fails, and reports every failing object with the API reason', async () => {
		const cluster = new FakeCluster([old]).forbid('Deployment').rejectAsInvalid('Service/demo/web', 'spec.ports[0].port: Invalid value: 0');
		const {outcome, sleeps} = await run(cluster);
		expect(cluster.mutations()).toEqual([]);
		expect(sleeps).toEqual([]);
		expect(outcome).toMatchObject({ok: false, phase: 'Failed', applied: [], deleted: []});
		expect(outcome.errors).toEqual([
			{object: 'Service/demo/web', code: 'invalid-object', message: 'Service "web" is invalid: spec.ports[0].port: Invalid value: 0'},
			{
				object: 'Deployment/demo/web',
				code: 'forbidden',
				message:
					'deployments.apps "web" is forbidden: User "restricted" cannot patch resource "deployments" in API group "apps" in the namespace "demo"',
			},
		]);
		expect(outcome.notApplied).toHaveLength(3);
		expect(outcome.message).toMatch(
			/^dry run failed for 2 of 4 object\(s\), nothing was applied or pruned: Service\/demo\/web: Service "web" is invalid/,
		);
	});

	it("keeps an object's error hint (what the user can do) in the dry run's errors and message", async () => {
		const cluster = new FakeCluster([old]).failDryRunApply(
			'Service/demo/web',
			new DriftwatchError('forbidden', 'services "web" is forbidden', {hint: 'ask for patch rights on services in demo'}),
		);
		const {outcome} = await run(cluster);
		expect(cluster.mutations()).toEqual([]);
		expect(outcome.errors).toEqual([
			{object: 'Service/demo/web', code: 'forbidden', message: 'services "web" is forbidden (ask for patch rights on services in demo)'},
		]);
		expect(outcome.message).toContain('Service/demo/web: services "web" is forbidden (ask for patch rights on services in demo)');
	});

	it('creates missing namespaces first; objects in them are applied though the dry run could not judge them', async () => {
		const cluster = new FakeCluster();
		cluster.enforceNamespaces = true;
		const {outcome} = await run(cluster, syncPlan({apply: [config], prune: [], createNamespaces: ['demo']}));
		expect(outcome.ok).toBe(true);
		expect(outcome.applied).toEqual(['Namespace/demo', 'ConfigMap/demo/config']);
		expect(outcome.notes).toEqual(['ConfigMap/demo/config was not validated by the dry run: its namespace or CRD is created by this sync']);
		expect(cluster.stored('Namespace/demo')?.metadata.annotations).toBeUndefined();
	});

	it('still fails the dry run for a missing namespace nobody creates', async () => {
		const cluster = new FakeCluster();
		cluster.enforceNamespaces = true;
		const {outcome} = await run(cluster, syncPlan({apply: [config], prune: []}));
		expect(outcome.errors).toEqual([{object: 'ConfigMap/demo/config', code: 'not-found', message: 'namespaces "demo" not found'}]);
		expect(cluster.mutations()).toEqual([]);
	});
});

describe('executeSync: retries', () => {
	it.each([
		{name: 'defaults: 5s doubling', retry: undefined, failures: 3, sleeps: [5_000, 10_000, 20_000]},
		{
			name: 'capped at maxDuration',
			retry: {limit: 5, durationMs: 60_000, factor: 3, maxDurationMs: 180_000},
			failures: 3,
			sleeps: [60_000, 180_000, 180_000],
		},
		{name: 'conflicts too', retry: undefined, failures: 1, code: 'conflict' as const, sleeps: [5_000]},
	])('retries transient failures: $name', async ({retry, failures, code, sleeps: expected}) => {
		const cluster = new FakeCluster([old]).failTransiently('Service/demo/web', failures, code);
		const {outcome, sleeps} = await run(cluster, syncPlan(), retry ? {retry} : {});
		expect(sleeps).toEqual(expected);
		expect(outcome.ok).toBe(true);
		expect(outcome.applied).toContain('Service/demo/web');
	});

	it('gives up after the limit, applying nothing', async () => {
		const cluster = new FakeCluster([old]).failTransiently('Service/demo/web', 10);
		const {outcome, sleeps} = await run(cluster, syncPlan(), {retry: {limit: 2, durationMs: 1_000, factor: 2, maxDurationMs: 10_000}});
		expect(sleeps).toEqual([1_000, 2_000]);
		expect(outcome.errors).toEqual([
			{object: 'Service/demo/web', code: 'cluster-unreachable', message: 'cannot reach the API server (ECONNREFUSED)'},
		]);
		expect(cluster.mutations()).toEqual([]);
	});

	it.each([
		['forbidden (403)', (cluster: FakeCluster) => cluster.forbid('Service')],
		['invalid (422)', (cluster: FakeCluster) => cluster.rejectAsInvalid('Service/demo/web', 'bad')],
	])('does not retry %s', async (_name, inject) => {
		const cluster = inject(new FakeCluster());
		const {sleeps} = await run(cluster, syncPlan({prune: []}));
		expect(sleeps).toEqual([]);
		expect(cluster.calls.filter(call => call.object === 'Service/demo/web')).toHaveLength(1);
	});

	it.each([
		[0, 5_000],
		[1, 10_000],
		[5, 160_000],
		[6, 180_000],
	])('delay before retry %i is %ims', (attempt, delay) => {
		expect(retryDelayMs(attempt, {limit: 5, durationMs: 5_000, factor: 2, maxDurationMs: 180_000})).toBe(delay);
	});
});

describe('executeSync: a failure after the dry run', () => {
	it('stops and reports exactly what was and was not done', async () => {
		const cluster = new FakeCluster([old]).failRealApply(
			'Service/demo/web',
			new DriftwatchError('invalid-object', 'admission webhook denied the request'),
		);
		const {outcome} = await run(cluster);
		expect(outcome).toMatchObject({
			ok: false,
			phase: 'Failed',
			applied: ['ConfigMap/demo/config'],
			deleted: ['ConfigMap/demo/old'],
			notApplied: ['Service/demo/web', 'Deployment/demo/web'],
			notDeleted: [],
			errors: [{object: 'Service/demo/web', code: 'invalid-object', message: 'admission webhook denied the request'}],
		});
		expect(outcome.message).toBe(
			'apply of Service/demo/web failed after a successful dry run: admission webhook denied the request. ' +
				'Done: 1 applied, 1 pruned. Not done: 2 apply(s) (Service/demo/web, Deployment/demo/web), 0 prune(s)',
		);
		expect(cluster.storedKeys()).toEqual(['ConfigMap/demo/config']);
	});

	it("keeps the failed object's error hint (what the user can do) in its error and in the message", async () => {
		const cluster = new FakeCluster([old]).failRealApply(
			'Service/demo/web',
			new DriftwatchError('invalid-object', 'admission webhook denied the request', {hint: 'see the webhook policy.example'}),
		);
		const {outcome} = await run(cluster);
		expect(outcome.errors).toEqual([
			{
				object: 'Service/demo/web',
				code: 'invalid-object',
				message: 'admission webhook denied the request (see the webhook policy.example)',
			},
		]);
		expect(outcome.message).toContain(
			'apply of Service/demo/web failed after a successful dry run: admission webhook denied the request (see the webhook policy.example).',
		);
	});
});
