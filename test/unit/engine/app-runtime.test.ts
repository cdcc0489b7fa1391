/**
 * AppRuntime's policies in isolation: auto-sync and self-heal are recorders here, and heals are
 * timed by a manual clock, so each test says exactly when the runtime decides to act and on what.
 * (drift-engine.test.ts runs the same policies end to end through the real operations.)
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {AppDefinition} from '../../../source/core/app-definition.js';
import {DriftwatchError} from '../../../source/core/errors.js';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {AppRuntime} from '../../../source/engine/app-runtime.js';
import type {AppPolicy, TimelineEvent} from '../../../source/engine/engine-state.js';
import {HealScheduler} from '../../../source/engine/heal-scheduler.js';
import {FakeGit, FakeRender, FakeWatches, ManualTimer, WatchedCluster} from './support/fake-ports.js';
import {appDefinition, configMap, deployed, deployment, scaledBy, scaleTo, waitFor} from './support/fixtures.js';

const webKey = 'apps/Deployment/demo/web';
const configKey = '/ConfigMap/demo/config';
const web = deployment('web', 2);
const config = configMap('config', {color: 'blue'});

const running: AppRuntime[] = [];
afterEach(() => {
	for (const runtime of running.splice(0)) runtime.stop();
});

interface Options {
	policy?: Partial<AppPolicy>;
	/** What the cluster holds at start; default: the first commit, deployed. */
	live?: KubeObject[];
	readOnly?: boolean;
	definition?: Partial<AppDefinition>;
	/** Objects of the first commit; default web and config. */
	desired?: KubeObject[];
}

async function start(options: Options = {}) {
	const render = new FakeRender();
	const git = new FakeGit(render);
	const desired = options.desired ?? [web, config];
	const first = git.commit('first', desired);
	const watches = new FakeWatches();
	for (const object of options.live ?? desired.map(item => deployed(item))) watches.put(object);
	const cluster = new WatchedCluster(watches);
	const timer = new ManualTimer();
	const events: TimelineEvent[] = [];
	const autoSyncs: string[] = [];
	const heals: string[][] = [];
	const runtime = new AppRuntime({
		definition: appDefinition(options.definition),
		git: () => git,
		render: render.port,
		cluster,
		watches,
		policy: {autoSync: false, selfHeal: false, prune: false, ...options.policy},
		readOnly: options.readOnly ?? false,
		intervalMs: 3_600_000,
		healScheduler: new HealScheduler({timer, debounceMs: 100}),
		onChange: () => {},
		onEvent: event => void events.push(event),
		autoSync: async target => void autoSyncs.push(target.status.revision?.shortSha ?? '?'),
		heal: async (_target, keys) => void heals.push(keys),
	});
	running.push(runtime);
	await runtime.start();
	const types = () => events.map(event => event.type);
	/** Waits until the runtime has seen a status for which `done` holds (watch events recompute after a short delay). */
	const until = async (done: (runtime: AppRuntime) => boolean, what: string) => waitFor(() => runtime, done, what);
	const objectState = (key: string) =>
		runtime.status.objects.find(object => `${object.key.group}/${object.key.kind}/${object.key.namespace}/${object.key.name}` === key);
	return {render, git, first, watches, cluster, timer, events, autoSyncs, heals, runtime, types, until, objectState};
}

