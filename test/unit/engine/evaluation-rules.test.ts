/**
 * The rules `status`/`diff` and the live engine used to decide differently, now decided once and
 * checked in both modes on the same cluster state: which kinds count under workloads (ReplicaSet,
 * Pod and Job), what a failed or refused dry run does, what read-only sends, and what a refused
 * list says. Each test would catch the return of its disagreement.
 */
import {describe, expect, it} from 'vitest';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {withTracking} from '../../../source/core/tracking.js';
import {live, type ModeSetup, oneShot} from './support/both-modes.js';
import {appDefinition, configMap, deployed, deployment} from './support/fixtures.js';

const modes = [
	['one-shot (status, diff)', oneShot],
	['live (UI, headless)', live],
] as const;

const web = deployment('web', 2);
const config = configMap('config', {color: 'blue'});
const inSync: ModeSetup = {desired: [web, config], live: [deployed(web), deployed(config)]};

/** A CronJob whose current Job's pod failed: the failure is two levels down, under a Job. */
function cronJobWithFailedPod(): ModeSetup {
	const report: KubeObject = {
		apiVersion: 'batch/v1',
		kind: 'CronJob',
		metadata: {name: 'report'},
		spec: {
			schedule: '*/5 * * * *',
			jobTemplate: {spec: {template: {spec: {restartPolicy: 'Never', containers: [{name: 'report', image: 'report:1'}]}}}},
		},
	};
	const liveCronJob: KubeObject = {
		...withTracking(appDefinition().name, {...report, metadata: {name: 'report', namespace: 'demo'}}),
		status: {lastScheduleTime: '2025-03-01T09:55:00Z', lastSuccessfulTime: '2025-03-01T09:55:00Z', active: [{name: 'report-1'}]},
	};
	liveCronJob.metadata.uid = 'uid-cronjob';
	const job: KubeObject = {
		apiVersion: 'batch/v1',
		kind: 'Job',
		metadata: {
			name: 'report-1',
			namespace: 'demo',
			uid: 'uid-job',
			ownerReferences: [{apiVersion: 'batch/v1', kind: 'CronJob', name: 'report', uid: 'uid-cronjob', controller: true}],
		},
		spec: {template: {spec: {restartPolicy: 'Never', containers: [{name: 'report', image: 'report:1'}]}}},
		status: {active: 1},
	};
	const pod: KubeObject = {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			name: 'report-1-x7k2p',
			namespace: 'demo',
			uid: 'uid-pod',
			ownerReferences: [{apiVersion: 'batch/v1', kind: 'Job', name: 'report-1', uid: 'uid-job', controller: true}],
		},
		spec: {restartPolicy: 'Never', containers: [{name: 'report', image: 'report:1'}]},
		status: {phase: 'Failed', message: 'report exited with code 3'},
	};
	return {desired: [report], live: [liveCronJob, job, pod]};
}

describe.each(modes)('%s', (_mode, evaluate) => {
	it("counts a CronJob's Jobs and their Pods for health and the tree (related kinds: ReplicaSet, Pod, Job)", async () => {
		const {status, tree} = await evaluate(cronJobWithFailedPod());
		expect(status.syncStatus).toBe('Synced');
		expect(status.health).toEqual({status: 'Degraded', message: 'Caused by Pod/demo/report-1-x7k2p: report exited with code 3'});
		if (evaluate === live) {
			expect(tree[0]?.children.map(child => `${child.key.kind}/${child.key.name}`)).toEqual(['Job/report-1']);
			expect(tree[0]?.children[0]?.children.map(child => `${child.key.kind}/${child.key.name}`)).toEqual(['Pod/report-1-x7k2p']);
		}
	});

	it('warns about a failed dry run and compares that object on the fields Git sets', async () => {
		const {status} = await evaluate({
			...inSync,
			prepare: cluster => void cluster.rejectAsInvalid('Deployment/demo/web', 'spec.template: admission webhook said no'),
		});
		expect(status.warnings).toEqual([
			'Deployment/demo/web: server-side dry run failed (Deployment "web" is invalid: spec.template: admission webhook said no); comparing the fields Git sets',
		]);
		expect(status.syncStatus).toBe('Synced');
		expect(status.objects.map(object => object.syncStatus)).toEqual(['Synced', 'Synced']);
	});

	it('warns once about refused dry runs and compares on the fields Git sets', async () => {
		const {status} = await evaluate({...inSync, prepare: cluster => void cluster.forbid('ConfigMap').forbid('Deployment')});
		expect(status.warnings).toHaveLength(1);
		expect(status.warnings[0]).toMatch(
			/^server-side dry run refused for 2 objects \(configmaps "config" is forbidden: User "restricted" cannot patch/,
		);
		expect(status.warnings[0]).toMatch(/; comparing the fields Git sets only$/);
		expect(status.syncStatus).toBe('Synced');
	});

	it('sends no request at all in read-only mode, dry runs included, and says the comparison uses Git fields only', async () => {
		const {status, requests} = await evaluate({...inSync, readOnly: true});
		expect(requests).toEqual([]);
		expect(status.warnings).toEqual([
			'read-only mode (--read-only): no server-side dry run is sent, so the comparison uses the fields Git sets only',
		]);
		expect(status.syncStatus).toBe('Synced');
	});

	it('turns a refused list into a status warning', async () => {
		const {status} = await evaluate({
			...inSync,
			prepare: (_cluster, watches) =>
				watches.refuseList(
					'v1',
					'Secret',
					'secrets is forbidden: User "restricted" cannot list resource "secrets" in the namespace "demo"',
				),
		});
		expect(status.warnings).toEqual([
			'cannot list Secret in demo: secrets is forbidden: User "restricted" cannot list resource "secrets" in the namespace "demo"',
		]);
		expect(status.syncStatus).toBe('Synced');
	});

	it('says when a kind Git renders is not served by the cluster', async () => {
		const widget: KubeObject = {apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w'}, spec: {size: 1}};
		const {status} = await evaluate({
			desired: [config, widget],
			live: [deployed(config)],
			prepare: cluster => void (cluster.unserved = new Set(['Widget'])),
		});
		expect(status.warnings).toEqual(['Widget (example.com/v1) is not served by the cluster: its objects show as missing']);
		expect(status.counts).toEqual({synced: 1, modified: 0, missing: 1, extra: 0});
	});
});

describe('one-shot and live agree', () => {
	it.each([
		['in sync', inSync],
		[
			'drifted, missing and extra',
			{
				desired: [web, config, configMap('flags', {})],
				live: [deployed(deployment('web', 5)), deployed(config), deployed(configMap('old', {}))],
			},
		],
		['a CronJob whose Job failed', cronJobWithFailedPod()],
	] as Array<[string, ModeSetup]>)('on %s', async (_name, setup) => {
		const [once, watched] = await Promise.all([oneShot(setup), live(setup)]);
		const {comparedAt: _a, ...a} = once.status;
		const {comparedAt: _b, ...b} = watched.status;
		expect(a).toEqual(b);
	});
});
