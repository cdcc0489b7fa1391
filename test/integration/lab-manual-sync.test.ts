/**
 * The GitOps lab, part 3 (manual mode: no auto-sync, no self-heal): Git moving ahead makes the app
 * OutOfSync and the cluster stays exactly as it is until someone asks for a sync.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubectlJson, kubectlResult, waitFor} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {expectUnchanged, isSyncedHealthy, labFixture, pods, startLab, waitForApp, type Lab} from './support/lab.js';

let namespace = '';
let repo: LabRepo | undefined;
let lab: Lab | undefined;

const the = (): {lab: Lab; repo: LabRepo} => {
	if (!lab || !repo) throw new Error('the lab did not start');
	return {lab, repo};
};
/** What matters of the live objects: their versions change on any write. */
const liveState = async () => {
	const deployment = await kubectlJson<{metadata: {resourceVersion: string; generation: number}; spec: {replicas: number}}>([
		'get',
		'deployment',
		'web',
		'-n',
		namespace,
	]);
	const config = await kubectlJson<{metadata: {resourceVersion: string}; data: Record<string, string>}>([
		'get',
		'configmap',
		'web-config',
		'-n',
		namespace,
	]);
	return {
		generation: deployment.metadata.generation,
		replicas: deployment.spec.replicas,
		configVersion: config.metadata.resourceVersion,
		data: config.data,
	};
};
const actionEvents = new Set(['sync-started', 'synced', 'sync-failed', 'healed', 'pruned']);

beforeAll(async () => {
	namespace = await createNamespace('lab-manual');
	repo = await createLabRepo({fixtureDir: labFixture('app')});
	lab = await startLab({repo: repo.bare, namespace, name: 'lab-manual', autoSync: false, selfHeal: false, prune: false});
});
afterAll(async () => {
	await lab?.stop();
	await repo?.dispose();
	if (namespace) await deleteNamespace(namespace);
});

describe('lab: manual mode applies nothing until asked', () => {
	it('shows a fresh app OutOfSync + Missing and creates nothing by itself', async () => {
		const {lab} = the();
		const app = await waitForApp(lab.engine, lab.name, view => view.status.syncStatus === 'OutOfSync', 30_000, 'OutOfSync on start');
		expect(app.status.health.status).toBe('Missing');
		expect(app.status.objects.map(object => object.drift)).toEqual(['missing', 'missing']);
		const exists = async () =>
			Promise.all(
				[
					['deployment', 'web'],
					['configmap', 'web-config'],
				].map(async ([kind = '', name = '']) => (await kubectlResult(['get', kind, name, '-n', namespace])).code === 0),
			);
		expect(await expectUnchanged('what exists in the namespace', exists, 2000)).toEqual([false, false]);
		expect(lab.events.filter(event => actionEvents.has(event.type))).toEqual([]);
		expect(await lab.audit()).toEqual([]);

		const result = await lab.engine.sync(lab.name);
		expect(result.errors).toEqual([]);
		expect(result.applied).toEqual([`ConfigMap/${namespace}/web-config`, `Deployment/${namespace}/web`]);
		await waitForApp(lab.engine, lab.name, isSyncedHealthy, 60_000, 'Synced + Healthy after the first manual sync');
	});

	it('a new commit makes the app OutOfSync; the cluster does not change until sync is requested, then it is applied', async () => {
		const {lab, repo} = the();
		const before = await liveState();
		expect(before.replicas).toBe(2);
		await repo.write('app/deployment.yaml', (await repo.read('app/deployment.yaml')).replace('replicas: 2', 'replicas: 3'));
		await repo.write(
			'app/configmap.yaml',
			(await repo.read('app/configmap.yaml')).replace('greeting: hello from git', 'greeting: hello again'),
		);
		const sha = await repo.commitAndPush('Scale web to 3 and change the greeting');
		const since = lab.events.length;
		const auditBefore = (await lab.audit()).length;

		const outOfSync = await waitForApp(
			lab.engine,
			lab.name,
			app => app.status.revision?.sha === sha && app.status.syncStatus === 'OutOfSync',
			30_000,
			'OutOfSync at the new commit',
		);
		const byKind = new Map(outOfSync.status.objects.map(object => [object.key.kind, object]));
		expect(byKind.get('Deployment')).toMatchObject({drift: 'modified', changedPaths: ['/spec/replicas']});
		expect(byKind.get('ConfigMap')).toMatchObject({drift: 'modified', changedPaths: ['/data/greeting']});
		expect(outOfSync.timeline.some(event => event.type === 'commit-seen' && event.revision.sha === sha)).toBe(true);

		// Several Git polls and watch events later, nothing has been applied.
		expect(await expectUnchanged('the live objects', liveState, 3000)).toEqual(before);
		expect(lab.view().status.syncStatus).toBe('OutOfSync');
		expect(lab.events.slice(since).filter(event => actionEvents.has(event.type))).toEqual([]);
		expect((await lab.audit()).length).toBe(auditBefore);
		const plan = await lab.engine.planSync(lab.name);
		expect(plan.blockedReason).toBeUndefined();
		expect(plan.apply).toEqual([`ConfigMap/${namespace}/web-config`, `Deployment/${namespace}/web`]);

		const result = await lab.engine.sync(lab.name);
		expect(result.errors).toEqual([]);
		expect(result.ok).toBe(true);
		const after = await liveState();
		expect(after.replicas).toBe(3);
		expect(after.data).toEqual({greeting: 'hello again'});
		await waitForApp(
			lab.engine,
			lab.name,
			app => app.status.revision?.sha === sha && isSyncedHealthy(app),
			60_000,
			'Synced + Healthy at the new commit',
		);
		await waitFor(
			'3 running pods',
			async () => (await pods(namespace)).filter(pod => !pod.terminating && pod.phase === 'Running').length === 3,
			60_000,
		);
		expect(lab.events.slice(since).some(event => event.type === 'sync-started' && event.message.includes('driftwatch-admin'))).toBe(true);
		const audit = (await lab.audit()).slice(auditBefore);
		expect(audit).toEqual([expect.objectContaining({action: 'sync', user: 'driftwatch-admin', revision: sha, result: 'succeeded'})]);
		expect(lab.view().history[0]).toMatchObject({revision: sha, initiatedBy: 'driftwatch-admin'});
	});
});