describe('AppRuntime: start-up', () => {
	it('renders the target revision, watches what it renders, and finds the app in sync', async () => {
		const {runtime, watches, git, events, cluster} = await start();
		expect(runtime.status).toMatchObject({syncStatus: 'Synced', health: {status: 'Healthy'}, error: null});
		expect(runtime.status.revision?.shortSha).toBe('0000001');
		expect(runtime.deployedSha).toBe(git.head.sha);
		expect(events.map(event => `${event.type}: ${event.message}`)).toEqual(['commit-seen: watching 0000001: first']);
		// Every rendered kind and the kinds tracking may sit on, in the app's namespace; pods and
		// ReplicaSets because it has a workload.
		expect(watches.open).toContain('apps/v1/Deployment/demo');
		expect(watches.open).toContain('v1/ConfigMap/demo');
		expect(watches.open).toContain('apps/v1/ReplicaSet/demo');
		expect(watches.open).toContain('v1/Pod/demo');
		expect(watches.open).toContain('batch/v1/CronJob/demo');
		// The checkout is given back once rendered.
		expect(git.disposed).toBe(git.checkouts.length);
		// Only dry runs (the server's prediction of each live object), no write.
		expect(cluster.writes()).toEqual([]);
		expect(cluster.requests()).toEqual(['dry apply Deployment/demo/web', 'dry apply ConfigMap/demo/config']);
	});

	it('does not count tracking as drift', async () => {
		const {runtime} = await start();
		expect(runtime.status.counts).toEqual({synced: 2, modified: 0, missing: 0, extra: 0});
	});

	it('sends no request at all in read-only mode and says why actions are not allowed', async () => {
		const {runtime, cluster} = await start({readOnly: true, policy: {autoSync: true, selfHeal: true}});
		expect(runtime.status.syncStatus).toBe('Synced');
		expect(runtime.permissions.sync).toEqual({allowed: false, reason: 'read-only mode (--read-only)'});
		expect(runtime.permissions.prune.reason).toBe('read-only mode (--read-only)');
		expect(cluster.calls).toEqual([]);
	});

	it('reports denied permissions with the user and verbs', async () => {
		const render = new FakeRender();
		const git = new FakeGit(render);
		git.commit('first', [config]);
		const watches = new FakeWatches();
		const cluster = new WatchedCluster(watches).forbid('ConfigMap');
		const runtime = new AppRuntime({
			definition: appDefinition(),
			git: () => git,
			render: render.port,
			cluster,
			watches,
			policy: {autoSync: false, selfHeal: false, prune: false},
			readOnly: false,
			intervalMs: 3_600_000,
			onChange: () => {},
			onEvent: () => {},
			autoSync: async () => {},
			heal: async () => {},
		});
		running.push(runtime);
		await runtime.start();
		expect(runtime.permissions.sync).toEqual({
			allowed: false,
			reason: 'user "restricted" cannot create ConfigMap in demo, cannot patch ConfigMap in demo',
		});
		expect(runtime.permissions.prune).toEqual({allowed: false, reason: 'user "restricted" cannot delete ConfigMap in demo'});
	});

	it('stop() closes every watch and drops pending heals', async () => {
		const {runtime, watches, until, timer, heals} = await start({policy: {selfHeal: true}});
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(() => runtime.healer.isPending(webKey), 'a pending heal');
		runtime.stop();
		expect(watches.open).toEqual([]);
		timer.advance(1000);
		expect(heals).toEqual([]);
	});
});

describe('AppRuntime: manual mode', () => {
	it('reports a new commit as OutOfSync and does nothing else', async () => {
		const {runtime, git, autoSyncs, heals, types, cluster} = await start({policy: {selfHeal: true}});
		git.commit('second', [web, configMap('config', {color: 'green'})]);
		await runtime.pollOnce();
		expect(runtime.status.syncStatus).toBe('OutOfSync');
		expect(runtime.status.revision?.shortSha).toBe('0000002');
		expect(runtime.timeline[0]).toMatchObject({type: 'commit-seen', message: 'new commit 0000002: second (Ana Lopez)'});
		// A new commit is not drift: no event, no auto-sync, and self-heal does not deploy it either.
		expect(types()).not.toContain('drift-detected');
		expect(autoSyncs).toEqual([]);
		expect(runtime.healer.isPending(configKey)).toBe(false);
		expect(heals).toEqual([]);
		expect(runtime.operation).toBeNull();
		expect(cluster.writes()).toEqual([]);
	});

	it('re-renders only when the commit changed', async () => {
		const {runtime, render} = await start();
		await runtime.pollOnce();
		await runtime.pollOnce();
		expect(render.rendered).toHaveLength(1);
		await runtime.pollOnce({force: true});
		expect(render.rendered).toHaveLength(2);
	});
});

