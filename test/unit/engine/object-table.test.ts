/**
 * The incremental comparison (LiveIndex + ObjectTable: a watch event reassesses only what it
 * touched) against the from-scratch one (core/assemble-app-status.ts) after each step of a
 * sequence of watch events: both must give the same objects, counts, sync status and health.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {assembleAppStatus} from '../../../source/core/assemble-app-status.js';
import {type KubeObject, keyString, resourceKeyOf} from '../../../source/core/kube-object.js';
import {isTrackedBy} from '../../../source/core/tracking.js';
import {isRelatedKind} from '../../../source/core/watched-kinds.js';
import type {FakeWatches} from './support/fake-ports.js';
import {appDefinition, configMap, deployed, deployment, scaledBy, scaleTo} from './support/fixtures.js';
import {startRuntime, stopAll} from './support/start-runtime.js';

afterEach(stopAll);

const web = deployment('web', 2);
const api = deployment('api', 1);
const settings = configMap('settings', {mode: 'prod'});

function owned(
	kind: 'ReplicaSet' | 'Pod',
	name: string,
	uid: string,
	owner: {kind: string; name: string; uid: string},
	status: Record<string, unknown> = {},
): KubeObject {
	return {
		apiVersion: kind === 'Pod' ? 'v1' : 'apps/v1',
		kind,
		metadata: {
			name,
			namespace: 'demo',
			uid,
			ownerReferences: [{apiVersion: 'apps/v1', kind: owner.kind, name: owner.name, uid: owner.uid, controller: true}],
		},
		spec: kind === 'Pod' ? {restartPolicy: 'Always', containers: [{name: 'app', image: 'app:1'}]} : {replicas: 1},
		status,
	};
}

const running = {
	phase: 'Running',
	conditions: [{type: 'Ready', status: 'True'}],
	containerStatuses: [{name: 'app', ready: true, state: {running: {}}}],
};
const crashing = {
	phase: 'Running',
	containerStatuses: [{name: 'app', ready: false, state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 10s'}}}],
};

/** The status assembled from scratch from everything the watches hold now. */
function fromScratch(watches: FakeWatches, git: readonly KubeObject[]) {
	const desired = git.map(object => ({...object, metadata: {...object.metadata, namespace: 'demo'}}));
	const everything = watches.keys().map(display => watches.find(display) as KubeObject);
	const desiredKeys = new Set(desired.map(object => keyString(resourceKeyOf(object))));
	const live = new Map(
		everything
			.filter(object => desiredKeys.has(keyString(resourceKeyOf(object))))
			.map(object => [keyString(resourceKeyOf(object)), object]),
	);
	const extras = everything
		.filter(object => isTrackedBy('shop', object) && !desiredKeys.has(keyString(resourceKeyOf(object))))
		.sort((a, b) => (keyString(resourceKeyOf(a)) < keyString(resourceKeyOf(b)) ? -1 : 1));
	const related = everything.filter(object => isRelatedKind(object.apiVersion, object.kind));
	const {objects, counts, syncStatus, health} = assembleAppStatus({
		app: appDefinition(),
		desired,
		live,
		extras,
		related,
		predicted: new Map(),
		revisions: [],
		notices: [],
		warnings: [],
		now: new Date(),
	});
	return {objects, counts, syncStatus, health};
}

describe('incremental comparison', () => {
	it('says what a from-scratch comparison says, after every watch event', async () => {
		const desired = [web, api, settings];
		const liveWeb = {...deployed(web), metadata: {...deployed(web).metadata, uid: 'uid-web'}};
		const liveApi = {...deployed(api), metadata: {...deployed(api).metadata, uid: 'uid-api'}};
		const rs = owned(
			'ReplicaSet',
			'web-1',
			'uid-rs',
			{kind: 'Deployment', name: 'web', uid: 'uid-web'},
			{availableReplicas: 1, replicas: 1, observedGeneration: 0},
		);
		const pod = owned('Pod', 'web-1-a', 'uid-pod', {kind: 'ReplicaSet', name: 'web-1', uid: 'uid-rs'}, running);
		// Read-only: no dry runs, so the from-scratch comparison needs no predictions.
		const {watches, clock, state} = await startRuntime({
			readOnly: true,
			desired,
			live: [liveWeb, liveApi, deployed(settings), deployed(configMap('old', {})), rs, pod],
		});
		const check = async (what: string) => {
			await clock.advance(25);
			const {objects, counts, syncStatus, health} = state().status;
			expect({objects, counts, syncStatus, health}, what).toEqual(fromScratch(watches, desired));
		};
		await check('start');
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await check('scaled');
		watches.edit('Pod/demo/web-1-a', object => void (object['status'] = crashing));
		await check('a pod crashing under web');
		watches.put(owned('Pod', 'web-1-b', 'uid-pod-b', {kind: 'ReplicaSet', name: 'web-1', uid: 'uid-rs'}, crashing));
		await check('a second crashing pod');
		watches.remove({apiVersion: 'v1', kind: 'Pod', namespace: 'demo', name: 'web-1-a'});
		await check('a pod deleted');
		watches.remove({apiVersion: 'v1', kind: 'ConfigMap', namespace: 'demo', name: 'settings'});
		await check('a desired object deleted');
		watches.put(deployed(configMap('leftover', {})));
		await check('a new tracked extra');
		watches.edit('ConfigMap/demo/old', object => void (object.metadata.annotations = {}));
		await check('an extra loses its tracking');
		watches.remove({apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'demo', name: 'api'});
		watches.remove({apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'demo', name: 'web'});
		await check('every workload gone');
		watches.remove({apiVersion: 'v1', kind: 'ConfigMap', namespace: 'demo', name: 'leftover'});
		await check('nothing of the app left live');
		expect(state().status.health.status).toBe('Missing');
	});
});
