/**
 * The GitOps lab, part 1 (auto-sync and self-heal on): someone changes the cluster by hand. A
 * `kubectl scale` and a `kubectl set image` are detected, attributed to kubectl and healed back to
 * Git; a deleted pod is the ReplicaSet's business, and driftwatch applies nothing.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubectl, kubectlJson, waitFor} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {expectUnchanged, isSyncedHealthy, labFixture, pods, startLab, waitForApp, waitForEvent, type Lab} from './support/lab.js';

type Deployment = {spec: {replicas: number; template: {spec: {containers: Array<{name: string; image: string}>}}}};

let namespace = '';
let repo: LabRepo | undefined;
let lab: Lab | undefined;

const the = (): Lab => {
	if (!lab) throw new Error('the lab did not start');
	return lab;
};
const deployment = async () => kubectlJson<Deployment>(['get', 'deployment', 'web', '-n', namespace]);
const webKey = () => `Deployment/${namespace}/web`;
const actionEvents = new Set(['sync-started', 'synced', 'sync-failed', 'healed', 'pruned', 'reverted', 'rolled-back']);

beforeAll(async () => {
	namespace = await createNamespace('lab-heal');
	repo = await createLabRepo({fixtureDir: labFixture('app')});
	lab = await startLab({repo: repo.bare, namespace, name: 'lab-heal', autoSync: true, selfHeal: true, prune: true});
	await waitForApp(lab.engine, lab.name, isSyncedHealthy, 60_000, 'auto-sync to deploy the first commit');
});
afterAll(async () => {
	await lab?.stop();
	await repo?.dispose();
	if (namespace) await deleteNamespace(namespace);
});

describe('lab: hand edits are detected, attributed and healed', () => {
	it('deploys Git on start (auto-sync): 2 replicas of nginx:1.27', async () => {
		const live = await deployment();
		expect(live.spec.replicas).toBe(2);
		expect(live.spec.template.spec.containers[0]?.image).toBe('nginx:1.27');
		expect(the().events.some(event => event.type === 'synced' && event.message.includes('(auto-sync)'))).toBe(true);
	});

	it("kubectl scale: OutOfSync attributed to kubectl on /spec/replicas, then self-healed to Git's replicas", async () => {
		const lab = the();
		const since = lab.events.length;
		const auditBefore = (await lab.audit()).length;
		const outOfSync = waitForApp(
			lab.engine,
			lab.name,
			app =>
				app.status.syncStatus === 'OutOfSync' &&
				app.status.objects.some(
					object =>
						object.key.kind === 'Deployment' &&
						object.drift === 'modified' &&
						object.attribution.some(entry => entry.path === '/spec/replicas'),
				),
			30_000,
			'OutOfSync with /spec/replicas attributed',
		);
		await kubectl(['scale', '-n', namespace, 'deployment/web', '--replicas=5']);

		const seen = await outOfSync;
		const web = seen.status.objects.find(object => object.key.kind === 'Deployment');
		expect(web?.changedPaths).toContain('/spec/replicas');
		expect(web?.attribution.find(entry => entry.path === '/spec/replicas')?.manager).toMatch(/^kubectl/);

		const drift = await waitForEvent(lab, event => event.type === 'drift-detected' && event.object === webKey(), {
			since,
			what: 'drift-detected',
		});
		expect(drift.attribution?.find(entry => entry.path === '/spec/replicas')?.manager).toMatch(/^kubectl/);
		expect(drift.message).toMatch(/spec\.replicas changed by kubectl/);

		const healed = await waitForEvent(lab, event => event.type === 'healed' && event.object === webKey(), {since, what: 'healed'});
		expect(healed.message).toContain('spec.replicas');
		await waitFor("Git's 2 replicas back live", async () => (await deployment()).spec.replicas === 2, 30_000);
		await waitForApp(lab.engine, lab.name, isSyncedHealthy, 60_000, 'Synced + Healthy after the heal');
		await waitFor(
			'2 running pods',
			async () => (await pods(namespace)).filter(pod => !pod.terminating && pod.phase === 'Running').length === 2,
			60_000,
		);

		const heals = (await lab.audit()).slice(auditBefore).filter(entry => entry.action === 'heal');
		expect(heals.length).toBeGreaterThanOrEqual(1);
		expect(heals[0]).toMatchObject({result: 'succeeded', app: lab.name, objects: [webKey()]});
	});

	it("kubectl set image: detected, reverted, and the pods roll back to Git's image", async () => {
		const lab = the();
		const since = lab.events.length;
		const outOfSync = waitForApp(
			lab.engine,
			lab.name,
			app =>
				app.status.objects.some(
					object => object.key.kind === 'Deployment' && object.changedPaths.includes('/spec/template/spec/containers/0/image'),
				),
			30_000,
			'the image change to be detected',
		);
		await kubectl(['set', 'image', '-n', namespace, 'deployment/web', 'web=nginx:1.28']);

		const seen = await outOfSync;
		const web = seen.status.objects.find(object => object.key.kind === 'Deployment');
		expect(web?.drift).toBe('modified');
		expect(web?.attribution.find(entry => entry.path === '/spec/template/spec/containers/0/image')?.manager).toMatch(/^kubectl/);
		await waitForEvent(lab, event => event.type === 'drift-detected' && event.object === webKey(), {since, what: 'drift-detected'});
		await waitForEvent(lab, event => event.type === 'healed' && event.object === webKey(), {since, what: 'healed'});

		await waitFor(
			"Git's image back in the Deployment",
			async () => (await deployment()).spec.template.spec.containers[0]?.image === 'nginx:1.27',
			30_000,
		);
		const rolledBack = await waitFor(
			'every pod back on nginx:1.27',
			async () => {
				const all = await pods(namespace);
				const live = all.filter(pod => !pod.terminating);
				return live.length === 2 &&
					live.every(pod => pod.phase === 'Running' && pod.images.every(image => image === 'nginx:1.27')) &&
					all.length === 2
					? all
					: undefined;
			},
			60_000,
		);
		expect(rolledBack.flatMap(pod => pod.images)).toEqual(['nginx:1.27', 'nginx:1.27']);
		await waitForApp(lab.engine, lab.name, isSyncedHealthy, 60_000, 'Synced + Healthy after the image heal');
	});

	it('a deleted pod is replaced by its ReplicaSet: Progressing, then Healthy, and driftwatch applies nothing', async () => {
		const lab = the();
		await waitForApp(lab.engine, lab.name, isSyncedHealthy, 30_000, 'Synced + Healthy before the delete');
		const since = lab.events.length;
		const auditBefore = await lab.audit();
		const [victim] = (await pods(namespace)).filter(pod => !pod.terminating && pod.phase === 'Running');
		expect(victim).toBeDefined();
		const progressing = waitForApp(
			lab.engine,
			lab.name,
			app => app.status.health.status === 'Progressing',
			30_000,
			'Progressing after the pod delete',
		);
		await kubectl(['delete', 'pod', victim?.name ?? '', '-n', namespace, '--wait=false']);

		const during = await progressing;
		expect(during.status.syncStatus).toBe('Synced');
		await waitFor(
			'a replacement pod',
			async () => {
				const live = (await pods(namespace)).filter(pod => !pod.terminating && pod.phase === 'Running');
				return live.length === 2 && live.every(pod => pod.name !== victim?.name);
			},
			60_000,
		);
		await waitForApp(lab.engine, lab.name, isSyncedHealthy, 60_000, 'Healthy again');
		const healthChanges = lab.events
			.slice(since)
			.filter(event => event.type === 'health-changed')
			.map(event => event.message);
		expect(healthChanges.some(message => message.startsWith('Healthy → Progressing'))).toBe(true);
		expect(healthChanges.at(-1)).toMatch(/→ Healthy$/);

		// Nothing was applied: no action on the timeline, no audit line, for a while after.
		await expectUnchanged('the audit log', async () => (await lab.audit()).length, 2000);
		expect(await lab.audit()).toEqual(auditBefore);
		expect(lab.events.slice(since).filter(event => actionEvents.has(event.type))).toEqual([]);
		expect(lab.events.slice(since).filter(event => event.type === 'drift-detected')).toEqual([]);
	});
});