describe('AppRuntime: auto-sync', () => {
	it('asks for a sync of a new commit once per revision', async () => {
		const {runtime, git, autoSyncs, watches, until, objectState} = await start({policy: {autoSync: true}});
		expect(autoSyncs).toEqual([]);
		git.commit('second', [web, configMap('config', {color: 'green'})]);
		await runtime.pollOnce();
		expect(autoSyncs).toEqual(['0000002']);
		// The recorder did not sync, so the app stays OutOfSync; later evaluations of the same revision
		// (a forced re-render, a watch event) do not try again: a failed sync is not retried automatically.
		await runtime.pollOnce({force: true});
		watches.edit('ConfigMap/demo/config', object => void ((object['data'] as Record<string, string>)['size'] = 'L'));
		await until(() => objectState(configKey)?.changedPaths.length === 2, 'the edit to be seen');
		expect(autoSyncs).toEqual(['0000002']);
		git.commit('third', [web, configMap('config', {color: 'red'})]);
		await runtime.pollOnce();
		expect(autoSyncs).toEqual(['0000002', '0000003']);
	});

	it("does not undo drift of the deployed revision (that is self-heal's job)", async () => {
		const {runtime, watches, autoSyncs, until, types} = await start({policy: {autoSync: true}});
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.status.syncStatus === 'OutOfSync', 'drift');
		expect(types()).toContain('drift-detected');
		expect(autoSyncs).toEqual([]);
	});

	it('syncs at start-up when the cluster does not have the revision yet', async () => {
		const {autoSyncs, runtime} = await start({policy: {autoSync: true}, live: []});
		expect(runtime.status.syncStatus).toBe('OutOfSync');
		expect(autoSyncs).toEqual(['0000001']);
	});

	it('does not act while an operation runs, nor on an app in error', async () => {
		const {runtime, git, render, autoSyncs} = await start({policy: {autoSync: true}});
		runtime.operation = {action: 'sync', phase: 'Running', message: 'busy', startedAt: new Date().toISOString()};
		git.commit('second', [web, configMap('config', {color: 'green'})]);
		await runtime.pollOnce();
		expect(autoSyncs).toEqual([]);
		runtime.operation = null;
		const third = git.commit('third', [web, configMap('config', {color: 'red'})]);
		render.fail(third.sha, new DriftwatchError('render-failed', 'helm template failed', {hint: 'fix the chart'}));
		await runtime.pollOnce();
		expect(runtime.status).toMatchObject({syncStatus: 'Unknown', error: {code: 'render-failed'}});
		expect(autoSyncs).toEqual([]);
	});
});

