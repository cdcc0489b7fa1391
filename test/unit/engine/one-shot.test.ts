/**
 * The one-shot evaluation (`status`, `diff`) on fake ports: the live engine started once, each app
 * evaluated completely, then stopped: no write, no policy, no timer left, one list per kind and
 * namespace, dry runs in parallel within a bound.
 */
import {describe, expect, it} from 'vitest';
import {DriftwatchError} from '../../../source/core/errors.js';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {evaluateOnce} from '../../../source/engine/one-shot.js';
import {FakeClock} from './support/fake-clock.js';
import {destinationOf, FakeGit, FakeRender, FakeWatches, WatchedCluster} from './support/fake-ports.js';
import {appDefinition, configMap, deployed, deployment, scaleTo} from './support/fixtures.js';

const all = {autoSync: true, selfHeal: true, prune: true};

describe('evaluateOnce', () => {
	it('evaluates every app once, in order, and leaves nothing running or changed', async () => {
		const render = new FakeRender();
		const git = new FakeGit(render);
		const web = deployment('web', 2);
		git.commit('first', [web, configMap('config', {color: 'blue'})]);
		const watches = new FakeWatches();
		const scaled = deployed(web);
		scaleTo(5)(scaled);
		// Drifted, and an extra object: with every policy on, a live engine would heal and prune.
		watches.put(scaled);
		watches.put(deployed(configMap('old', {})));
		const cluster = new WatchedCluster(watches);
		const clock = new FakeClock();
		const statuses = await evaluateOnce({
			apps: [
				{definition: appDefinition({name: 'shop'}), destination: destinationOf(cluster), policy: all},
				{definition: appDefinition({name: 'blog'}), destination: destinationOf(cluster), policy: all},
			],
			git: () => git,
			render: render.port,
			clock,
			readOnly: false,
			intervalMs: 1000,
		});
		expect(statuses.map(status => status.name)).toEqual(['shop', 'blog']);
		expect(statuses[0]).toMatchObject({syncStatus: 'OutOfSync', counts: {synced: 0, modified: 1, missing: 1, extra: 1}, error: null});
		expect(statuses[0]?.health.message).not.toBe('Not evaluated yet');
		// The other app sees shop's objects as foreign: its Deployment is not tracked by blog.
		expect(statuses[1]?.counts).toEqual({synced: 0, modified: 1, missing: 1, extra: 0});
		expect(cluster.writes()).toEqual([]);
		expect(clock.pending()).toEqual([]);
		expect(watches.open).toEqual([]);
		// One list (subscription) per kind and namespace per app, never one request per object.
		const perApp = watches.opened.length / 2;
		expect(new Set(watches.opened).size).toBe(perApp);
		expect(watches.opened.filter(id => id === 'apps/v1/Deployment/demo')).toHaveLength(2);
	});

	it('runs dry runs in parallel, at most 6 at a time', async () => {
		const render = new FakeRender();
		const git = new FakeGit(render);
		const objects = Array.from({length: 20}, (_, index) => configMap(`c${index}`, {n: String(index)}));
		git.commit('many', objects);
		const watches = new FakeWatches();
		for (const object of objects) watches.put(deployed(object));
		const cluster = new WatchedCluster(watches);
		let inFlight = 0;
		let most = 0;
		const apply = cluster.apply.bind(cluster);
		cluster.apply = async (object: KubeObject, options) => {
			inFlight++;
			most = Math.max(most, inFlight);
			await new Promise(resolve => setImmediate(resolve));
			inFlight--;
			return apply(object, options);
		};
		const [status] = await evaluateOnce({
			apps: [{definition: appDefinition(), destination: destinationOf(cluster), policy: all}],
			git: () => git,
			render: render.port,
			clock: new FakeClock(),
			readOnly: false,
			intervalMs: 1000,
		});
		expect(status?.counts.synced).toBe(20);
		expect(cluster.requests().filter(request => request.startsWith('dry apply'))).toHaveLength(20);
		expect(most).toBe(6);
	});

	it('reports an app whose Git fails as Unknown with the error, and still evaluates the others', async () => {
		const render = new FakeRender();
		const good = new FakeGit(render);
		good.commit('first', [configMap('config', {color: 'blue'})]);
		const broken = new FakeGit(new FakeRender());
		broken.failWith(new DriftwatchError('git-failed', 'repository not found', {hint: 'check the URL'}));
		const cluster = new WatchedCluster(new FakeWatches());
		const statuses = await evaluateOnce({
			apps: [
				{
					definition: appDefinition({name: 'shop', sources: [{repoURL: 'memory://gone.git', targetRevision: 'HEAD', path: '.'}]}),
					destination: destinationOf(cluster),
					policy: all,
				},
				{definition: appDefinition({name: 'blog'}), destination: destinationOf(cluster), policy: all},
			],
			git: repoURL => (repoURL === 'memory://gone.git' ? broken : good),
			render: render.port,
			clock: new FakeClock(),
			readOnly: false,
			intervalMs: 1000,
		});
		expect(statuses[0]).toMatchObject({
			syncStatus: 'Unknown',
			health: {status: 'Unknown', message: 'repository not found (check the URL)'},
			error: {code: 'git-failed', message: 'repository not found', hint: 'check the URL'},
		});
		expect(statuses[1]).toMatchObject({syncStatus: 'OutOfSync', error: null, counts: {missing: 1}});
	});
});
