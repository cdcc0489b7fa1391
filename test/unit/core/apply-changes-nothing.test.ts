/**
 * When the engine may skip a dry run: only when an apply certainly changes nothing. The
 * integration test (apply-changes-nothing.test.ts) checks the same rule against the API server's
 * own dry runs; these pin each reason on plain values.
 */
import {describe, expect, it} from 'vitest';
import {applyChangesNothing} from '../../../source/core/apply-changes-nothing.js';
import type {KubeObject, ManagedFieldsEntry} from '../../../source/core/kube-object.js';
import {trackingAnnotation, withTracking} from '../../../source/core/tracking.js';

const app = 'demo';

const apply = (fieldsV1: Record<string, unknown>, manager = 'driftwatch'): ManagedFieldsEntry => ({
	manager,
	operation: 'Apply',
	fieldsType: 'FieldsV1',
	fieldsV1,
});
const update = (fieldsV1: Record<string, unknown>, manager = 'kubectl-edit'): ManagedFieldsEntry => ({
	manager,
	operation: 'Update',
	fieldsType: 'FieldsV1',
	fieldsV1,
});

const tracked = {'f:metadata': {'f:annotations': {[`f:${trackingAnnotation}`]: {}}}};

const desiredMap: KubeObject = {
	apiVersion: 'v1',
	kind: 'ConfigMap',
	metadata: {name: 'settings', namespace: 'web'},
	data: {a: '1', b: '2'},
};

/** Live as the server keeps what driftwatch applied: tracking, server fields, managedFields. */
function liveOf(desired: KubeObject, managedFields: ManagedFieldsEntry[], changes: Record<string, unknown> = {}): KubeObject {
	const applied = withTracking(app, desired);
	return {
		...applied,
		...changes,
		metadata: {...applied.metadata, uid: 'u1', resourceVersion: '7', creationTimestamp: '2026-01-01T00:00:00Z', managedFields},
	};
}

const ownMap = apply({...tracked, 'f:data': {'f:a': {}, 'f:b': {}}});

describe('applyChangesNothing', () => {
	it('live has every field with the same value and driftwatch owns nothing else: nothing changes', () => {
		expect(applyChangesNothing(desiredMap, liveOf(desiredMap, [ownMap]), app)).toBe(true);
	});

	it('a value differs: the server must say (drift, or an equivalent spelling)', () => {
		expect(applyChangesNothing(desiredMap, liveOf(desiredMap, [ownMap], {data: {a: '1', b: 'changed'}}), app)).toBe(false);
		const quantity: KubeObject = {...desiredMap, data: undefined, spec: {cpu: '1000m'}};
		expect(applyChangesNothing(quantity, liveOf(quantity, [apply({'f:spec': {'f:cpu': {}}})], {spec: {cpu: '1'}}), app)).toBe(false);
	});

	it('a field driftwatch applied that Git no longer has: the apply would remove it', () => {
		const fewer: KubeObject = {...desiredMap, data: {a: '1'}};
		expect(applyChangesNothing(fewer, liveOf(desiredMap, [ownMap]), app)).toBe(false);
	});

	it('a field another manager added stays through an apply', () => {
		const live = liveOf(desiredMap, [ownMap, update({'f:data': {'f:extra': {}}})], {data: {a: '1', b: '2', extra: 'x'}});
		expect(applyChangesNothing(desiredMap, live, app)).toBe(true);
	});

	it('no tracking annotation live yet is not a change (tracking is never drift)', () => {
		const live: KubeObject = {
			...desiredMap,
			metadata: {...desiredMap.metadata, managedFields: [update({'f:data': {'f:a': {}, 'f:b': {}}})]},
		};
		expect(applyChangesNothing(desiredMap, live, app)).toBe(true);
	});

	it('without managedFields nothing is certain', () => {
		expect(applyChangesNothing(desiredMap, liveOf(desiredMap, []), app)).toBe(false);
	});

	it('a Git field absent live, or null in Git against a live value: not certain', () => {
		expect(applyChangesNothing({...desiredMap, data: {a: '1', b: '2', c: ''}}, liveOf(desiredMap, [ownMap]), app)).toBe(false);
		const withNull = {...desiredMap, metadata: {...desiredMap.metadata, creationTimestamp: null}} as unknown as KubeObject;
		expect(applyChangesNothing(withNull, liveOf(desiredMap, [ownMap]), app)).toBe(false);
	});

	const pod = (extra: Record<string, unknown> = {}): KubeObject => ({
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name: 'p', namespace: 'web'},
		spec: {containers: [{name: 'web', image: 'nginx', ports: [{containerPort: 80}]}], ...extra},
	});
	const ownPod = apply({
		...tracked,
		'f:spec': {
			'f:containers': {
				'k:{"name":"web"}': {
					'.': {},
					'f:name': {},
					'f:image': {},
					'f:ports': {'k:{"containerPort":80,"protocol":"TCP"}': {'.': {}, 'f:containerPort': {}}},
				},
			},
			'f:tolerations': {},
		},
	});
	const defaulted = (tolerations: unknown[]) => ({
		spec: {
			containers: [{name: 'web', image: 'nginx', ports: [{containerPort: 80, protocol: 'TCP'}], imagePullPolicy: 'Always'}],
			tolerations,
		},
	});

	it('keyed list items with server defaults inside: nothing changes', () => {
		const desired = pod({tolerations: [{key: 'k', operator: 'Exists'}]});
		expect(applyChangesNothing(desired, liveOf(desired, [ownPod], defaulted([{key: 'k', operator: 'Exists'}])), app)).toBe(true);
	});

	it('an atomic list (owned whole) edited inside: the apply replaces it', () => {
		const desired = pod({tolerations: [{key: 'k', operator: 'Exists'}]});
		const live = liveOf(desired, [ownPod], defaulted([{key: 'k', operator: 'Exists', effect: 'NoSchedule'}]));
		expect(applyChangesNothing(desired, live, app)).toBe(false);
	});

	it('an item another manager added to a list: the lengths differ, the server merges', () => {
		const desired = pod({tolerations: [{key: 'k', operator: 'Exists'}]});
		const live = liveOf(desired, [ownPod], defaulted([{key: 'k', operator: 'Exists'}]));
		const spec = live['spec'] as {containers: unknown[]};
		spec.containers = [...spec.containers, {name: 'proxy', image: 'envoy'}];
		expect(applyChangesNothing(desired, live, app)).toBe(false);
	});
});
