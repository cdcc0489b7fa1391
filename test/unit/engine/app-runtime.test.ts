/**
 * AppRuntime on fake ports and a fake clock: start-up, Git polls and renders, the watches it
 * keeps, failures, and bursts of watch events. (app-policies.test.ts runs its policies;
 * drift-engine.test.ts the whole engine with the actions.)
 */
import {afterEach, describe, expect, it} from 'vitest';
import {DriftwatchError} from '../../../source/core/errors.js';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {configMap, scaledBy, scaleTo} from './support/fixtures.js';
import {config, startRuntime, stopAll, web} from './support/start-runtime.js';

afterEach(stopAll);

describe('AppRuntime: start-up', () => {
	it('renders the target revision, watches what it renders, and finds the app in sync', async () => {
		const {state, watches, git, messages, cluster} = await startRuntime();
		expect(state().status).toMatchObject({syncStatus: 'Synced', health: {status: 'Healthy'}, error: null});
		expect(state().evaluated).toBe(true);
		expect(state().status.revision?.shortSha).toBe('0000001');
		expect(state().deployedSha).toBe(git.head.sha);
		expect(messages('commit-seen')).toEqual(['watching 0000001: first']);
		// Every rendered kind and the kinds tracking may sit on, in the app's namespace; the kinds
		// under workloads (ReplicaSets, Pods, Jobs) because it has a workload.
		expect(watches.open).toContain('apps/v1/Deployment/demo');
		expect(watches.open).toContain('v1/ConfigMap/demo');
		expect(watches.open).toContain('apps/v1/ReplicaSet/demo');
		expect(watches.open).toContain('v1/Pod/demo');
		expect(watches.open).toContain('batch/v1/Job/demo');
		expect(watches.open).toContain('batch/v1/CronJob/demo');
		// The checkout is given back once rendered; the revision was resolved once.
		expect(git.disposed).toBe(git.checkouts.length);
		expect(git.resolved).toEqual(['HEAD']);
		// Only dry runs (the server's prediction of each live object), no write.
		expect(cluster.writes()).toEqual([]);
		expect(cluster.requests()).toEqual(['dry apply Deployment/demo/web', 'dry apply ConfigMap/demo/config']);
	});

	it('does not count tracking as drift', async () => {
		const {state} = await startRuntime();
		expect(state().status.counts).toEqual({synced: 2, modified: 0, missing: 0, extra: 0});
	});

	it('sends no request at all in read-only mode, says why actions are not allowed, and warns that Git fields are compared', async () => {
		const {state, cluster} = await startRuntime({readOnly: true, policy: {autoSync: true, selfHeal: true}});
		expect(state().status.syncStatus).toBe('Synced');
		expect(state().permissions.sync).toEqual({allowed: false, reason: 'read-only mode (--read-only)'});
		expect(state().permissions.prune.reason).toBe('read-only mode (--read-only)');
		expect(state().status.warnings).toEqual([
			'read-only mode (--read-only): no server-side dry run is sent, so the comparison uses the fields Git sets only',
		]);
		expect(cluster.calls).toEqual([]);
	});

	it('reports denied permissions with the user and verbs', async () => {
		const {state} = await startRuntime({desired: [config], cluster: cluster => void cluster.forbid('ConfigMap')});
		expect(state().permissions.sync).toEqual({
			allowed: false,
			reason: 'user "restricted" cannot create ConfigMap in demo, cannot patch ConfigMap in demo',
		});
		expect(state().permissions.prune).toEqual({allowed: false, reason: 'user "restricted" cannot delete ConfigMap in demo'});
	});

	it('is "Not evaluated yet" until the first evaluation', async () => {
		const {state, runtime, clock} = await startRuntime({noStart: true});
		expect(state().evaluated).toBe(false);
		expect(state().status).toMatchObject({syncStatus: 'Unknown', health: {status: 'Unknown', message: 'Not evaluated yet'}, error: null});
		await runtime.start();
		await clock.advance(0);
		expect(state().evaluated).toBe(true);
	});

	it('stop() closes every watch and drops pending heals and the poll timer', async () => {
		const {runtime, watches, clock, cluster, state, until} = await startRuntime({policy: {selfHeal: true}});
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await until(current => current.heals.pending.size === 1, 'a pending heal');
		runtime.stop();
		expect(watches.open).toEqual([]);
		expect(clock.pending()).toEqual([]);
		await clock.advance(10_000);
		expect(cluster.writes()).toEqual([]);
		expect(state().status.syncStatus).toBe('OutOfSync');
	});
});

