/**
 * Several apps at once, each with its own destination cluster: a sync of one app writes only to
 * its own cluster, drift in one app leaves the other alone, and the snapshot lists both.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {DriftEngine} from '../../../source/engine/drift-engine.js';
import {
	destinationOf,
	FakeGit,
	FakeRender,
	FakeWatches,
	RecordingAuditLog,
	RecordingNotifier,
	WatchedCluster,
} from './support/fake-ports.js';
import {FakeClock} from './support/fake-clock.js';
import {appDefinition, configMap, deployed, deployment, scaledBy, scaleTo} from './support/fixtures.js';

const engines: DriftEngine[] = [];
afterEach(() => {
	for (const engine of engines.splice(0)) engine.stop();
});

describe('DriftEngine with several apps and destinations', () => {
	it('keeps apps and clusters apart', async () => {
		// One in-memory Git and renderer per repository (their commit SHAs may coincide).
		const shopRender = new FakeRender();
		const blogRender = new FakeRender();
		const shopGit = new FakeGit(shopRender);
		const blogGit = new FakeGit(blogRender);
		const web = deployment('web', 2);
		shopGit.commit('shop: web', [web]);
		blogGit.commit('blog: settings', [configMap('settings', {theme: 'dark'})]);
		const prodWatches = new FakeWatches();
		prodWatches.put(deployed(web, 'shop'));
		const prod = new WatchedCluster(prodWatches);
		const staging = new WatchedCluster(new FakeWatches());
		const clock = new FakeClock();
		const engine = new DriftEngine({
			apps: [
				{
					definition: appDefinition({name: 'shop', sources: [{repoURL: 'memory://shop.git', targetRevision: 'HEAD', path: 'deploy'}]}),
					destination: destinationOf(prod),
					policy: {autoSync: false, selfHeal: true, prune: false},
				},
				{
					definition: appDefinition({name: 'blog', sources: [{repoURL: 'memory://blog.git', targetRevision: 'HEAD', path: 'deploy'}]}),
					destination: destinationOf(staging),
					policy: {autoSync: false, selfHeal: false, prune: false},
				},
			],
			git: repoURL => (repoURL === 'memory://shop.git' ? shopGit : blogGit),
			render: async (dir, source, namespace, appName) =>
				(source.repoURL === 'memory://shop.git' ? shopRender : blogRender).port(dir, source, namespace, appName),
			readOnly: false,
			intervalMs: 3_600_000,
			clock,
			audit: new RecordingAuditLog(),
			notifier: new RecordingNotifier(),
			sleep: async () => {},
		});
		engines.push(engine);
		await engine.start();
		await clock.advance(0);
		const app = (name: string) => engine.getSnapshot().apps.find(view => view.name === name);
		expect(engine.getSnapshot().apps.map(view => view.name)).toEqual(['shop', 'blog']);
		expect(app('shop')?.status.syncStatus).toBe('Synced');
		expect(app('blog')?.status).toMatchObject({syncStatus: 'OutOfSync', counts: {missing: 1}});

		// Syncing blog writes to staging only.
		const result = await engine.sync('blog');
		expect(result.ok).toBe(true);
		expect(staging.writes()).toEqual(['apply ConfigMap/demo/settings']);
		expect(prod.writes()).toEqual([]);
		await clock.advanceUntil(
			() => app('blog')?.status.syncStatus,
			status => status === 'Synced',
			'blog Synced',
		);

		// Drift in prod is healed in prod; blog is untouched.
		prodWatches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await clock.advanceUntil(
			() => prod.writes(),
			writes => writes.includes('apply Deployment/demo/web'),
			'the heal in prod',
		);
		expect(staging.writes()).toEqual(['apply ConfigMap/demo/settings']);
		expect(app('blog')?.timeline.some(event => event.type === 'healed')).toBe(false);
		expect(() => engine.app('nope')).toThrow(/no app named "nope" \(known: shop, blog\)/);
	});
});
