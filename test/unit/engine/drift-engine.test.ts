/**
 * The reconciler end to end on fake ports: DriftEngine with the real operations (sync, heal,
 * revert, rollback), an in-memory Git, and a cluster whose writes come back through its watches.
 * Time is a fake clock: tests advance it until the snapshot says what they wait for.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {AppDefinition} from '../../../source/core/app-definition.js';
import {DriftwatchError} from '../../../source/core/errors.js';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {DriftEngine} from '../../../source/engine/drift-engine.js';
import type {AppPolicy, AppView, TimelineEvent} from '../../../source/engine/engine-state.js';
import {describeTimelineEvent} from '../../../source/presentation/timeline.js';
import {FakeClock} from './support/fake-clock.js';
import {
	destinationOf,
	FakeGit,
	FakeRender,
	FakeWatches,
	RecordingAuditLog,
	RecordingNotifier,
	WatchedCluster,
} from './support/fake-ports.js';
import {appDefinition, configMap, deployed, deployment, scaledBy, scaleTo} from './support/fixtures.js';

const web = deployment('web', 2);
const config = configMap('config', {color: 'blue'});
const green = configMap('config', {color: 'green'});

const engines: DriftEngine[] = [];
afterEach(() => {
	for (const engine of engines.splice(0)) engine.stop();
});

interface Options {
	policy?: Partial<AppPolicy>;
	/** What the cluster holds at start; default: the first commit, deployed. */
	live?: KubeObject[];
	readOnly?: boolean;
	definition?: Partial<AppDefinition>;
	/** One commit per entry, oldest first; default one commit of web and config. */
	commits?: KubeObject[][];
}