describe('AppRuntime: self-heal', () => {
	it('schedules a heal of exactly the drifted object, after the debounce', async () => {
		const {runtime, watches, heals, timer, until} = await start({policy: {selfHeal: true}});
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.healer.isPending(webKey), 'a pending heal');
		expect(heals).toEqual([]);
		expect(timer.pending()).toEqual([100]);
		timer.advance(100);
		expect(heals).toEqual([[webKey]]);
	});

	it('keeps one pending heal per object through a burst of changes', async () => {
		const {runtime, watches, heals, timer, until} = await start({policy: {selfHeal: true}});
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.healer.isPending(webKey), 'a pending heal');
		// A second change while the heal is pending; the evaluation that schedules the config's heal
		// has seen it too, and did not schedule the Deployment again.
		watches.edit('Deployment/demo/web', scaleTo(6), scaledBy());
		watches.edit('ConfigMap/demo/config', object => void ((object['data'] as Record<string, string>)['color'] = 'pink'));
		await until(current => current.healer.isPending(configKey), 'a heal of the config');
		timer.advance(100);
		expect(heals).toEqual([[webKey], [configKey]]);
	});

	it('heals a deleted object that was in sync', async () => {
		const {watches, heals, timer, until, objectState} = await start({policy: {selfHeal: true}});
		watches.remove({apiVersion: 'v1', kind: 'ConfigMap', namespace: 'demo', name: 'config'});
		await until(() => objectState(configKey)?.drift === 'missing', 'the object to be missing');
		timer.advance(100);
		expect(heals).toEqual([[configKey]]);
	});

	it('never heals objects it has not seen in sync: untracked drift and missing objects at start-up', async () => {
		const handMade = configMap('config', {color: 'purple'});
		const {runtime, timer, heals} = await start({
			policy: {selfHeal: true},
			desired: [web, config, configMap('flags', {beta: 'on'})],
			live: [deployed(web), {...handMade, metadata: {...handMade.metadata, namespace: 'demo'}}],
		});
		expect(runtime.status.counts).toEqual({synced: 1, modified: 1, missing: 1, extra: 0});
		timer.advance(1000);
		expect(heals).toEqual([]);
	});

	it('heals an object once it was seen in sync, even if it was not at start-up', async () => {
		const handMade = configMap('config', {color: 'purple'});
		const {runtime, watches, timer, heals, until} = await start({
			policy: {selfHeal: true},
			live: [deployed(web), {...handMade, metadata: {...handMade.metadata, namespace: 'demo'}}],
		});
		watches.edit('ConfigMap/demo/config', object => void (object['data'] = {color: 'blue'}));
		await until(current => current.status.syncStatus === 'Synced', 'the fix by hand');
		watches.edit('ConfigMap/demo/config', object => void (object['data'] = {color: 'purple'}));
		await until(current => current.healer.isPending(configKey), 'a pending heal');
		timer.advance(100);
		expect(heals).toEqual([[configKey]]);
	});

	it('adopts tracked objects at start-up: drift that happened while driftwatch was not running is healed', async () => {
		const scaled = deployed(web);
		scaleTo(5)(scaled);
		const {runtime, timer, heals} = await start({policy: {selfHeal: true}, live: [scaled, deployed(config)]});
		expect(runtime.status.syncStatus).toBe('OutOfSync');
		timer.advance(100);
		expect(heals).toEqual([[webKey]]);
	});

	it("never heals an extra object (that is prune's business)", async () => {
		const {runtime, timer, heals} = await start({
			policy: {selfHeal: true, prune: true},
			live: [deployed(web), deployed(config), deployed(configMap('old', {}))],
		});
		expect(runtime.status.counts.extra).toBe(1);
		timer.advance(1000);
		expect(heals).toEqual([]);
	});

	it('after a new commit, heals only the objects seen in sync under it', async () => {
		const {runtime, git, watches, timer, heals, until} = await start({policy: {selfHeal: true}});
		git.commit('second', [web, configMap('config', {color: 'green'})]);
		await runtime.pollOnce();
		// The config is OutOfSync because Git moved: not healed. The Deployment is in sync under the new commit.
		timer.advance(1000);
		expect(heals).toEqual([]);
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.healer.isPending(webKey), 'a pending heal');
		timer.advance(100);
		expect(heals).toEqual([[webKey]]);
	});

	it('warns only when self-heal is off: drift in the timeline, nothing scheduled', async () => {
		const {runtime, watches, events, heals, timer, until} = await start();
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.status.syncStatus === 'OutOfSync', 'drift');
		expect(events.filter(event => event.type === 'drift-detected')).toEqual([
			expect.objectContaining({
				object: 'Deployment/demo/web',
				message: 'Deployment/demo/web: spec.replicas changed by kubectl (Update, scale)',
				attribution: [expect.objectContaining({path: '/spec/replicas', manager: 'kubectl', subresource: 'scale'})],
			}),
		]);
		expect(runtime.healer.isPending(webKey)).toBe(false);
		timer.advance(1000);
		expect(heals).toEqual([]);
		watches.edit('Deployment/demo/web', scaleTo(2));
		await until(current => current.status.syncStatus === 'Synced', 'the change undone by hand');
		expect(runtime.timeline[0]).toMatchObject({type: 'drift-resolved', message: 'Deployment/demo/web is in sync again'});
	});

	it('says when an object is fought over and backs off', async () => {
		const {runtime, watches, events, heals, timer, until} = await start({policy: {selfHeal: true}});
		for (let round = 1; round <= 3; round++) {
			watches.edit('Deployment/demo/web', scaleTo(4 + round), scaledBy('hpa'));
			await until(current => current.healer.isPending(webKey), `heal ${round} to be scheduled`);
			timer.advance(100);
			expect(heals).toHaveLength(round);
		}
		watches.edit('Deployment/demo/web', scaleTo(9), scaledBy('hpa'));
		await until(current => current.healer.isPending(webKey), 'the fourth heal to be scheduled');
		expect(events.filter(event => event.type === 'heal-backoff').map(event => event.message)).toEqual([
			'Deployment/demo/web keeps changing back (3 heals in a row); next heal in 2s',
		]);
		timer.advance(1999);
		expect(heals).toHaveLength(3);
		timer.advance(1);
		expect(heals).toHaveLength(4);
	});

	it('does nothing in read-only mode', async () => {
		const {runtime, watches, heals, timer, until, cluster} = await start({readOnly: true, policy: {selfHeal: true, autoSync: true}});
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.status.syncStatus === 'OutOfSync', 'drift');
		timer.advance(1000);
		expect(heals).toEqual([]);
		expect(runtime.healer.isPending(webKey)).toBe(false);
		expect(cluster.calls).toEqual([]);
	});
});

