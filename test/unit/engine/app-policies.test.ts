/**
 * AppRuntime's policies on fake ports and a fake clock: auto-sync once per revision, self-heal of
 * exactly the objects seen in sync, heal debounce and backoff timed by the clock, and no action in
 * read-only mode. Each test says when the runtime acts and on what.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {DriftwatchError} from '../../../source/core/errors.js';
import {configMap, deployed, scaledBy, scaleTo} from './support/fixtures.js';
import {config, configKey, startRuntime, stopAll, web, webKey} from './support/start-runtime.js';

afterEach(stopAll);

const green = configMap('config', {color: 'green'});

describe('AppRuntime: auto-sync', () => {
	it('syncs a new commit once per revision: a failed sync is not retried for the same revision', async () => {
		const {runtime, git, cluster, watches, state, until, messages} = await startRuntime({policy: {autoSync: true}});
		cluster.rejectAsInvalid('ConfigMap/demo/broken', 'data.size: Invalid value');
		git.commit('second', [web, green, configMap('broken', {size: 'XL'})]);
		await runtime.pollOnce();
		await until(current => current.operation?.phase === 'Failed', 'the failed auto-sync');
		expect(state().autoSyncedSha).toBe(git.head.sha);
		expect(messages('sync-failed')).toHaveLength(1);
		// Later evaluations of the same revision (a forced re-render, a watch event) do not try again.
		await runtime.pollOnce({force: true});
		watches.edit('ConfigMap/demo/config', object => void ((object['data'] as Record<string, string>)['size'] = 'L'));
		await until(current => current.status.objects.some(object => object.changedPaths.length === 2), 'the edit to be seen');
		expect(messages('sync-failed')).toHaveLength(1);
		git.commit('third', [web, configMap('config', {color: 'red'})]);
		await runtime.pollOnce();
		await until(current => current.history[0]?.subject === 'third', 'the next revision synced');
		expect(state().autoSyncedSha).toBe(git.head.sha);
		expect(messages('synced')).toEqual(['synced 0000003 (auto-sync): synced: 2 applied, 0 pruned']);
	});

	it("does not undo drift of the deployed revision (that is self-heal's job)", async () => {
		const {watches, until, types, cluster} = await startRuntime({policy: {autoSync: true}});
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.status.syncStatus === 'OutOfSync', 'drift');
		expect(types()).toContain('drift-detected');
		expect(cluster.writes()).toEqual([]);
	});

	it('syncs at start-up when the cluster does not have the revision yet', async () => {
		const {until, cluster, messages} = await startRuntime({policy: {autoSync: true}, live: []});
		await until(current => current.status.syncStatus === 'Synced', 'the first auto-sync');
		expect(cluster.writes()).toEqual(['apply ConfigMap/demo/config', 'apply Deployment/demo/web']);
		expect(messages('synced')).toEqual(['synced 0000001 (auto-sync): synced: 2 applied, 0 pruned']);
	});

	it('does not act while an operation runs, nor on an app in error', async () => {
		const {runtime, git, render, cluster, clock, state} = await startRuntime({policy: {autoSync: true}});
		await runtime.dispatch({
			type: 'SyncStarted',
			time: clock.now(),
			initiator: 'user',
			revision: null,
			dryRun: false,
			applies: 0,
			prunes: 0,
			by: 'ana',
		});
		git.commit('second', [web, green]);
		await runtime.pollOnce();
		await clock.advance(1000);
		expect(state().autoSyncedSha).toBeNull();
		expect(cluster.writes()).toEqual([]);
		const third = git.commit('third', [web, configMap('config', {color: 'red'})]);
		render.fail(third.sha, new DriftwatchError('render-failed', 'helm template failed', {hint: 'fix the chart'}));
		await runtime.pollOnce();
		expect(state().status).toMatchObject({syncStatus: 'Unknown', error: {code: 'render-failed'}});
		await clock.advance(1000);
		expect(cluster.writes()).toEqual([]);
	});
});

describe('AppRuntime: self-heal', () => {
	it('heals exactly the drifted object, after the debounce', async () => {
		const {watches, clock, cluster, state, until} = await startRuntime({policy: {selfHeal: true}});
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		// The first watch event after a quiet spell is compared at once: the drift schedules the heal.
		await clock.advance(0);
		expect(state().heals.pending.has(webKey)).toBe(true);
		expect(clock.pending()).toContain(100);
		await clock.advance(99);
		expect(cluster.writes()).toEqual([]);
		await clock.advance(1);
		expect(cluster.writes()).toEqual(['apply Deployment/demo/web']);
		await until(current => current.status.syncStatus === 'Synced', 'healed');
		expect(state().heals.streaks.get(webKey)?.streak).toBe(1);
	});

	it('keeps one pending heal per object through a burst of changes', async () => {
		const {watches, clock, cluster, until} = await startRuntime({policy: {selfHeal: true}});
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.heals.pending.has(webKey), 'a pending heal');
		watches.edit('Deployment/demo/web', scaleTo(6), scaledBy());
		watches.edit('ConfigMap/demo/config', object => void ((object['data'] as Record<string, string>)['color'] = 'pink'));
		await until(current => current.heals.pending.has(configKey), 'a heal of the config');
		await clock.advance(100);
		expect(cluster.writes().sort()).toEqual(['apply ConfigMap/demo/config', 'apply Deployment/demo/web']);
	});

	it('heals a deleted object that was in sync', async () => {
		const {watches, clock, cluster, until} = await startRuntime({policy: {selfHeal: true}});
		watches.remove({apiVersion: 'v1', kind: 'ConfigMap', namespace: 'demo', name: 'config'});
		await until(current => current.heals.pending.has(configKey), 'a pending heal of the missing object');
		await clock.advance(100);
		expect(cluster.writes()).toEqual(['apply ConfigMap/demo/config']);
	});

	it('never heals objects it has not seen in sync: untracked drift and missing objects at start-up', async () => {
		const handMade = configMap('config', {color: 'purple'});
		const {state, clock, cluster} = await startRuntime({
			policy: {selfHeal: true},
			desired: [web, config, configMap('flags', {beta: 'on'})],
			live: [deployed(web), {...handMade, metadata: {...handMade.metadata, namespace: 'demo'}}],
		});
		expect(state().status.counts).toEqual({synced: 1, modified: 1, missing: 1, extra: 0});
		await clock.advance(1000);
		expect(cluster.writes()).toEqual([]);
	});

	it('heals an object once it was seen in sync, even if it was not at start-up', async () => {
		const handMade = configMap('config', {color: 'purple'});
		const {watches, clock, cluster, until} = await startRuntime({
			policy: {selfHeal: true},
			live: [deployed(web), {...handMade, metadata: {...handMade.metadata, namespace: 'demo'}}],
		});
		watches.edit('ConfigMap/demo/config', object => void (object['data'] = {color: 'blue'}));
		await until(current => current.status.syncStatus === 'Synced', 'the fix by hand');
		watches.edit('ConfigMap/demo/config', object => void (object['data'] = {color: 'purple'}));
		await until(current => current.heals.pending.has(configKey), 'a pending heal');
		await clock.advance(100);
		expect(cluster.writes()).toEqual(['apply ConfigMap/demo/config']);
	});

	it('adopts tracked objects at start-up: drift that happened while driftwatch was not running is healed', async () => {
		const scaled = deployed(web);
		scaleTo(5)(scaled);
		const {state, clock, cluster} = await startRuntime({policy: {selfHeal: true}, live: [scaled, deployed(config)]});
		expect(state().status.syncStatus).toBe('OutOfSync');
		await clock.advance(100);
		expect(cluster.writes()).toEqual(['apply Deployment/demo/web']);
	});

	it("never heals an extra object (that is prune's business)", async () => {
		const {state, clock, cluster} = await startRuntime({
			policy: {selfHeal: true, prune: true},
			live: [deployed(web), deployed(config), deployed(configMap('old', {}))],
		});
		expect(state().status.counts.extra).toBe(1);
		await clock.advance(1000);
		expect(cluster.writes()).toEqual([]);
	});

	it('after a new commit, heals only the objects seen in sync under it', async () => {
		const {runtime, git, watches, clock, cluster, until} = await startRuntime({policy: {selfHeal: true}});
		git.commit('second', [web, green]);
		await runtime.pollOnce();
		// The config is OutOfSync because Git moved: not healed. The Deployment is in sync under the new commit.
		await clock.advance(1000);
		expect(cluster.writes()).toEqual([]);
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.heals.pending.has(webKey), 'a pending heal');
		await clock.advance(100);
		expect(cluster.writes()).toEqual(['apply Deployment/demo/web']);
	});

	it('warns only when self-heal is off: drift in the timeline and a notification, nothing scheduled', async () => {
		const {watches, events, clock, cluster, state, until, messages, notifier} = await startRuntime();
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.status.syncStatus === 'OutOfSync', 'drift');
		expect(events.filter(event => event.type === 'drift-detected')).toEqual([
			expect.objectContaining({
				object: 'Deployment/demo/web',
				drift: 'modified',
				changedPaths: ['/spec/replicas'],
				attribution: [expect.objectContaining({path: '/spec/replicas', manager: 'kubectl', subresource: 'scale'})],
			}),
		]);
		expect(messages('drift-detected')).toEqual(['Deployment/demo/web: spec.replicas changed by kubectl (Update, scale)']);
		expect(notifier.kinds()).toEqual(['out-of-sync']);
		expect(notifier.texts()).toEqual(['Deployment/demo/web: spec.replicas changed by kubectl (Update, scale)']);
		expect(state().heals.pending.size).toBe(0);
		await clock.advance(1000);
		expect(cluster.writes()).toEqual([]);
		watches.edit('Deployment/demo/web', scaleTo(2));
		await until(current => current.status.syncStatus === 'Synced', 'the change undone by hand');
		expect(messages('drift-resolved')).toEqual(['Deployment/demo/web is in sync again']);
	});

	it('says when an object is fought over and backs off', async () => {
		const {watches, clock, cluster, state, events, messages} = await startRuntime({policy: {selfHeal: true}});
		for (let round = 1; round <= 3; round++) {
			watches.edit('Deployment/demo/web', scaleTo(4 + round), scaledBy('hpa'));
			await clock.advance(25);
			await clock.advance(100);
			expect(cluster.writes()).toHaveLength(round);
			await clock.advance(25);
			expect(state().status.syncStatus).toBe('Synced');
		}
		watches.edit('Deployment/demo/web', scaleTo(9), scaledBy('hpa'));
		await clock.advance(0);
		expect(state().heals.pending.get(webKey)).toEqual({streak: 3, dueAt: clock.now() + 2000});
		expect(events.filter(event => event.type === 'heal-backoff')).toEqual([
			expect.objectContaining({object: 'Deployment/demo/web', heals: 3, delayMs: 2000}),
		]);
		expect(messages('heal-backoff')).toEqual(['Deployment/demo/web keeps changing back (3 heals in a row); next heal in 2s']);
		await clock.advance(1999);
		expect(cluster.writes()).toHaveLength(3);
		await clock.advance(1);
		expect(cluster.writes()).toHaveLength(4);
	});

	it('does nothing in read-only mode', async () => {
		const {watches, clock, cluster, state, until} = await startRuntime({readOnly: true, policy: {selfHeal: true, autoSync: true}});
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.status.syncStatus === 'OutOfSync', 'drift');
		await clock.advance(1000);
		expect(state().heals.pending.size).toBe(0);
		expect(cluster.calls).toEqual([]);
	});
});