async function start(options: Options = {}) {
	const render = new FakeRender();
	const git = new FakeGit(render);
	const commits = options.commits ?? [[web, config]];
	commits.forEach((objects, index) => git.commit(['first', 'second', 'third', 'fourth'][index] ?? `commit ${index + 1}`, objects));
	const watches = new FakeWatches();
	for (const object of options.live ?? (commits.at(-1) ?? []).map(item => deployed(item))) watches.put(object);
	const cluster = new WatchedCluster(watches);
	const audit = new RecordingAuditLog();
	const notifier = new RecordingNotifier();
	const clock = new FakeClock();
	const engine = new DriftEngine({
		apps: [
			{
				definition: appDefinition(options.definition),
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
		notifier,
		sleep: async () => {},
	});
	engines.push(engine);
	const events: TimelineEvent[] = [];
	engine.onEvent(event => void events.push(event));
	await engine.start();
	await clock.advance(0);
	const app = (): AppView => {
		const view = engine.getSnapshot().apps[0];
		if (!view) throw new Error('no app');
		return view;
	};
	const until = async (done: (view: AppView) => boolean, what: string) => clock.advanceUntil(app, done, what);
	const count = (type: TimelineEvent['type']) => events.filter(event => event.type === type).length;
	const messages = (type: TimelineEvent['type']) => events.filter(event => event.type === type).map(event => describeTimelineEvent(event));
	return {render, git, watches, cluster, audit, notifier, engine, events, app, until, count, messages, clock};
}

describe('DriftEngine: manual mode', () => {
	it('reports a new commit and applies nothing until asked', async () => {
		const {engine, git, cluster, app, audit, messages, until} = await start();
		git.commit('second', [web, green]);
		await engine.refresh('shop');
		expect(app().status.syncStatus).toBe('OutOfSync');
		expect(app().operation).toBeNull();
		expect(cluster.writes()).toEqual([]);
		expect(messages('drift-detected')).toEqual([]);

		expect(await engine.planSync('shop')).toEqual({
			action: 'sync',
			app: 'shop',
			apply: ['ConfigMap/demo/config', 'Deployment/demo/web'],
			delete: [],
			notes: [],
		});
		const result = await engine.sync('shop');
		expect(result).toMatchObject({ok: true, applied: ['ConfigMap/demo/config', 'Deployment/demo/web'], deleted: [], errors: []});
		expect(cluster.writes()).toEqual(['apply ConfigMap/demo/config', 'apply Deployment/demo/web']);
		expect(cluster.stored('ConfigMap/demo/config')?.['data']).toEqual({color: 'green'});
		await until(view => view.status.syncStatus === 'Synced', 'Synced');
		expect(messages('sync-started')).toEqual(['sync of 0000002 started by restricted']);
		expect(messages('synced')).toEqual(['synced 0000002 (user): synced: 2 applied, 0 pruned']);
		expect(app().history).toEqual([expect.objectContaining({id: 1, revision: git.head.sha, subject: 'second', initiatedBy: 'restricted'})]);
		expect(app().operation).toMatchObject({action: 'sync', phase: 'Succeeded'});
		expect(audit.entries).toEqual([
			expect.objectContaining({
				user: 'restricted',
				app: 'shop',
				action: 'sync',
				revision: git.head.sha,
				result: 'succeeded',
				objects: ['ConfigMap/demo/config', 'Deployment/demo/web'],
			}),
		]);
	});

	it('a dry-run sync validates without changing anything', async () => {
		const {engine, git, cluster, audit, app} = await start();
		git.commit('second', [web, green]);
		await engine.refresh('shop');
		const result = await engine.sync('shop', {dryRun: true});
		expect(result).toMatchObject({ok: true, message: 'dry run passed: 2 object(s) would be applied, 0 pruned'});
		expect(cluster.writes()).toEqual([]);
		expect(app().history).toEqual([]);
		expect(audit.summary()).toEqual(['sync dry-run']);
	});

	it('prunes only when asked, only objects it tracks, and never one marked Prune=false', async () => {
		const keep = deployed(configMap('keep', {}, {'argocd.argoproj.io/sync-options': 'Prune=false'}));
		const {engine, cluster, app, messages, until} = await start({
			live: [
				deployed(web),
				deployed(config),
				deployed(configMap('old', {})),
				keep,
				{...configMap('stray', {}), metadata: {name: 'stray', namespace: 'demo'}},
				deployed(configMap('billing', {}), 'billing'),
			],
		});
		// Objects of no app, or of another app, are not this app's business at all. Extras come after
		// Git's objects, by key.
		expect(app().status.objects.map(object => `${object.key.name} ${object.drift}`)).toEqual([
			'web none',
			'config none',
			'keep extra',
			'old extra',
		]);

		const withoutPrune = await engine.planSync('shop');
		expect(withoutPrune.delete).toEqual([]);
		expect(withoutPrune.notes).toEqual(['1 object(s) would be pruned with prune enabled: ConfigMap/demo/old']);
		expect((await engine.sync('shop')).deleted).toEqual([]);
		expect(cluster.writes().filter(write => write.startsWith('delete'))).toEqual([]);

		const withPrune = await engine.planSync('shop', {prune: true});
		expect(withPrune.delete).toEqual(['ConfigMap/demo/old']);
		expect(withPrune.notes).toEqual(['ConfigMap/demo/keep: not pruned (argocd.argoproj.io/sync-options has Prune=false)']);
		expect((await engine.sync('shop', {prune: true})).deleted).toEqual(['ConfigMap/demo/old']);
		expect(cluster.requests().filter(request => request.includes('delete'))).toEqual([
			'dry delete ConfigMap/demo/old',
			'delete ConfigMap/demo/old',
		]);
		expect(cluster.storedKeys()).toEqual([
			'ConfigMap/demo/billing',
			'ConfigMap/demo/config',
			'ConfigMap/demo/keep',
			'ConfigMap/demo/stray',
			'Deployment/demo/web',
		]);
		expect(messages('pruned')).toEqual(['ConfigMap/demo/old deleted (no longer in Git)']);
		// The vetoed object keeps the app OutOfSync, as in Argo CD.
		await until(view => view.status.counts.extra === 1, 'only the vetoed extra left');
		expect(app().status.syncStatus).toBe('OutOfSync');
	});

	it('syncs only the selected resources', async () => {
		const {engine, git, cluster} = await start();
		git.commit('second', [deployment('web', 3), green]);
		await engine.refresh('shop');
		const result = await engine.sync('shop', {resources: ['ConfigMap/config']});
		expect(result.applied).toEqual(['ConfigMap/demo/config']);
		expect(cluster.writes()).toEqual(['apply ConfigMap/demo/config']);
	});
});

describe('DriftEngine: auto-sync', () => {
	it('applies a new commit once, and records who did it', async () => {
		const {engine, git, cluster, app, until, messages, audit} = await start({policy: {autoSync: true}});
		expect(cluster.writes()).toEqual([]);
		git.commit('second', [web, green]);
		await engine.refresh('shop');
		await until(view => view.status.syncStatus === 'Synced' && view.operation?.phase === 'Succeeded', 'the auto-sync');
		expect(cluster.writes()).toEqual(['apply ConfigMap/demo/config', 'apply Deployment/demo/web']);
		expect(messages('synced')).toEqual(['synced 0000002 (auto-sync): synced: 2 applied, 0 pruned']);
		expect(app().history).toEqual([expect.objectContaining({revision: git.head.sha, initiatedBy: 'auto-sync'})]);
		expect(audit.entries).toEqual([
			expect.objectContaining({user: 'restricted', action: 'sync', result: 'succeeded', message: expect.stringMatching(/^auto-sync: /)}),
		]);
		// Nothing more to do for this revision.
		await engine.refresh('shop');
		expect(cluster.writes()).toHaveLength(2);
	});

	it('does not retry a failed auto-sync of the same revision, and tries the next revision', async () => {
		const {engine, git, cluster, app, until, count, notifier, audit, messages} = await start({policy: {autoSync: true}});
		cluster.rejectAsInvalid('ConfigMap/demo/broken', 'data.size: Invalid value');
		git.commit('second', [web, green, configMap('broken', {size: 'XL'})]);
		await engine.refresh('shop');
		await until(view => view.operation?.phase === 'Failed', 'the failed auto-sync');
		expect(cluster.writes()).toEqual([]);
		expect(messages('sync-failed')[0]).toBe(
			'sync failed: dry run failed for 1 of 3 object(s), nothing was applied or pruned: ConfigMap/demo/broken: ConfigMap "broken" is invalid: data.size: Invalid value' +
				' — ConfigMap/demo/broken: ConfigMap "broken" is invalid: data.size: Invalid value',
		);
		expect(notifier.sent).toEqual([expect.objectContaining({kind: 'sync-failed', app: 'shop', revision: git.head.sha})]);
		expect(audit.summary()).toEqual(['sync failed']);

		// More evaluations of the same revision: no new attempt.
		await engine.refresh('shop');
		await engine.refresh('shop');
		expect(count('sync-failed')).toBe(1);
		expect(cluster.requests().filter(request => request.includes('broken'))).toHaveLength(1);

		git.commit('third', [web, green]);
		await engine.refresh('shop');
		await until(view => view.status.syncStatus === 'Synced', 'the next revision synced');
		expect(cluster.writes()).toEqual(['apply ConfigMap/demo/config', 'apply Deployment/demo/web']);
		expect(app().history.map(entry => entry.subject)).toEqual(['third']);
	});

	it('prunes what Git dropped only with prune on, and only what it tracks', async () => {
		const {engine, git, cluster, until, messages} = await start({
			policy: {autoSync: true, prune: true},
			live: [
				deployed(web),
				deployed(config),
				{...configMap('stray', {}), metadata: {name: 'stray', namespace: 'demo'}},
				deployed(configMap('billing', {}), 'billing'),
			],
		});
		git.commit('second: no config', [web]);
		await engine.refresh('shop');
		await until(view => view.status.syncStatus === 'Synced' && view.operation?.phase === 'Succeeded', 'the auto-sync with prune');
		// As in Argo CD, a step prunes before it applies.
		expect(cluster.writes()).toEqual(['delete ConfigMap/demo/config', 'apply Deployment/demo/web']);
		expect(cluster.calls.find(call => call.verb === 'delete' && !call.dryRun)?.propagationPolicy).toBe('Foreground');
		expect(cluster.storedKeys()).toEqual(['ConfigMap/demo/billing', 'ConfigMap/demo/stray', 'Deployment/demo/web']);
		expect(messages('pruned')).toEqual(['ConfigMap/demo/config deleted (no longer in Git)']);
	});

	it('leaves what Git dropped in place with prune off: no auto-sync when only pruning is left, as in Argo CD', async () => {
		const {engine, git, cluster, app, until} = await start({policy: {autoSync: true}});
		git.commit('second: no config', [web]);
		await engine.refresh('shop');
		await until(view => view.status.counts.extra === 1, 'the extra');
		expect(app().status.syncStatus).toBe('OutOfSync');
		expect(app().operation).toBeNull();
		expect(cluster.writes()).toEqual([]);
		expect(cluster.storedKeys()).toContain('ConfigMap/demo/config');
		// A commit that changes something else is synced, the extra left in place.
		git.commit('third: web changed', [{...web, metadata: {...web.metadata, labels: {tier: 'front'}}}]);
		await engine.refresh('shop');
		await until(view => view.operation?.phase === 'Succeeded', 'the auto-sync');
		expect(cluster.writes()).toEqual(['apply Deployment/demo/web']);
		expect(cluster.storedKeys()).toContain('ConfigMap/demo/config');
	});

	it('refuses to prune everything when Git renders nothing, unless allowEmpty', async () => {
		const {engine, git, cluster, until, messages} = await start({policy: {autoSync: true, prune: true}});
		git.commit('second: empty', []);
		await engine.refresh('shop');
		await until(view => view.timeline.some(event => event.type === 'sync-failed'), 'the refusal');
		expect(messages('sync-failed')[0]).toMatch(/^sync refused: refusing to prune: Git has no objects for app shop/);
		expect(cluster.calls.filter(call => call.verb === 'delete')).toEqual([]);
	});
});

describe('DriftEngine: self-heal', () => {
	it('re-applies only the drifted object and never prunes', async () => {
		const {watches, cluster, until, notifier, audit, messages} = await start({
			policy: {selfHeal: true, prune: true},
			live: [deployed(web), deployed(config), deployed(configMap('old', {}))],
		});
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(view => view.timeline.some(event => event.type === 'healed'), 'the heal');
		expect(cluster.writes()).toEqual(['apply Deployment/demo/web']);
		expect(cluster.storedKeys()).toContain('ConfigMap/demo/old');
		expect((cluster.stored('Deployment/demo/web')?.['spec'] as {replicas: number}).replicas).toBe(2);
		expect(messages('drift-detected')).toEqual(['Deployment/demo/web: spec.replicas changed by kubectl (Update, scale)']);
		expect(messages('healed')).toEqual(['Deployment/demo/web: reverted (spec.replicas changed by kubectl (Update, scale))']);
		expect(notifier.kinds()).toEqual(['out-of-sync', 'healed']);
		expect(notifier.sent[1]).toMatchObject({app: 'shop', objects: ['Deployment/demo/web']});
		expect(notifier.texts()[1]).toBe('Deployment/demo/web');
		expect(audit.entries).toEqual([
			expect.objectContaining({
				user: 'restricted',
				action: 'heal',
				result: 'succeeded',
				message: expect.stringMatching(/^self-heal: /),
				objects: ['Deployment/demo/web'],
			}),
		]);
		await until(view => view.status.counts.modified === 0, 'the Deployment in sync again');
		expect(messages('drift-resolved')).toEqual(['Deployment/demo/web is in sync again']);
	});

	it('heals only objects seen in sync: drift it found at start-up on objects it never applied stays', async () => {
		const handMade = {...configMap('config', {color: 'purple'}), metadata: {name: 'config', namespace: 'demo'}};
		const {watches, cluster, until, app} = await start({policy: {selfHeal: true}, live: [deployed(web), handMade]});
		expect(app().status.counts.modified).toBe(1);
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(view => view.timeline.some(event => event.type === 'healed'), 'the heal');
		await until(view => view.status.counts.modified === 1 && view.operation?.phase === 'Succeeded', 'the Deployment healed');
		expect(cluster.writes()).toEqual(['apply Deployment/demo/web']);
		expect(cluster.stored('ConfigMap/demo/config')?.['data']).toEqual({color: 'purple'});
	});

	it('recreates an object someone deleted', async () => {
		const {watches, cluster, until} = await start({policy: {selfHeal: true}});
		watches.remove({apiVersion: 'v1', kind: 'ConfigMap', namespace: 'demo', name: 'config'});
		await until(view => view.timeline.some(event => event.type === 'healed'), 'the heal');
		expect(cluster.writes()).toEqual(['apply ConfigMap/demo/config']);
		expect(cluster.stored('ConfigMap/demo/config')?.['data']).toEqual({color: 'blue'});
	});

	it('warns only when self-heal is off: drift in the timeline and a notification, no write', async () => {
		const {watches, cluster, until, notifier, app, messages} = await start({policy: {autoSync: true}});
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(view => view.status.syncStatus === 'OutOfSync', 'drift');
		expect(messages('drift-detected')).toEqual(['Deployment/demo/web: spec.replicas changed by kubectl (Update, scale)']);
		expect(app().timeline.find(event => event.type === 'drift-detected')).toMatchObject({object: 'Deployment/demo/web'});
		expect(notifier.sent).toEqual([
			expect.objectContaining({kind: 'out-of-sync', app: 'shop', object: 'Deployment/demo/web', drift: 'modified'}),
		]);
		expect(notifier.texts()).toEqual(['Deployment/demo/web: spec.replicas changed by kubectl (Update, scale)']);
		expect(app().operation).toBeNull();
		expect(cluster.writes()).toEqual([]);
	});

	it('turning self-heal on heals the drift already there, and is recorded', async () => {
		const {engine, watches, cluster, until, audit, app} = await start();
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(view => view.status.syncStatus === 'OutOfSync', 'drift');
		engine.setPolicy('shop', {selfHeal: true});
		expect(app().policy).toEqual({autoSync: false, selfHeal: true, prune: false});
		expect(app().timeline[0]).toMatchObject({type: 'policy-changed', changes: {selfHeal: true}});
		expect(describeTimelineEvent(app().timeline[0] as TimelineEvent)).toBe('self-heal on');
		await until(view => view.timeline.some(event => event.type === 'healed'), 'the heal');
		expect(cluster.writes()).toEqual(['apply Deployment/demo/web']);
		expect(audit.entries[0]).toMatchObject({user: 'restricted', action: 'policy', result: 'succeeded', message: 'selfHeal on'});
	});

	it('says when an object is fought over and backs off', async () => {
		const {watches, until, count, messages} = await start({policy: {selfHeal: true}});
		for (let round = 1; round <= 3; round++) {
			watches.edit('Deployment/demo/web', scaleTo(4 + round), scaledBy('hpa'));
			await until(() => count('healed') === round, `heal ${round}`);
		}
		watches.edit('Deployment/demo/web', scaleTo(9), scaledBy('hpa'));
		await until(() => count('heal-backoff') === 1, 'the backoff');
		expect(messages('heal-backoff')).toEqual(['Deployment/demo/web keeps changing back (3 heals in a row); next heal in 2s']);
		expect(count('healed')).toBe(3);
	});
});

describe('DriftEngine: read-only mode', () => {
	it('sends no mutating request, dry runs included, and every action says why', async () => {
		const scaled = deployed(web);
		scaleTo(5)(scaled);
		const {engine, git, cluster, audit, app, watches, until} = await start({
			readOnly: true,
			policy: {autoSync: true, selfHeal: true, prune: true},
			live: [scaled],
		});
		expect(app().status.syncStatus).toBe('OutOfSync');
		expect(app().permissions.sync).toEqual({allowed: false, reason: 'read-only mode (--read-only)'});
		git.commit('second', [web, green]);
		await engine.refresh('shop');
		watches.edit('Deployment/demo/web', scaleTo(6), scaledBy());
		await until(view => view.status.objects.some(object => object.attribution.length > 0), 'the new drift');

		expect((await engine.planSync('shop')).blockedReason).toBe('read-only mode (--read-only): no change is sent to the cluster');
		expect(await engine.sync('shop')).toMatchObject({ok: false, message: 'sync refused: read-only mode (--read-only)'});
		expect((await engine.planRevert('shop')).blockedReason).toBe('read-only mode (--read-only)');
		expect(await engine.revert('shop')).toMatchObject({ok: false, message: 'revert refused: read-only mode (--read-only)'});
		expect((await engine.planRollback('shop', 1)).blockedReason).toBe('read-only mode (--read-only)');
		expect(await engine.rollbackToRevision('shop', git.commits[0]?.sha ?? '')).toMatchObject({
			ok: false,
			message: 'rollback refused: read-only mode (--read-only)',
		});

		expect(cluster.calls).toEqual([]);
		expect(git.reverts).toEqual([]);
		expect(git.commits).toHaveLength(2);
		expect(audit.summary()).toEqual(['sync refused', 'revert refused', 'rollback refused']);
		expect(
			app()
				.timeline.filter(event => event.type === 'sync-failed' || event.type === 'error')
				.map(event => describeTimelineEvent(event)),
		).toEqual([
			'rollback refused: read-only mode (--read-only)',
			'revert refused: read-only mode (--read-only)',
			'sync refused: read-only mode (--read-only)',
		]);
		expect(engine.getSnapshot().readOnly).toBe(true);
	});
});

describe('DriftEngine: rollback', () => {
	async function deployedTwice() {
		const setup = await start({policy: {autoSync: true, selfHeal: true}, live: []});
		await setup.until(view => view.history.length === 1 && view.status.syncStatus === 'Synced', 'the first auto-sync');
		setup.git.commit('second', [web, green]);
		await setup.engine.refresh('shop');
		await setup.until(view => view.history.length === 2 && view.status.syncStatus === 'Synced', 'the second auto-sync');
		return setup;
	}

	it('re-deploys an earlier sync, turns auto-sync and self-heal off, and says so', async () => {
		const {engine, git, cluster, app, until, audit, messages} = await deployedTwice();
		const first = git.commits[0];
		const result = await engine.rollback('shop', 1);
		expect(result.ok).toBe(true);
		expect(result.message).toBe(
			'rolled back to 0000001 (first); auto-sync and self-heal turned off so the next poll does not undo it: synced: 2 applied, 0 pruned',
		);
		expect(app().policy).toEqual({autoSync: false, selfHeal: false, prune: false});
		expect(messages('rolled-back')).toEqual([
			'rolled back to 0000001 (first); auto-sync and self-heal turned off so the next poll does not undo it',
		]);
		expect(cluster.stored('ConfigMap/demo/config')?.['data']).toEqual({color: 'blue'});
		expect(audit.entries.at(-1)).toMatchObject({action: 'rollback', revision: first?.sha, result: 'succeeded'});
		// Git still says green: the app is OutOfSync and nothing undoes the rollback.
		await until(view => view.status.syncStatus === 'OutOfSync', 'OutOfSync against Git');
		const writes = cluster.writes().length;
		await engine.refresh('shop');
		expect(cluster.writes()).toHaveLength(writes);
		// The history and the timeline say what is deployed now: the rolled-back revision.
		expect(messages('synced').at(-1)).toBe('synced 0000001 (rollback): synced: 2 applied, 0 pruned');
		expect(app().history[0]).toMatchObject({id: 3, revision: first?.sha, subject: 'first', initiatedBy: 'restricted'});
		expect((await engine.commits('shop')).filter(commit => commit.deployed).map(commit => commit.subject)).toEqual(['first']);
	});

	it('applies without pruning', async () => {
		const {engine, cluster} = await start({commits: [[web], [web, config]]});
		// The first commit had no config; the rollback leaves it in place.
		const result = await engine.rollbackToRevision('shop', '0000001');
		expect(result.ok).toBe(true);
		expect(cluster.writes()).toEqual(['apply Deployment/demo/web']);
		expect(cluster.storedKeys()).toContain('ConfigMap/demo/config');
	});

	it('says nothing about policies that were already off', async () => {
		const {engine, messages} = await start({
			commits: [
				[web, config],
				[web, green],
			],
		});
		await engine.rollbackToRevision('shop', '0000001');
		expect(messages('rolled-back')).toEqual(['rolled back to 0000001 (first)']);
	});

	it('after a rollback, turning auto-sync back on deploys Git again', async () => {
		const {engine, cluster, until} = await deployedTwice();
		await engine.rollback('shop', 1);
		await until(view => view.status.syncStatus === 'OutOfSync', 'OutOfSync against Git');
		engine.setPolicy('shop', {autoSync: true});
		await until(view => view.status.syncStatus === 'Synced' && view.history[0]?.initiatedBy === 'auto-sync', 'the auto-sync back to Git');
		expect(cluster.stored('ConfigMap/demo/config')?.['data']).toEqual({color: 'green'});
	});

	it('after a rollback, turning self-heal back on does not undo it: what Git moved past is not drift', async () => {
		const {engine, cluster, until, watches, count} = await deployedTwice();
		await engine.rollback('shop', 1);
		await until(view => view.status.syncStatus === 'OutOfSync', 'OutOfSync against Git');
		const writes = cluster.writes().length;
		engine.setPolicy('shop', {selfHeal: true});
		// Real drift on an object in sync under Git's revision is still healed.
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(() => count('healed') === 1, 'the heal of the Deployment');
		expect(cluster.writes().slice(writes)).toEqual(['apply Deployment/demo/web']);
		expect(cluster.stored('ConfigMap/demo/config')?.['data']).toEqual({color: 'blue'});
	});

	it('reports an unknown history id, and audits the refusal', async () => {
		const {engine, audit} = await start();
		expect(await engine.rollback('shop', 7)).toMatchObject({
			ok: false,
			message: 'rollback refused: no sync with id 7 in the history (known: none)',
		});
		expect((await engine.planRollback('shop', 7)).blockedReason).toBe('no sync with id 7');
		expect(audit.entries.at(-1)).toMatchObject({
			action: 'rollback',
			result: 'refused',
			message: 'rollback refused: no sync with id 7 in the history (known: none)',
		});
	});

	it('audits a rollback that fails before its sync (a revision that does not resolve)', async () => {
		const {engine, audit, messages} = await start();
		const result = await engine.rollbackToRevision('shop', 'no-such-tag');
		expect(result.ok).toBe(false);
		expect(result.message).toMatch(/^rollback failed: /);
		expect(audit.entries.at(-1)).toMatchObject({action: 'rollback', revision: 'no-such-tag', result: 'failed'});
		expect(audit.entries.at(-1)?.message).toMatch(/^rollback failed: /);
		expect(messages('error').at(-1)).toMatch(/^rollback failed: /);
	});
});

describe('DriftEngine: revert', () => {
	it('creates a revert commit, then syncs it', async () => {
		const {engine, git, cluster, app, audit, messages} = await start({
			commits: [
				[web, config],
				[web, green],
			],
		});
		const second = git.head;
		const plan = await engine.planRevert('shop');
		expect(plan).toMatchObject({
			action: 'revert',
			commit: {sha: second.sha, subject: 'second'},
			notes: ['a new commit reverting 0000002 is created on HEAD; then the app is synced'],
		});
		expect(plan.blockedReason).toBeUndefined();

		const result = await engine.revert('shop');
		expect(result).toMatchObject({ok: true, message: 'reverted 0000002 with 0000003: Revert "second"; synced: 2 applied, 0 pruned'});
		expect(git.reverts).toEqual([{sha: second.sha, branch: 'HEAD'}]);
		expect(git.head.subject).toBe('Revert "second"');
		expect(messages('reverted')).toEqual(['reverted 0000002 with 0000003: Revert "second"']);
		expect(cluster.stored('ConfigMap/demo/config')?.['data']).toEqual({color: 'blue'});
		expect(app().history[0]).toMatchObject({revision: git.head.sha, subject: 'Revert "second"'});
		expect(audit.summary()).toEqual(['revert succeeded', 'sync succeeded']);
		expect(audit.entries[0]?.revision).toBe(git.head.sha);
	});

	it('with auto-sync on, the poll deploys the revert', async () => {
		const {engine, git, cluster, until} = await start({
			policy: {autoSync: true},
			commits: [
				[web, config],
				[web, green],
			],
		});
		const result = await engine.revert('shop');
		expect(result.ok).toBe(true);
		await until(
			view => view.status.syncStatus === 'Synced' && view.status.revision?.sha === git.head.sha && view.history.length === 1,
			'the auto-sync of the revert',
		);
		expect(cluster.writes()).toEqual(['apply ConfigMap/demo/config', 'apply Deployment/demo/web']);
	});

	it('reports a failed revert without syncing', async () => {
		const {engine, git, cluster, audit, messages} = await start({
			commits: [
				[web, config],
				[web, green],
			],
		});
		git.failWith(new DriftwatchError('git-failed', 'merge conflict in deploy/config.yaml'));
		const result = await engine.revert('shop');
		expect(result).toMatchObject({ok: false, message: 'revert of 0000002 failed: merge conflict in deploy/config.yaml'});
		expect(messages('error')).toEqual(['revert of 0000002 failed: merge conflict in deploy/config.yaml']);
		expect(audit.summary()).toEqual(['revert failed']);
		expect(cluster.writes()).toEqual([]);
	});
});

describe('DriftEngine: history', () => {
	it('keeps the last revisionHistoryLimit syncs, newest first', async () => {
		const {engine, git, app} = await start({definition: {revisionHistoryLimit: 3}});
		for (let index = 2; index <= 6; index++) {
			git.commit(`commit ${index}`, [web, configMap('config', {color: `c${index}`})]);
			await engine.refresh('shop');
			expect((await engine.sync('shop')).ok).toBe(true);
		}
		expect(app().history.map(entry => `${entry.id} ${entry.subject}`)).toEqual(['5 commit 6', '4 commit 5', '3 commit 4']);
	});

	it('lists commits with the deployed one marked', async () => {
		const {engine} = await start({
			commits: [
				[web, config],
				[web, green],
			],
		});
		const commits = await engine.commits('shop');
		expect(commits.map(commit => `${commit.shortSha} ${commit.subject}${commit.deployed ? ' (deployed)' : ''}`)).toEqual([
			'0000002 second (deployed)',
			'0000001 first',
		]);
	});
});

describe('DriftEngine: notifications and audit', () => {
	it('notifies when the app becomes Degraded', async () => {
		const {watches, until, notifier, messages} = await start();
		watches.edit('Deployment/demo/web', object => {
			object['status'] = {
				...(object['status'] as object),
				conditions: [{type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded'}],
			};
		});
		await until(view => view.status.health.status === 'Degraded', 'Degraded');
		const message = 'Healthy → Degraded: Caused by Deployment/demo/web: Deployment "web" exceeded its progress deadline';
		expect(messages('health-changed')).toEqual([message]);
		// Decided on the health fields, never on the sentence.
		expect(notifier.sent).toEqual([
			expect.objectContaining({kind: 'degraded', app: 'shop', from: 'Healthy', health: expect.objectContaining({status: 'Degraded'})}),
		]);
		expect(notifier.texts()).toEqual([message]);
	});

	it('reports an audit log that cannot be written on the timeline, and still syncs', async () => {
		const {engine, git, audit, messages} = await start();
		audit.failWith(new DriftwatchError('config-invalid', 'cannot write the audit log /nope/audit.jsonl (EACCES)'));
		git.commit('second', [web, green]);
		await engine.refresh('shop');
		expect((await engine.sync('shop')).ok).toBe(true);
		expect(messages('error')).toEqual(['audit log: cannot write the audit log /nope/audit.jsonl (EACCES)']);
	});
});

describe('DriftEngine: store and actions', () => {
	it('publishes a new snapshot version on every change, to subscribers', async () => {
		const {engine, watches, until} = await start();
		let published = 0;
		const unsubscribe = engine.subscribe(() => void published++);
		const version = engine.getSnapshot().version;
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(view => view.status.syncStatus === 'OutOfSync', 'drift');
		expect(published).toBeGreaterThan(0);
		expect(engine.getSnapshot().version).toBeGreaterThan(version);
		unsubscribe();
		expect(engine.getSnapshot()).toMatchObject({readOnly: false, user: 'restricted', context: 'fake', server: 'https://fake.invalid'});
	});

	it('refresh relists the watches and fetches Git', async () => {
		const {engine, watches} = await start();
		await engine.refresh();
		expect(watches.refreshes).toBe(1);
	});

	it('answers a live object from the watch cache', async () => {
		const {engine} = await start();
		const live = await engine.liveObject('shop', {group: '', kind: 'ConfigMap', namespace: 'demo', name: 'config'});
		expect(live).toMatchObject({kind: 'ConfigMap', data: {color: 'blue'}});
	});

	it('rejects two apps with one name and unknown apps', async () => {
		const render = new FakeRender();
		const git = new FakeGit(render);
		const cluster = new WatchedCluster(new FakeWatches());
		const app = {
			definition: appDefinition(),
			destination: destinationOf(cluster),
			policy: {autoSync: false, selfHeal: false, prune: false},
		};
		const options = {
			git: () => git,
			render: render.port,
			clock: new FakeClock(),
			readOnly: false,
			intervalMs: 1000,
			audit: new RecordingAuditLog(),
			notifier: new RecordingNotifier(),
		};
		expect(() => new DriftEngine({...options, apps: [app, app]})).toThrow('two apps are named "shop"');
		const engine = new DriftEngine({...options, apps: [app]});
		await expect(engine.sync('nope')).rejects.toThrow('no app named "nope" (known: shop)');
	});
});

describe('DriftEngine: kinds that leave Git', () => {
	it('still finds (and prunes) a tracked object whose kind Git no longer renders at all', async () => {
		const widget: KubeObject = {
			apiVersion: 'example.com/v1',
			kind: 'Widget',
			metadata: {name: 'gear', namespace: 'demo'},
			spec: {teeth: 12},
		};
		const {engine, git, cluster, app, until} = await start({commits: [[web, config, widget]], policy: {prune: true}});
		expect(app().status.syncStatus).toBe('Synced');
		git.commit('second', [web, config]);
		await engine.refresh('shop');
		await until(
			view => view.status.objects.some(object => object.key.kind === 'Widget' && object.drift === 'extra'),
			'the Widget as extra',
		);
		const result = await engine.sync('shop');
		expect(result.deleted).toEqual(['Widget/demo/gear']);
		expect(cluster.stored('Widget/demo/gear')).toBeUndefined();
	});
});
