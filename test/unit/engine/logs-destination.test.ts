/**
 * Pod logs come from the cluster of the app that shows the pod, even when two clusters have the
 * same namespace: the app the UI names, else the app whose tree holds the pod.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {DriftEngine} from '../../../source/engine/drift-engine.js';
import type {Destination} from '../../../source/ports/destination.js';
import {FakeClock} from './support/fake-clock.js';
import {destinationOf, FakeGit, FakeRender, FakeWatches, WatchedCluster} from './support/fake-ports.js';
import {appDefinition, deployed, deployment} from './support/fixtures.js';

const engines: DriftEngine[] = [];
afterEach(() => {
	for (const engine of engines.splice(0)) engine.stop();
});

/** A destination whose log requests are recorded under `name`, running Deployment web with one pod. */
function cluster(name: string, calls: string[], pod: string): Destination {
	const watches = new FakeWatches();
	const live = deployed(deployment('web', 1));
	live.metadata.uid = `${name}-deployment`;
	watches.put(live);
	const owner = (kind: string, owned: string, uid: string) => [{apiVersion: 'apps/v1', kind, name: owned, uid, controller: true}];
	watches.put({
		apiVersion: 'apps/v1',
		kind: 'ReplicaSet',
		metadata: {name: 'web-1', namespace: 'demo', uid: `${name}-rs`, ownerReferences: owner('Deployment', 'web', `${name}-deployment`)},
		spec: {replicas: 1},
	});
	watches.put({
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name: pod, namespace: 'demo', uid: `${name}-pod`, ownerReferences: owner('ReplicaSet', 'web-1', `${name}-rs`)},
		spec: {containers: [{name: 'web', image: 'nginx'}]},
		status: {phase: 'Running'},
	});
	return {
		...destinationOf(new WatchedCluster(watches)),
		logs: target => {
			calls.push(`${name}: ${target.namespace}/${target.name}`);
			return () => {};
		},
	};
}

describe('DriftEngine.followLogs with two clusters sharing a namespace', () => {
	it('asks the cluster of the named app, or of the app whose tree holds the pod', async () => {
		const render = new FakeRender();
		const git = new FakeGit(render);
		const web = deployment('web', 1);
		git.commit('web', [web]);
		const calls: string[] = [];
		const a = cluster('a', calls, 'web-1-on-a');
		const b = cluster('b', calls, 'web-1-on-b');
		const engine = new DriftEngine({
			apps: [
				{definition: appDefinition({name: 'on-a'}), destination: a, policy: {autoSync: false, selfHeal: false, prune: false}},
				{definition: appDefinition({name: 'on-b'}), destination: b, policy: {autoSync: false, selfHeal: false, prune: false}},
			],
			git: () => git,
			render: render.port,
			clock: new FakeClock(),
			readOnly: true,
			intervalMs: 3_600_000,
		});
		engines.push(engine);
		await engine.start();
		const ignore = () => {};
		engine.followLogs({namespace: 'demo', name: 'anything', app: 'on-b'}, undefined, ignore, ignore);
		expect(calls).toEqual(['b: demo/anything']);
		// Unnamed: the app whose tree holds the pod, though both apps deploy to namespace demo.
		expect(engine.app('on-b').tree[0]?.children[0]?.children[0]?.key.name).toBe('web-1-on-b');
		engine.followLogs({namespace: 'demo', name: 'web-1-on-b'}, undefined, ignore, ignore);
		engine.followLogs({namespace: 'demo', name: 'web-1-on-a'}, undefined, ignore, ignore);
		expect(calls.slice(1)).toEqual(['b: demo/web-1-on-b', 'a: demo/web-1-on-a']);
	});
});