describe('AppRuntime: Git and render failures', () => {
	it('reports a Git failure once, keeps the last status, and recovers', async () => {
		const {runtime, git, events} = await start();
		git.failWith(new DriftwatchError('git-failed', 'cannot fetch memory://shop.git', {hint: 'check the network'}));
		await runtime.pollOnce();
		await runtime.pollOnce();
		expect(events.filter(event => event.type === 'error').map(event => event.message)).toEqual([
			'Git: cannot fetch memory://shop.git (check the network)',
		]);
		expect(runtime.poll.error).toBe('cannot fetch memory://shop.git (check the network)');
		expect(runtime.status.syncStatus).toBe('Synced');
		git.failWith(undefined);
		await runtime.pollOnce();
		expect(runtime.poll.error).toBeNull();
	});

	it('makes the app Unknown with the error when Git fails before the first render', async () => {
		const render = new FakeRender();
		const git = new FakeGit(render);
		git.commit('first', [config]);
		git.failWith(new DriftwatchError('git-failed', 'repository not found'));
		const watches = new FakeWatches();
		const runtime = new AppRuntime({
			definition: appDefinition(),
			git: () => git,
			render: render.port,
			cluster: new WatchedCluster(watches),
			watches,
			policy: {autoSync: true, selfHeal: true, prune: false},
			readOnly: false,
			intervalMs: 3_600_000,
			onChange: () => {},
			onEvent: () => {},
			autoSync: async () => {},
			heal: async () => {},
		});
		running.push(runtime);
		await runtime.start();
		expect(runtime.status).toMatchObject({
			syncStatus: 'Unknown',
			health: {status: 'Unknown'},
			error: {code: 'git-failed', message: 'repository not found'},
		});
	});

	it('makes the app Unknown on a render failure, says so once, and re-renders on the next poll', async () => {
		const {runtime, git, render, events} = await start();
		const second = git.commit('second', [web, configMap('config', {color: 'green'})]);
		render.fail(second.sha, new DriftwatchError('render-failed', 'kustomize build failed', {hint: 'run kustomize build locally'}));
		await runtime.pollOnce();
		await runtime.pollOnce();
		expect(runtime.status).toMatchObject({
			syncStatus: 'Unknown',
			error: {code: 'render-failed', message: 'kustomize build failed', hint: 'run kustomize build locally'},
		});
		expect(events.filter(event => event.type === 'error').map(event => event.message)).toEqual([
			'kustomize build failed (run kustomize build locally)',
		]);
		render.heal(second.sha);
		await runtime.pollOnce();
		expect(runtime.status).toMatchObject({syncStatus: 'OutOfSync', error: null});
		expect(runtime.status.revision?.shortSha).toBe('0000002');
	});
});

describe('AppRuntime: watches follow what Git renders', () => {
	it('adds watches for new kinds and drops pod watches when no workload is left', async () => {
		const {runtime, git, watches} = await start();
		const widget: KubeObject = {apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w'}, spec: {size: 1}};
		git.commit('widgets, no deployment', [config, widget]);
		await runtime.pollOnce();
		expect(watches.open).toContain('example.com/v1/Widget/demo');
		expect(watches.open).not.toContain('v1/Pod/demo');
		expect(watches.open).not.toContain('apps/v1/ReplicaSet/demo');
		// The Deployment is still watched (a kind tracking may sit on): it shows up as extra.
		expect(runtime.status.counts).toEqual({synced: 1, modified: 0, missing: 1, extra: 1});
	});
});
