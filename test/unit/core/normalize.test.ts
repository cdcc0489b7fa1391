import {describe, expect, it} from 'vitest';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {normalizeDesired, normalizeLive} from '../../../source/core/normalize.js';
import {overlayDesired} from '../../../source/core/overlay-desired.js';
import {loadFixture} from './support/compare-fixtures.js';

function object(fields: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c', namespace: 'demo', ...metadata}, ...fields};
}

describe('normalizeLive / normalizeDesired', () => {
	it('drops status and server metadata, keeping what Git can set', () => {
		const live = normalizeLive(loadFixture('deployment-defaults-live'));
		expect(live).not.toHaveProperty('status');
		expect(Object.keys(live.metadata).sort()).toEqual(['annotations', 'labels', 'name', 'namespace']);
		expect(live.metadata.annotations).toEqual({'deployment.kubernetes.io/revision': '1'});
	});

	it('drops deletion fields (health reads them from the raw object)', () => {
		const live = normalizeLive(object({}, {deletionTimestamp: '2026-03-02T10:00:00Z', deletionGracePeriodSeconds: 30, selfLink: '/x'}));
		expect(live.metadata).toEqual({name: 'c', namespace: 'demo'});
	});

	it('treats empty labels and annotations as absent, and drops the last-applied annotation', () => {
		expect(normalizeDesired(object({}, {labels: {}, annotations: {}})).metadata).toEqual({name: 'c', namespace: 'demo'});
		const onlyLastApplied = object({}, {annotations: {'kubectl.kubernetes.io/last-applied-configuration': '{}'}});
		expect(normalizeLive(onlyLastApplied).metadata).toEqual({name: 'c', namespace: 'demo'});
	});

	it('removes null map values (kubectl writes creationTimestamp: null) but not null list items', () => {
		const normalized = normalizeDesired(object({data: {a: null, b: 'x'}, list: [null, 1]}, {creationTimestamp: null}));
		expect(normalized).toEqual(object({data: {b: 'x'}, list: [null, 1]}));
	});

	it('merges Secret stringData into base64 data, UTF-8 included', () => {
		const secret: KubeObject = {
			apiVersion: 'v1',
			kind: 'Secret',
			metadata: {name: 's'},
			data: {a: btoa('old'), b: btoa('kept')},
			stringData: {a: 'new', c: 'héllo ✓'},
		};
		const normalized = normalizeDesired(secret);
		expect(normalized).not.toHaveProperty('stringData');
		expect(normalized['data']).toEqual({a: btoa('new'), b: btoa('kept'), c: 'aMOpbGxvIOKckw=='});
	});

	it('canonicalizes quantities in requests, limits, hard, capacity, sizeLimit and LimitRange maps', () => {
		const pod = normalizeDesired({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'p'},
			spec: {
				containers: [{name: 'a', resources: {requests: {cpu: '1000m', memory: '1024Mi'}, limits: {cpu: 2, 'nvidia.com/gpu': '1'}}}],
				volumes: [{name: 'tmp', emptyDir: {sizeLimit: '1024Mi'}}],
			},
		});
		expect(pod.spec).toEqual({
			containers: [{name: 'a', resources: {requests: {cpu: '1', memory: '1Gi'}, limits: {cpu: '2', 'nvidia.com/gpu': '1'}}}],
			volumes: [{name: 'tmp', emptyDir: {sizeLimit: '1Gi'}}],
		});
		const quota = normalizeDesired({
			apiVersion: 'v1',
			kind: 'ResourceQuota',
			metadata: {name: 'q'},
			spec: {hard: {'requests.cpu': '0.5', pods: 10}},
		});
		expect(quota.spec).toEqual({hard: {'requests.cpu': '500m', pods: '10'}});
		const limitRange = normalizeDesired({
			apiVersion: 'v1',
			kind: 'LimitRange',
			metadata: {name: 'l'},
			spec: {limits: [{type: 'Container', default: {cpu: '1000m'}, max: {memory: '2048Mi'}}]},
		});
		expect(limitRange.spec).toEqual({limits: [{type: 'Container', default: {cpu: '1'}, max: {memory: '2Gi'}}]});
	});

	it('never coerces types: containerPort "80" stays a string', () => {
		const normalized = normalizeDesired({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'p'},
			spec: {containers: [{name: 'a', ports: [{containerPort: '80'}]}]},
		});
		expect(normalized.spec).toEqual({containers: [{name: 'a', ports: [{containerPort: '80'}]}]});
	});

	it('does not change its input', () => {
		const live = loadFixture('deployment-defaults-live');
		const before = structuredClone(live);
		normalizeLive(live);
		expect(live).toEqual(before);
	});
});

describe("overlayDesired: live with Git's fields laid over it", () => {
	const live = object({
		data: {a: '1', extra: 'live only'},
		spec: {
			containers: [
				{name: 'web', image: 'nginx', imagePullPolicy: 'IfNotPresent'},
				{name: 'sidecar', image: 'envoy'},
			],
			resources: {limits: {cpu: '1k'}},
		},
	});

	it("keeps live-only fields and sets Git's", () => {
		const result = overlayDesired(live, object({data: {a: '2'}}));
		expect(result['data']).toEqual({a: '2', extra: 'live only'});
	});

	it('matches named list items by name, keeps live order, drops live-only items, appends new ones', () => {
		const desired = object({
			spec: {
				containers: [
					{name: 'db', image: 'postgres'},
					{name: 'web', image: 'nginx:2'},
				],
			},
		});
		const result = overlayDesired(live, desired);
		expect((result['spec'] as {containers: unknown}).containers).toEqual([
			{name: 'web', image: 'nginx:2', imagePullPolicy: 'IfNotPresent'},
			{name: 'db', image: 'postgres'},
		]);
	});

	it('does not add zero values that the server would omit', () => {
		const desired = object({spec: {hostNetwork: false, replicas: 0, subdomain: '', volumes: [], nodeSelector: {}, x: null}});
		expect(overlayDesired(live, desired)).toEqual(live);
	});

	it("keeps live's spelling of an equal quantity (1e3 == 1k) but takes a different one", () => {
		expect(overlayDesired(live, object({spec: {resources: {limits: {cpu: '1e3'}}}}))).toEqual(live);
		const changed = overlayDesired(live, object({spec: {resources: {limits: {cpu: '2k'}}}}));
		expect((changed['spec'] as {resources: unknown}).resources).toEqual({limits: {cpu: '2k'}});
	});

	it('matches unnamed list items by index; a shorter Git list is drift', () => {
		const withArgs = object({args: ['a', 'b', 'c'], ports: [{port: 80, protocol: 'TCP'}]});
		expect(overlayDesired(withArgs, object({args: ['a', 'b'], ports: [{port: 80}]}))).toMatchObject({
			args: ['a', 'b'],
			ports: [{port: 80, protocol: 'TCP'}],
		});
	});
});
