/**
 * The Argo CD mode's engine over fakes, for engine and UI tests: one cluster (Argo CD's and the
 * destination), one Git commit, one Application as Argo CD's controller would have written it.
 */
import {DriftwatchError} from '../../../../source/core/errors.js';
import {ArgoCdEngine} from '../../../../source/engine/argocd/argocd-engine.js';
import type {AppView} from '../../../../source/engine/engine-state.js';
import {application, argoNamespace, FakeApplicationWriter} from './fake-argocd.js';
import {FakeClock} from './fake-clock.js';
import {destinationOf, FakeGit, FakeRender, FakeWatches, WatchedCluster} from './fake-ports.js';
import {deployed, deployment} from './fixtures.js';

const engines: ArgoCdEngine[] = [];

/** Stops every engine setupAttached started. */
export function stopAttached(): void {
	for (const engine of engines.splice(0)) engine.stop();
}

export const webResource = (status: string, health?: Record<string, string>) => ({
	group: 'apps',
	version: 'v1',
	kind: 'Deployment',
	namespace: 'demo',
	name: 'web',
	status,
	...(health ? {health} : {}),
});

/** An ArgoCdEngine over fakes: one Application "shop" (Synced, Healthy) deploying Deployment web, Argo CD's history of one sync. */
export async function setupAttached(options: {forbid?: boolean; automated?: Record<string, unknown>; unreachable?: boolean} = {}) {
	const render = new FakeRender();
	const git = new FakeGit(render);
	const web = deployment('web', 2);
	const commit = git.commit('web: first version', [web]);
	const live = new FakeWatches();
	live.put(deployed(web));
	const status = (sync: string, extra: Record<string, unknown> = {}) => ({
		sync: {status: sync, revision: commit.sha},
		health: {status: 'Healthy'},
		resourceHealthSource: 'appTree',
		resources: [webResource(sync)],
		reconciledAt: '2025-03-01T10:00:00Z',
		history: [
			{
				id: 0,
				revision: commit.sha,
				deployedAt: '2025-03-01T09:00:00Z',
				initiatedBy: {username: 'ana'},
				source: {repoURL: 'memory://shop.git', path: 'deploy', targetRevision: 'main'},
			},
		],
		...extra,
	});
	live.put(application({name: 'shop', status: status('Synced'), ...(options.automated ? {automated: options.automated} : {})}));
	const cluster = new WatchedCluster(live);
	if (options.forbid) cluster.forbid('Application');
	const home = destinationOf(cluster);
	const writer = new FakeApplicationWriter(live);
	const clock = new FakeClock();
	const engine = new ArgoCdEngine({
		namespace: argoNamespace,
		home,
		applications: writer,
		resolveDestination: async () =>
			options.unreachable
				? Promise.reject(new DriftwatchError('config-invalid', 'no kubeconfig context points at https://prod.example'))
				: Promise.resolve(home),
		git: () => git,
		render: render.port,
		clock,
		readOnly: false,
		intervalMs: 3_600_000,
	});
	engines.push(engine);
	await engine.start();
	await clock.advance(0);
	const view = (name = 'shop'): AppView | undefined => engine.getSnapshot().apps.find(app => app.name === name);
	return {engine, live, cluster, writer, clock, commit, status, view};
}