describe('AppRuntime: Git polls', () => {
	it('reports a new commit as OutOfSync and does nothing else in manual mode', async () => {
		const {runtime, git, types, messages, cluster, state} = await startRuntime({policy: {selfHeal: true}});
		git.commit('second', [web, configMap('config', {color: 'green'})]);
		await runtime.pollOnce();
		expect(state().status.syncStatus).toBe('OutOfSync');
		expect(state().status.revision?.shortSha).toBe('0000002');
		expect(messages('commit-seen').at(-1)).toBe('new commit 0000002: second (Ana Lopez)');
		// A new commit is not drift: no event, no auto-sync, and self-heal does not deploy it either.
		expect(types()).not.toContain('drift-detected');
		expect(state().heals.pending.size).toBe(0);
		expect(state().operation).toBeNull();
		expect(cluster.writes()).toEqual([]);
	});

	it('re-renders only when the commit changed, and resolves each revision once per poll', async () => {
		const {runtime, render, git} = await startRuntime();
		await runtime.pollOnce();
		await runtime.pollOnce();
		expect(render.rendered).toHaveLength(1);
		expect(git.resolved).toEqual(['HEAD', 'HEAD', 'HEAD']);
		await runtime.pollOnce({force: true});
		expect(render.rendered).toHaveLength(2);
		expect(git.resolved).toHaveLength(4);
	});

	it('polls on its interval as the clock moves, and says when the next fetch is due', async () => {
		const {git, clock, state} = await startRuntime({intervalMs: 30_000});
		expect(state().poll.nextFetchAt).toBe(new Date(clock.now() + 30_000).toISOString());
		git.commit('second', [web, configMap('config', {color: 'green'})]);
		await clock.advance(29_999);
		expect(state().status.revision?.shortSha).toBe('0000001');
		await clock.advance(1);
		expect(state().status.revision?.shortSha).toBe('0000002');
		expect(state().poll.lastFetch).toBe(new Date(clock.now()).toISOString());
	});
});

describe('AppRuntime: watch events', () => {
	it('compares the first watch event at once, and gathers a burst into one comparison per 25 ms', async () => {
		const {watches, clock, state, cluster} = await startRuntime();
		const before = state().status;
		const dryRuns = cluster.requests().length;
		for (let replicas = 3; replicas < 53; replicas++) watches.edit('Deployment/demo/web', scaleTo(replicas), scaledBy());
		await clock.advance(0);
		expect(state().status).not.toBe(before);
		expect(state().status.objects[0]?.diff?.unified.some(line => line.text.includes('replicas: 52'))).toBe(true);
		// One comparison, one dry run of the object that changed; the ConfigMap's prediction is reused.
		expect(cluster.requests().slice(dryRuns)).toEqual(['dry apply Deployment/demo/web']);
		// More of the burst right after: it waits for the window of the comparison that just ran.
		const first = state().status;
		for (let replicas = 53; replicas < 60; replicas++) watches.edit('Deployment/demo/web', scaleTo(replicas), scaledBy());
		await clock.advance(24);
		expect(state().status).toBe(first);
		await clock.advance(1);
		expect(state().status.objects[0]?.diff?.unified.some(line => line.text.includes('replicas: 59'))).toBe(true);
		expect(cluster.requests().slice(dryRuns)).toEqual(['dry apply Deployment/demo/web', 'dry apply Deployment/demo/web']);
	});
});

describe('AppRuntime: Git and render failures', () => {
	it('reports a Git failure once, keeps the last status, and recovers', async () => {
		const {runtime, git, messages, state} = await startRuntime();
		git.failWith(new DriftwatchError('git-failed', 'cannot fetch memory://shop.git', {hint: 'check the network'}));
		await runtime.pollOnce();
		await runtime.pollOnce();
		expect(messages('error')).toEqual(['Git: cannot fetch memory://shop.git (check the network)']);
		expect(state().poll.error).toBe('cannot fetch memory://shop.git (check the network)');
		expect(state().status.syncStatus).toBe('Synced');
		git.failWith(undefined);
		await runtime.pollOnce();
		expect(state().poll.error).toBeNull();
	});

	it('makes the app Unknown with the error when Git fails before the first render', async () => {
		const {runtime, git, state, clock} = await startRuntime({noStart: true, policy: {autoSync: true, selfHeal: true}});
		git.failWith(new DriftwatchError('git-failed', 'repository not found'));
		await runtime.start();
		await clock.advance(0);
		expect(state().evaluated).toBe(true);
		expect(state().status).toMatchObject({
			syncStatus: 'Unknown',
			health: {status: 'Unknown', message: 'repository not found'},
			error: {code: 'git-failed', message: 'repository not found'},
		});
	});

	it('makes the app Unknown on a render failure, says so once, and re-renders on the next poll', async () => {
		const {runtime, git, render, messages, state} = await startRuntime();
		const second = git.commit('second', [web, configMap('config', {color: 'green'})]);
		render.fail(second.sha, new DriftwatchError('render-failed', 'kustomize build failed', {hint: 'run kustomize build locally'}));
		await runtime.pollOnce();
		await runtime.pollOnce();
		expect(state().status).toMatchObject({
			syncStatus: 'Unknown',
			error: {code: 'render-failed', message: 'kustomize build failed', hint: 'run kustomize build locally'},
		});
		expect(messages('error')).toEqual(['kustomize build failed (run kustomize build locally)']);
		render.heal(second.sha);
		await runtime.pollOnce();
		expect(state().status).toMatchObject({syncStatus: 'OutOfSync', error: null});
		expect(state().status.revision?.shortSha).toBe('0000002');
	});
});

describe('AppRuntime: watches follow what Git renders', () => {
	it('adds watches for new kinds and drops the workload kinds when no workload is left', async () => {
		const {runtime, git, watches, state} = await startRuntime();
		const widget: KubeObject = {apiVersion: 'example.com/v1', kind: 'Widget', metadata: {name: 'w'}, spec: {size: 1}};
		git.commit('widgets, no deployment', [config, widget]);
		await runtime.pollOnce();
		expect(watches.open).toContain('example.com/v1/Widget/demo');
		expect(watches.open).not.toContain('v1/Pod/demo');
		expect(watches.open).not.toContain('apps/v1/ReplicaSet/demo');
		// The Deployment is still watched (a kind tracking may sit on): it shows up as extra.
		expect(state().status.counts).toEqual({synced: 1, modified: 0, missing: 1, extra: 1});
	});
});
