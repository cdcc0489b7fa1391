/**
 * The GitOps lab, part 2 (auto-sync on): a bad image is committed and pushed; auto-sync deploys it,
 * its pod goes into CrashLoopBackOff and the app says Synced + Degraded and why. Reverting that
 * commit through driftwatch pushes a revert commit to the remote, deploys it, and the app is
 * Healthy again. Objects made with kubectl in the same namespace live through all of it.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubectlJson, waitFor} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {
	createUnmanaged,
	isSyncedHealthy,
	labFixture,
	pods,
	startLab,
	unmanagedState,
	waitForApp,
	waitForEvent,
	type Lab,
	type UnmanagedState,
} from './support/lab.js';

const badImage = 'example.com/web:2.0-crashloop';
const badSubject = 'Deploy web 2.0';

let namespace = '';
let repo: LabRepo | undefined;
let lab: Lab | undefined;
let unmanaged: UnmanagedState | undefined;
let badSha = '';

const the = (): {lab: Lab; repo: LabRepo} => {
	if (!lab || !repo) throw new Error('the lab did not start');
	return {lab, repo};
};
const liveImage = async () =>
	(await kubectlJson<{spec: {template: {spec: {containers: Array<{image: string}>}}}}>(['get', 'deployment', 'web', '-n', namespace])).spec
		.template.spec.containers[0]?.image;

beforeAll(async () => {
	namespace = await createNamespace('lab-revert');
	unmanaged = await createUnmanaged(namespace);
	repo = await createLabRepo({fixtureDir: labFixture('app')});
	lab = await startLab({repo: repo.bare, namespace, name: 'lab-revert', autoSync: true, selfHeal: true, prune: true});
	await waitForApp(lab.engine, lab.name, isSyncedHealthy, 60_000, 'auto-sync to deploy the first commit');
});
afterAll(async () => {
	await lab?.stop();
	await repo?.dispose();
	if (namespace) await deleteNamespace(namespace);
});

describe('lab: a bad commit, auto-synced, then reverted through driftwatch', () => {
	it('auto-syncs a pushed bad image: pods CrashLoopBackOff, app Synced + Degraded naming the Pod', async () => {
		const {lab, repo} = the();
		const since = lab.events.length;
		await repo.write('app/deployment.yaml', (await repo.read('app/deployment.yaml')).replace('image: nginx:1.27', `image: ${badImage}`));
		badSha = await repo.commitAndPush(badSubject);

		const degraded = await waitForApp(
			lab.engine,
			lab.name,
			app => app.status.revision?.sha === badSha && app.status.syncStatus === 'Synced' && app.status.health.status === 'Degraded',
			60_000,
			'Synced + Degraded at the bad commit',
		);
		expect(degraded.status.health.message).toMatch(new RegExp(`^Caused by Pod/${namespace}/web-[a-z0-9]+-[a-z0-9]+`));
		expect(degraded.status.health.message).toMatch(/CrashLoopBackOff|back-off/);
		const synced = await waitForEvent(lab, event => event.type === 'synced' && event.message.includes('(auto-sync)'), {
			since,
			what: 'the auto-sync',
		});
		expect(synced.message).toContain(badSha.slice(0, 7));
		expect(lab.events.slice(since).some(event => event.type === 'commit-seen' && event.message.includes(badSubject))).toBe(true);
		expect(await liveImage()).toBe(badImage);

		const crashing = await waitFor(
			'a CrashLoopBackOff pod',
			async () => {
				const found = (await pods(namespace)).filter(
					pod => !pod.terminating && pod.images.includes(badImage) && pod.waiting.includes('CrashLoopBackOff'),
				);
				return found.length > 0 ? found : undefined;
			},
			60_000,
		);
		expect(degraded.status.health.message).toMatch(new RegExp(crashing.map(pod => pod.name).join('|')));
		const audit = (await lab.audit()).filter(entry => entry.revision === badSha && entry.action === 'sync');
		expect(audit).toEqual([
			expect.objectContaining({user: 'driftwatch-admin', result: 'succeeded', message: expect.stringMatching(/^auto-sync: /)}),
		]);
	});

	it('reverts the deployed commit: a revert commit is pushed to the remote, deployed, and the app is Healthy', async () => {
		const {lab, repo} = the();
		const since = lab.events.length;
		const plan = await lab.engine.planRevert(lab.name);
		expect(plan.blockedReason).toBeUndefined();
		expect(plan.commit).toEqual({sha: badSha, subject: badSubject});

		const result = await lab.engine.revert(lab.name);
		expect(result.errors).toEqual([]);
		expect(result.ok).toBe(true);
		expect(result.message).toMatch(new RegExp(`^reverted ${badSha.slice(0, 7)} with [0-9a-f]{7,}: Revert "${badSubject}" \\(pushed\\)`));

		// The remote has the revert on main, on top of the bad commit.
		const subjects = await repo.remoteSubjects(3);
		expect(subjects).toEqual([`Revert "${badSubject}"`, badSubject, 'Add the web app']);
		const revertSha = await repo.remoteHead();
		await repo.pull();
		expect(await repo.read('app/deployment.yaml')).toContain('image: nginx:1.27');

		const healthy = await waitForApp(
			lab.engine,
			lab.name,
			app => app.status.revision?.sha === revertSha && isSyncedHealthy(app),
			90_000,
			'Synced + Healthy at the revert commit',
		);
		expect(healthy.status.health.message).toBe('');
		expect(await liveImage()).toBe('nginx:1.27');
		await waitFor(
			'only nginx:1.27 pods left, 2 running',
			async () => {
				const all = await pods(namespace);
				return (
					all.length === 2 &&
					all.every(pod => !pod.terminating && pod.phase === 'Running' && pod.images.every(image => image === 'nginx:1.27'))
				);
			},
			60_000,
		);

		const reverted = await waitForEvent(lab, event => event.type === 'reverted', {since, what: 'the reverted event'});
		expect(reverted.message).toContain(badSha.slice(0, 7));
		expect(lab.events.slice(since).some(event => event.type === 'synced' && event.message.includes(revertSha.slice(0, 7)))).toBe(true);
		const audit = await lab.audit();
		expect(audit.find(entry => entry.action === 'revert')).toMatchObject({
			result: 'succeeded',
			revision: revertSha,
			user: 'driftwatch-admin',
		});
		expect(audit.some(entry => entry.action === 'sync' && entry.revision === revertSha && entry.result === 'succeeded')).toBe(true);
		const commits = await lab.engine.commits(lab.name);
		expect(commits[0]).toMatchObject({sha: revertSha, deployed: true});
	});

	it('leaves the objects made with kubectl alone through every sync', async () => {
		expect(await unmanagedState(namespace)).toEqual(unmanaged);
		const app = the().lab.view();
		expect(app.status.objects.map(object => object.key.name).sort()).toEqual(['web', 'web-config']);
	});
});
