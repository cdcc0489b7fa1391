/**
 * Which applies start a rollout (a changed pod template of a workload whose controller rolls out
 * pods) and when one is over (live at the applied spec, Healthy or Degraded); a copy of the
 * workload from before the apply never ends it.
 */
import {describe, expect, it} from 'vitest';
import type {ObjectState} from '../../../source/core/app-status.js';
import {keyString, type KubeObject, type ResourceKey} from '../../../source/core/kube-object.js';
import {advanceRollouts, type RolloutInProgress, rolloutsOf} from '../../../source/engine/workload-rollouts.js';
import {objectState} from './support/states.js';
import {configMap, deployed, deployment} from './support/fixtures.js';

const web: ResourceKey = {group: 'apps', kind: 'Deployment', namespace: 'demo', name: 'web'};
const placed = <T extends {metadata: {namespace?: string}}>(object: T): T => ({
	...object,
	metadata: {...object.metadata, namespace: 'demo'},
});
const t0 = Date.parse('2025-03-01T10:00:00Z');

function rolling(): ReadonlyMap<string, RolloutInProgress> {
	return new Map([[keyString(web), {object: 'Deployment/demo/web', images: ['nginx:1.28'], since: t0}]]);
}

function state(drift: ObjectState['drift'], health: NonNullable<ObjectState['health']>['status'], message = ''): ObjectState {
	return objectState(web, drift, {health: {status: health, message}});
}

describe('rolloutsOf', () => {
	const liveWeb = placed(deployed(deployment('web', 2)));
	const live = (object: KubeObject) => (object.kind === 'Deployment' ? liveWeb : undefined);

	it('names the workloads whose pod template the sync changes, with the images applied', () => {
		const newImage = objectState(web, 'modified', {changedPaths: ['/spec/template/spec/containers/0/image']});
		expect(rolloutsOf([placed(deployment('web', 2, 'nginx:1.28'))], [newImage], live)).toEqual([
			{key: keyString(web), object: 'Deployment/demo/web', images: ['nginx:1.28']},
		]);
		// An env var, say: the comparison says the template changed, the images are the same.
		const newEnv = objectState(web, 'modified', {changedPaths: ['/spec/template/spec/containers/0/env']});
		expect(rolloutsOf([placed(deployment('web', 2))], [newEnv], live)).toHaveLength(1);
	});

	it("a rollback's objects (not Git's current ones): by their images against live", () => {
		// Git's revision is live (in sync); the rollback applies an older image.
		expect(rolloutsOf([placed(deployment('web', 2, 'nginx:1.26'))], [objectState(web)], live)).toEqual([
			{key: keyString(web), object: 'Deployment/demo/web', images: ['nginx:1.26']},
		]);
	});

	it('leaves out a scale, an object in sync, and kinds without a rollout', () => {
		const scaled = objectState(web, 'modified', {changedPaths: ['/spec/replicas']});
		expect(rolloutsOf([placed(deployment('web', 3))], [scaled], live)).toEqual([]);
		expect(rolloutsOf([placed(deployment('web', 2))], [objectState(web)], live)).toEqual([]);
		expect(rolloutsOf([placed(deployment('web', 2))], [], () => undefined)).toEqual([]);
		const config = {group: '', kind: 'ConfigMap', namespace: 'demo', name: 'config'};
		expect(
			rolloutsOf([placed(configMap('config', {a: 'b'}))], [objectState(config, 'modified', {changedPaths: ['/spec/template']})], live),
		).toEqual([]);
	});
});

describe('advanceRollouts', () => {
	it('keeps a rollout while the workload is Progressing, or live is still the copy from before the apply', () => {
		const inProgress = rolling();
		for (const object of [state('none', 'Progressing'), state('modified', 'Healthy')]) {
			const next = advanceRollouts(inProgress, [object], t0 + 1000);
			expect(next.ended).toEqual([]);
			expect(next.inProgress).toBe(inProgress);
		}
	});

	it('ends it Healthy or Degraded, with how long it took', () => {
		expect(advanceRollouts(rolling(), [state('none', 'Healthy')], t0 + 4000)).toEqual({
			inProgress: new Map(),
			ended: [{key: keyString(web), object: 'Deployment/demo/web', health: 'Healthy', message: '', durationMs: 4000}],
		});
		const deadline = 'Deployment "web" exceeded its progress deadline';
		expect(advanceRollouts(rolling(), [state('none', 'Degraded', deadline)], t0 + 600_000).ended).toEqual([
			{key: keyString(web), object: 'Deployment/demo/web', health: 'Degraded', message: deadline, durationMs: 600_000},
		]);
	});

	it('looks only at the reassessed objects, and drops a workload that is gone without an entry', () => {
		const key = keyString(web);
		const untouched = advanceRollouts(rolling(), [state('none', 'Healthy')], t0, []);
		expect(untouched.ended).toEqual([]);
		const deleted = advanceRollouts(rolling(), [], t0, [{key, after: undefined}]);
		expect(deleted).toEqual({inProgress: new Map(), ended: []});
		expect(advanceRollouts(rolling(), [], t0)).toEqual({inProgress: new Map(), ended: []});
	});
});
