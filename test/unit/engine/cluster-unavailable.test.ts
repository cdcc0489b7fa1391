/**
 * An app whose cluster cannot be reached still shows Git: the revision, the rendered objects with
 * their live state Unknown, the commit history; the status carries the cluster's classified error
 * (message and what to try), once in the timeline; nothing is acted on; and the next poll finds the
 * cluster again. Also with no kubeconfig at all (the unavailable destination the watch runs on).
 */
import {afterEach, describe, expect, it} from 'vitest';
import {unavailableDestination} from '../../../source/cluster/unavailable-destination.js';
import {DriftwatchError} from '../../../source/core/errors.js';
import {DriftEngine} from '../../../source/engine/drift-engine.js';
import {headerProblems} from '../../../source/ui/select-header.js';
import {FakeClock} from './support/fake-clock.js';
import {FakeGit, FakeRender} from './support/fake-ports.js';
import {appDefinition} from './support/fixtures.js';
import {config, startRuntime, stopAll, web} from './support/start-runtime.js';

afterEach(stopAll);

const refused = new DriftwatchError(
	'cluster-unreachable',
	'nothing answers at the API server at https://fake.invalid (context "fake"): connection refused',
	{hint: "check that the cluster is running and the kubeconfig's server address is right"},
);

describe('an app whose cluster cannot be reached', () => {
	it("shows Git's revision and objects (live state Unknown) with the error, acts on nothing, and recovers", async () => {
		const {runtime, state, first, cluster, types, clock} = await startRuntime({
			policy: {autoSync: true, selfHeal: true},
			live: [],
			cluster: fake => void (fake.down = refused),
		});
		const {status, tree} = state();
		expect(status).toMatchObject({syncStatus: 'Unknown', health: {status: 'Unknown'}, error: {code: 'cluster-unreachable'}});
		expect(status.revision?.sha).toBe(first.sha);
		expect(status.health.message).toBe(`${refused.message} (${refused.hint})`);
		expect(tree.map(node => `${node.key.kind}/${node.key.namespace}/${node.key.name} ${node.health?.status} ${node.liveState}`)).toEqual([
			'Deployment/demo/web Unknown unknown',
			'ConfigMap/demo/config Unknown unknown',
		]);
		// Every poll tries again; the timeline says it once.
		await runtime.pollOnce();
		await runtime.pollOnce();
		expect(types().filter(type => type === 'error')).toHaveLength(1);
		await clock.advance(5_000);
		expect(cluster.writes()).toEqual([]);
		cluster.down = undefined;
		await runtime.pollOnce();
		await clock.advance(1_000);
		expect(state().status.error).toBeNull();
		expect(state().status.syncStatus).toBe('Synced');
		expect(cluster.writes()).toEqual(['apply Deployment/demo/web', 'apply ConfigMap/demo/config'].sort());
	});

	it('with no kubeconfig at all: the engine runs, the app shows Git and its history, the header says what to do', async () => {
		const render = new FakeRender();
		const git = new FakeGit(render);
		const commit = git.commit('first', [web, config]);
		const noKubeconfig = new DriftwatchError(
			'cluster-unreachable',
			'no kubeconfig found (KUBECONFIG is not set and ~/.kube/config does not exist)',
			{hint: '`driftwatch lab` (`npm start` in the driftwatch project) runs a local lab cluster, or set KUBECONFIG'},
		);
		const clock = new FakeClock();
		const engine = new DriftEngine({
			apps: [
				{
					definition: appDefinition(),
					destination: unavailableDestination(noKubeconfig, {context: 'none', server: 'no cluster'}),
					policy: {autoSync: true, selfHeal: true, prune: true},
				},
			],
			git: () => git,
			render: render.port,
			clock,
			readOnly: false,
			intervalMs: 3_600_000,
		});
		try {
			await engine.start();
			const snapshot = engine.getSnapshot();
			const [app] = snapshot.apps;
			expect(snapshot).toMatchObject({context: 'none', server: 'no cluster'});
			expect(app?.status.revision?.sha).toBe(commit.sha);
			expect(app?.tree).toHaveLength(2);
			expect(app?.status.error?.message).toBe(noKubeconfig.message);
			expect((await engine.commits(app?.name ?? '')).map(entry => entry.subject)).toEqual(['first']);
			expect(headerProblems(snapshot, app)[0]).toBe(
				"Cluster: no kubeconfig found (KUBECONFIG is not set and ~/.kube/config does not exist). `driftwatch lab` (`npm start` in the driftwatch project) runs a local lab cluster, or set KUBECONFIG. Git's side is shown; driftwatch retries on every poll.",
			);
		} finally {
			engine.stop();
		}
	});

	it('names an unusable kubeconfig (an unknown context) as a cluster it cannot reach, keeping the words', async () => {
		const destination = unavailableDestination(
			new DriftwatchError('config-invalid', 'kubeconfig has no context named "prod"', {hint: 'known contexts: kind-demo'}),
			{context: 'prod', server: 'no cluster'},
		);
		const error = await destination.cluster.isNamespaced('v1', 'ConfigMap').catch((thrown: unknown) => thrown);
		expect(error).toMatchObject({
			code: 'cluster-unreachable',
			message: 'kubeconfig has no context named "prod"',
			hint: 'known contexts: kind-demo',
		});
		const {cache} = destination.watches.subscribe('v1', 'ConfigMap', 'demo', () => {});
		expect(cache).toMatchObject({phase: 'failed', listed: false});
	});
});
