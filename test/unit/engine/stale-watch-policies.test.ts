/**
 * Policies never act on a stale picture: a watch cache whose first list has not answered (a
 * loaded API server takes longer than the runtime's 15 s wait) or that is reconnecting may show
 * an object as missing or drifted when it is not. Reported once on a loaded machine: objects shown
 * Missing right after the first sync, then a self-heal applying one of them. These tests hold a
 * kind's list or drop its watch on the fake watches, and check that neither auto-sync nor
 * self-heal writes until the cache is current, and that they act once it is, if there is still
 * something to do.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {scaledBy, scaleTo} from './support/fixtures.js';
import {startRuntime, stopAll, webKey} from './support/start-runtime.js';

afterEach(stopAll);

describe('AppRuntime: policies wait for current watch caches', () => {
	it('does not heal an object whose first list is still out after the first sync (the reported glitch)', async () => {
		const {runtime, clock, cluster, audit, state, until} = await startRuntime({
			policy: {autoSync: true, selfHeal: true},
			live: [],
			noStart: true,
			cluster: (_cluster, watches) => watches.holdList('apps/v1', 'Deployment'),
		});
		const started = runtime.start();
		// The runtime waits 15 s for first lists, then compares without the Deployments.
		await clock.advance(15_000);
		await started;
		expect(state().status.warnings.join('\n')).toContain('Deployment in demo not listed yet');
		await clock.advance(5_000);
		// Nothing was acted on while the Deployment cache could not say what the cluster has.
		expect(cluster.writes()).toEqual([]);
		expect(audit.summary()).toEqual([]);
		const {watches} = cluster;
		watches.releaseList('apps/v1', 'Deployment');
		await until(current => current.status.syncStatus === 'Synced', 'the first deploy, once every cache has listed');
		await clock.advance(5_000);
		expect(cluster.writes()).toEqual(['apply ConfigMap/demo/config', 'apply Deployment/demo/web']);
		expect(audit.summary()).toEqual(['sync succeeded']);
	});

	it('does not heal from a reconnecting cache: the drift it shows may be gone', async () => {
		const {cluster, clock, state, until, audit} = await startRuntime({policy: {selfHeal: true}});
		const {watches} = cluster;
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.heals.pending.has(webKey), 'a pending heal');
		// The watch drops before the heal's debounce ends; meanwhile someone scales it back.
		watches.disconnect('apps/v1', 'Deployment');
		watches.edit('Deployment/demo/web', scaleTo(2), scaledBy());
		await clock.advance(10_000);
		expect(cluster.writes()).toEqual([]);
		expect(state().status.syncStatus).toBe('OutOfSync');
		watches.reconnect('apps/v1', 'Deployment');
		await until(current => current.status.syncStatus === 'Synced', 'the relist');
		await clock.advance(10_000);
		expect(cluster.writes()).toEqual([]);
		expect(audit.summary()).toEqual([]);
	});

	it('heals a drift that is still there once the watch is back, with no watch event to wake it', async () => {
		const {cluster, clock, until} = await startRuntime({policy: {selfHeal: true}});
		const {watches} = cluster;
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.heals.pending.has(webKey), 'a pending heal');
		watches.disconnect('apps/v1', 'Deployment');
		await clock.advance(10_000);
		expect(cluster.writes()).toEqual([]);
		// The relist finds the object as it was: no change to report, and the heal must still come.
		watches.reconnect('apps/v1', 'Deployment');
		await until(current => current.status.syncStatus === 'Synced', 'the heal after the reconnect');
		expect(cluster.writes()).toEqual(['apply Deployment/demo/web']);
	});
});
