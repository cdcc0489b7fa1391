/**
 * The GitOps lab, part 4 (auto-sync and self-heal on): manifests come and go in Git. With prune on,
 * an object deleted from Git is deleted live; restored in Git, it is recreated; a Service added in
 * Git is created, and recreated by self-heal when deleted by hand. With prune off, an object
 * deleted from Git stays and the app stays OutOfSync. Objects that driftwatch did not create
 * survive every sync and prune.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {trackingAnnotation} from '../../source/core/tracking.js';
import {createNamespace, deleteNamespace, kubectl, kubectlJson, kubectlResult, waitFor} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {
	createUnmanaged,
	expectUnchanged,
	isSyncedHealthy,
	labFixture,
	startLab,
	unmanagedState,
	waitForApp,
	waitForEvent,
	type Lab,
	type UnmanagedState,
} from './support/lab.js';

let namespace = '';
let repo: LabRepo | undefined;
let lab: Lab | undefined;
let unmanaged: UnmanagedState | undefined;

const the = (): {lab: Lab; repo: LabRepo} => {
	if (!lab || !repo) throw new Error('the lab did not start');
	return {lab, repo};
};
const exists = async (kind: string, name: string) => (await kubectlResult(['get', kind, name, '-n', namespace])).code === 0;
const uidOf = async (kind: string, name: string) =>
	(await kubectlJson<{metadata: {uid: string}}>(['get', kind, name, '-n', namespace])).metadata.uid;
const names = (lab: Lab) =>
	lab
		.view()
		.status.objects.map(object => `${object.key.kind}/${object.key.name}`)
		.sort();

beforeAll(async () => {
	namespace = await createNamespace('lab-prune');
	unmanaged = await createUnmanaged(namespace);
	repo = await createLabRepo({fixtureDir: labFixture('app')});
	lab = await startLab({repo: repo.bare, namespace, name: 'lab-prune', autoSync: true, selfHeal: true, prune: true});
	await waitForApp(lab.engine, lab.name, isSyncedHealthy, 60_000, 'auto-sync to deploy the first commit');
});
afterAll(async () => {
	await lab?.stop();
	await repo?.dispose();
	if (namespace) await deleteNamespace(namespace);
});

describe('lab: manifests come and go in Git', () => {
	it('prune on: a manifest deleted from Git is deleted from the cluster', async () => {
		const {lab, repo} = the();
		const since = lab.events.length;
		await repo.remove('app/configmap.yaml');
		const sha = await repo.commitAndPush('Remove the web config');

		await waitForApp(
			lab.engine,
			lab.name,
			app => app.status.revision?.sha === sha && isSyncedHealthy(app) && app.status.objects.length === 1,
			60_000,
			'Synced with the ConfigMap pruned',
		);
		await waitFor('the ConfigMap to be gone', async () => !(await exists('configmap', 'web-config')), 30_000);
		const pruned = await waitForEvent(lab, event => event.type === 'pruned', {since, what: 'the pruned event'});
		expect(pruned.object).toBe(`ConfigMap/${namespace}/web-config`);
		const audit = (await lab.audit()).filter(entry => entry.revision === sha);
		expect(audit).toEqual([
			expect.objectContaining({
				action: 'sync',
				user: 'driftwatch-admin',
				result: 'succeeded',
				message: 'auto-sync: synced: 1 applied, 1 pruned',
			}),
		]);
		expect(audit[0]?.objects).toContain(`ConfigMap/${namespace}/web-config`);
		expect(names(lab)).toEqual(['Deployment/web']);
	});

	it('restored in Git, it is recreated', async () => {
		const {lab, repo} = the();
		await repo.copyFixture(labFixture('app/configmap.yaml'), 'app/configmap.yaml');
		const sha = await repo.commitAndPush('Bring the web config back');

		await waitForApp(
			lab.engine,
			lab.name,
			app => app.status.revision?.sha === sha && isSyncedHealthy(app) && app.status.objects.length === 2,
			60_000,
			'Synced with the ConfigMap back',
		);
		const config = await kubectlJson<{metadata: {annotations?: Record<string, string>}; data: Record<string, string>}>([
			'get',
			'configmap',
			'web-config',
			'-n',
			namespace,
		]);
		expect(config.data).toEqual({greeting: 'hello from git'});
		expect(config.metadata.annotations?.[trackingAnnotation]).toBe(`lab-prune:/ConfigMap:${namespace}/web-config`);
	});

	it('a Service added in Git is created', async () => {
		const {lab, repo} = the();
		await repo.copyFixture(labFixture('later/service.yaml'), 'app/service.yaml');
		const sha = await repo.commitAndPush('Expose web');

		await waitForApp(
			lab.engine,
			lab.name,
			app => app.status.revision?.sha === sha && isSyncedHealthy(app) && app.status.objects.length === 3,
			60_000,
			'Synced with the Service',
		);
		expect(await exists('service', 'web')).toBe(true);
		expect(names(lab)).toEqual(['ConfigMap/web-config', 'Deployment/web', 'Service/web']);
	});

	it('the Service deleted by hand is recreated by self-heal', async () => {
		const {lab} = the();
		const since = lab.events.length;
		const before = await uidOf('service', 'web');
		const missing = waitForApp(
			lab.engine,
			lab.name,
			app => app.status.objects.some(object => object.key.kind === 'Service' && object.drift === 'missing'),
			30_000,
			'the Service to be missing',
		);
		await kubectl(['delete', 'service', 'web', '-n', namespace]);

		await missing;
		const drift = await waitForEvent(lab, event => event.type === 'drift-detected' && event.object === `Service/${namespace}/web`, {
			since,
			what: 'drift-detected',
		});
		expect(drift.message).toContain('missing in the cluster');
		const healed = await waitForEvent(lab, event => event.type === 'healed' && event.object === `Service/${namespace}/web`, {
			since,
			what: 'healed',
		});
		expect(healed.message).toContain('missing in the cluster');
		const after = await waitFor(
			'the Service to be back',
			async () => ((await exists('service', 'web')) ? uidOf('service', 'web') : undefined),
			30_000,
		);
		expect(after).not.toBe(before);
		await waitForApp(lab.engine, lab.name, isSyncedHealthy, 30_000, 'Synced + Healthy after the heal');
		expect((await lab.audit()).filter(entry => entry.action === 'heal').at(-1)).toMatchObject({
			result: 'succeeded',
			objects: [`Service/${namespace}/web`],
		});
	});

	it('prune off: a manifest deleted from Git stays live, and the app stays OutOfSync with drift "extra"', async () => {
		const {lab, repo} = the();
		lab.engine.setPolicy(lab.name, {prune: false});
		const since = lab.events.length;
		const service = await uidOf('service', 'web');
		await repo.remove('app/service.yaml');
		const sha = await repo.commitAndPush('Stop exposing web');

		const extra = await waitForApp(
			lab.engine,
			lab.name,
			app =>
				app.status.revision?.sha === sha &&
				app.status.syncStatus === 'OutOfSync' &&
				app.operation?.phase !== 'Running' &&
				app.status.objects.some(object => object.key.kind === 'Service' && object.drift === 'extra'),
			60_000,
			'OutOfSync with the Service extra',
		);
		expect(extra.status.counts.extra).toBe(1);

		const state = async () => {
			const app = lab.view();
			return {
				uid: (await exists('service', 'web')) ? await uidOf('service', 'web') : null,
				sync: app.status.syncStatus,
				drift: app.status.objects.find(object => object.key.kind === 'Service')?.drift,
			};
		};
		expect(await expectUnchanged('the Service and the app', state, 3000)).toEqual({uid: service, sync: 'OutOfSync', drift: 'extra'});
		expect(lab.events.slice(since).filter(event => event.type === 'pruned')).toEqual([]);
		// Only pruning was left and prune is off: no auto-sync at all, as in Argo CD.
		expect(lab.events.slice(since).filter(event => event.type === 'synced' || event.type === 'sync-failed')).toEqual([]);
	});

	it("objects made with kubectl survive every sync and prune, and are never the app's", async () => {
		const {lab} = the();
		expect(await unmanagedState(namespace)).toEqual(unmanaged);
		expect(unmanaged?.configMap.annotations[trackingAnnotation]).toBeUndefined();
		expect(unmanaged?.deployment.annotations[trackingAnnotation]).toBeUndefined();
		expect(names(lab).some(name => name.includes('hand-made'))).toBe(false);
		const touched = (await lab.audit()).flatMap(entry => entry.objects ?? []);
		expect(touched.filter(name => name.includes('hand-made'))).toEqual([]);
	});
});
