/**
 * Keep the live change, as an engine action on fake ports: the plan with its exact file diff, the
 * commit of exactly that plan, the events (timeline, audit), the no-op sync that records it, the
 * race with self-heal (a heal due while the keep is planned or committing must not undo the
 * change), and the refusals.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {DriftwatchError} from '../../../source/core/errors.js';
import type {KubeObject, ResourceKey} from '../../../source/core/kube-object.js';
import {DriftEngine} from '../../../source/engine/drift-engine.js';
import type {AppPolicy, AppView, TimelineEvent} from '../../../source/engine/engine-state.js';
import {keepCommitMessage, promoteCommitMessage, setImageCommitMessage} from '../../../source/presentation/source-edit-words.js';
import {describeTimelineEvent} from '../../../source/presentation/timeline.js';
import {FakeClock} from './support/fake-clock.js';
import {destinationOf, FakeGit, FakeRender, FakeWatches, RecordingAuditLog, WatchedCluster} from './support/fake-ports.js';
import {fakeWorkspaces} from './support/fake-workspace.js';
import {appDefinition, configMap, deployed, deployment, scaledBy, scaleTo} from './support/fixtures.js';

const webKey: ResourceKey = {group: 'apps', kind: 'Deployment', namespace: 'demo', name: 'web'};
const engines: DriftEngine[] = [];
afterEach(() => {
	for (const engine of engines.splice(0)) engine.stop();
});

async function start(options: {policy?: Partial<AppPolicy>; readOnly?: boolean; objects?: KubeObject[]} = {}) {
	const render = new FakeRender();
	const git = new FakeGit(render, {remote: true});
	const objects = options.objects ?? [deployment('web', 2), configMap('config', {color: 'blue'})];
	git.commit('first', objects);
	const watches = new FakeWatches();
	for (const object of objects) watches.put(deployed(object));
	const cluster = new WatchedCluster(watches);
	const audit = new RecordingAuditLog();
	const clock = new FakeClock();
	const workspaces = fakeWorkspaces(git);
	const engine = new DriftEngine({
		apps: [
			{
				definition: appDefinition(),
				destination: destinationOf(cluster),
				policy: {autoSync: false, selfHeal: false, prune: false, ...options.policy},
			},
		],
		git: () => git,
		render: render.port,
		readOnly: options.readOnly ?? false,
		intervalMs: 3_600_000,
		clock,
		audit,
		sleep: async () => {},
		sourceEdits: {
			openWorkspace: workspaces,
			messages: {keep: keepCommitMessage, setImage: setImageCommitMessage, promote: promoteCommitMessage},
		},
	});
	engines.push(engine);
	const events: TimelineEvent[] = [];
	engine.onEvent(event => void events.push(event));
	await engine.start();
	await clock.advance(0);
	const app = (): AppView => engine.app('shop');
	const until = async (done: (view: AppView) => boolean, what: string) => clock.advanceUntil(app, done, what);
	const replicas = () => (cluster.stored('Deployment/demo/web')?.['spec'] as {replicas: number}).replicas;
	const messages = (type: TimelineEvent['type']) => events.filter(event => event.type === type).map(event => describeTimelineEvent(event));
	const scale = (to: number) => watches.edit('Deployment/demo/web', scaleTo(to), scaledBy());
	return {git, watches, cluster, audit, clock, engine, app, until, replicas, messages, scale, workspaces};
}

const manifests = (git: FakeGit, sha: string) => git.files.get(sha)?.get('app/manifests.yaml') ?? '';

describe('keep: plan', () => {
	it('shows the exact file diff and the commit message, and writes nothing', async () => {
		const {engine, git, scale, until, cluster} = await start();
		scale(8);
		await until(view => view.status.counts.modified === 1, 'the drift');
		const plan = await engine.planKeep('shop', webKey);
		expect(plan.blockedReason).toBeUndefined();
		expect(plan.action).toBe('keep');
		expect(plan.edit?.files).toEqual([
			{
				path: 'app/manifests.yaml',
				created: false,
				diff: expect.stringContaining('-  replicas: 2\n+  replicas: 8\n') as string,
			},
		]);
		expect(plan.edit?.changes.map(placed => [placed.change.path, placed.change.from, placed.change.to, placed.file])).toEqual([
			['/spec/replicas', 2, 8, 'app/manifests.yaml'],
		]);
		expect(plan.edit?.message.split('\n')[0]).toBe('Keep live spec.replicas of Deployment/web (changed live by kubectl)');
		expect(plan.edit).toMatchObject({branch: 'main', pushes: true, base: git.head.sha});
		expect(git.written).toEqual([]);
		expect(cluster.writes()).toEqual([]);
	});

	it('refuses with the reason: read-only, nothing drifted, a Secret, a tag', async () => {
		const readOnly = await start({readOnly: true});
		readOnly.scale(8);
		await readOnly.until(view => view.status.counts.modified === 1, 'the drift');
		expect((await readOnly.engine.planKeep('shop', webKey)).blockedReason).toBe(
			'read-only mode (--read-only): driftwatch does not write to Git',
		);

		const {engine, git, scale, until, watches} = await start({
			objects: [deployment('web', 2), {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'db'}, data: {password: 'YQ=='}}],
		});
		expect((await engine.planKeep('shop', webKey)).blockedReason).toBe('Deployment/demo/web is in sync: there is no live change to keep');
		watches.edit('Secret/demo/db', secret => void (secret['data'] = {password: 'Yg=='}));
		scale(8);
		await until(view => view.status.counts.modified === 2, 'the drift');
		expect((await engine.planKeep('shop', {group: '', kind: 'Secret', namespace: 'demo', name: 'db'})).blockedReason).toBe(
			'Secret/demo/db is a Secret: driftwatch does not write secret values to Git',
		);
		git.notBranch = true;
		expect((await engine.planKeep('shop', webKey)).blockedReason).toBe(
			'the app follows HEAD, which is not a branch of the fake repository',
		);
	});
});

describe('keep: commit', () => {
	it('commits the plan shown, records it, syncs only the kept object, and the app ends Synced with the live value', async () => {
		const {engine, git, scale, until, cluster, audit, messages, replicas, app} = await start();
		scale(8);
		await until(view => view.status.counts.modified === 1, 'the drift');
		const plan = await engine.planKeep('shop', webKey);
		const result = await engine.keep('shop', webKey);
		expect(result.ok, result.message).toBe(true);
		expect(result.message).toBe(`kept Deployment/demo/web in Git: ${git.head.shortSha} pushed to main; synced (no change live)`);
		expect(git.written).toHaveLength(1);
		expect(git.written[0]?.files.map(file => file.after)).toEqual([manifests(git, git.head.sha)]);
		expect(manifests(git, git.head.sha)).toContain('  replicas: 8\n');
		expect(git.written[0]?.message).toBe(plan.edit?.message);
		expect(git.head.subject).toBe('Keep live spec.replicas of Deployment/web (changed live by kubectl)');
		await until(view => view.status.syncStatus === 'Synced', 'Synced');
		expect(replicas()).toBe(8);
		expect(cluster.writes()).toEqual(['apply Deployment/demo/web']);
		expect(app().status.revision?.sha).toBe(git.head.sha);
		expect(app().history[0]).toMatchObject({revision: git.head.sha, initiatedBy: 'restricted'});
		expect(messages('source-edited')).toEqual([
			`kept live spec.replicas of Deployment/demo/web (changed by kubectl) in Git: ${git.head.shortSha} "Keep live spec.replicas of Deployment/web (changed live by kubectl)" (pushed)`,
		]);
		expect(audit.summary()).toEqual(['keep succeeded', 'sync succeeded']);
		expect(audit.entries[0]).toMatchObject({
			action: 'keep',
			user: 'restricted',
			revision: git.head.sha,
			objects: ['Deployment/demo/web'],
			message: `keep: /spec/replicas (changed live by kubectl); ${git.head.shortSha} "Keep live spec.replicas of Deployment/web (changed live by kubectl)" by driftwatch, pushed to main`,
		});
	});

	it('with auto-sync on, nothing else is deployed and the app ends Synced on the keep commit', async () => {
		const {engine, git, scale, until, cluster, replicas} = await start({policy: {autoSync: true}});
		scale(8);
		await until(view => view.status.counts.modified === 1, 'the drift');
		const result = await engine.keep('shop', webKey);
		expect(result.ok, result.message).toBe(true);
		await until(view => view.status.syncStatus === 'Synced' && view.history[0]?.revision === git.head.sha, 'Synced on the keep commit');
		expect(replicas()).toBe(8);
		expect(cluster.writes()).toEqual(['apply Deployment/demo/web']);
	});

	it('refuses when live changed after the plan was shown, or Git refuses the push', async () => {
		const {engine, git, scale, until, audit, replicas} = await start();
		scale(8);
		await until(view => view.status.counts.modified === 1, 'the drift');
		await engine.planKeep('shop', webKey);
		scale(9);
		await until(view => view.status.objects.some(object => object.diff?.unified.some(line => line.text.includes('9'))), 'the new drift');
		const changed = await engine.keep('shop', webKey);
		expect(changed).toMatchObject({ok: false});
		expect(changed.message).toBe(
			'keep refused: Deployment/demo/web changed live since the plan was shown; nothing was written (look at the new plan and confirm again)',
		);
		expect(git.written).toEqual([]);

		git.commitFailure = new DriftwatchError('conflict', 'main of memory://shop.git changed app/manifests.yaml since the edit was planned', {
			hint: 'nothing was pushed; run the command again to plan on the new head',
		});
		const conflict = await engine.keep('shop', webKey);
		expect(conflict.message).toBe(
			'keep refused: main of memory://shop.git changed app/manifests.yaml since the edit was planned (nothing was pushed; run the command again to plan on the new head)',
		);
		expect(replicas()).toBe(9);
		expect(audit.summary()).toEqual(['keep refused', 'keep refused']);
	});
});

describe('keep and self-heal', () => {
	it('a heal due while the confirmation is open does not run; cancelling lets self-heal act again', async () => {
		const {engine, scale, clock, replicas, until, messages} = await start({policy: {selfHeal: true}});
		scale(8);
		await clock.advance(30); // compared; the heal is scheduled for 150 ms after the drift
		await engine.planKeep('shop', webKey);
		await clock.advance(1_000);
		expect(replicas()).toBe(8);
		expect(messages('healed')).toEqual([]);
		engine.releaseKeep('shop', webKey);
		await until(view => view.timeline.some(event => event.type === 'healed'), 'the heal after the cancel');
		expect(replicas()).toBe(2);
	});

	it('a heal due while the plan is made (slow renders) does not run', async () => {
		const {engine, git, scale, clock, replicas, messages} = await start({policy: {selfHeal: true}});
		scale(8);
		await clock.advance(30);
		git.beforeCheckout = async () => clock.advance(3_000);
		expect((await engine.planKeep('shop', webKey)).blockedReason).toBeUndefined();
		expect(replicas()).toBe(8);
		expect(messages('healed')).toEqual([]);
	});

	it('the hold of an unanswered confirmation expires', async () => {
		const {engine, scale, clock, replicas, until} = await start({policy: {selfHeal: true}});
		scale(8);
		await clock.advance(30);
		await engine.planKeep('shop', webKey);
		await clock.advance(119_000);
		expect(replicas()).toBe(8);
		await until(view => view.timeline.some(event => event.type === 'healed'), 'the heal after the hold');
		expect(replicas()).toBe(2);
	});

	it('a heal due while the commit is pushed does not undo the change; the app ends Synced at the live value', async () => {
		const {engine, git, scale, clock, replicas, until, audit, messages} = await start({policy: {selfHeal: true}});
		scale(8);
		await clock.advance(30);
		// The push takes long: the heal's timer comes due meanwhile.
		git.beforeCommit = async () => clock.advance(5_000);
		const result = await engine.keep('shop', webKey);
		expect(result.ok, result.message).toBe(true);
		expect(replicas()).toBe(8);
		await clock.advance(10_000);
		await until(view => view.status.syncStatus === 'Synced', 'Synced');
		expect(replicas()).toBe(8);
		expect(messages('healed')).toEqual([]);
		expect(audit.summary()).toEqual(['keep succeeded', 'sync succeeded']);
	});
});

describe('set-image and promote as engine actions', () => {
	it('set-image: plan with the diff, commit, timeline and audit', async () => {
		const {engine, git, audit, messages} = await start();
		const plan = await engine.planSetImage('shop', ['web=nginx:1.28']);
		expect(plan.edit?.files[0]?.diff).toContain('-          image: nginx:1.27\n+          image: nginx:1.28\n');
		expect(plan.notes).toEqual(['auto-sync is off: the new commit waits for a sync (s)']);
		const result = await engine.setImage('shop', ['web=nginx:1.28']);
		expect(result.ok, result.message).toBe(true);
		expect(git.head.subject).toBe('Set image web=nginx:1.28 in Deployment/web');
		expect(messages('source-edited')).toEqual([
			`set image of Deployment/demo/web in Git: ${git.head.shortSha} "${git.head.subject}" (pushed)`,
		]);
		expect(audit.summary()).toEqual(['set-image succeeded']);
		expect((await engine.planSetImage('shop', ['nope'])).blockedReason).toBe('"nope" is not CONTAINER=IMAGE:TAG');
	});
});
