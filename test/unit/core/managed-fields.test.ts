import {describe, expect, it} from 'vitest';
import type {KubeObject, ManagedFieldsEntry} from '../../../source/core/kube-object.js';
import {fieldPathsOf, formatFieldPath, ownerOfPath, ownersOf, resolveFieldPath} from '../../../source/core/managed-fields.js';
import {loadFixture} from './support/compare-fixtures.js';

const entry: ManagedFieldsEntry = {
	manager: 'kubectl-client-side-apply',
	operation: 'Update',
	time: '2026-03-02T10:15:21Z',
	fieldsType: 'FieldsV1',
	fieldsV1: {
		'f:metadata': {'f:finalizers': {'.': {}, 'v:"example.com/guard"': {}}, 'f:labels': {'.': {}, 'f:app': {}}},
		'f:spec': {
			'f:replicas': {},
			'f:template': {
				'f:spec': {
					'f:containers': {
						'k:{"name":"web"}': {
							'.': {},
							'f:image': {},
							'f:ports': {'k:{"containerPort":80,"protocol":"TCP"}': {'.': {}, 'f:containerPort': {}}},
						},
					},
				},
			},
		},
		'f:list': {'i:2': {}},
	},
};

describe('fieldPathsOf: the fieldsV1 trie as paths', () => {
	it('lists leaves and nodes marked ".", with k:, v: and i: elements', () => {
		expect(fieldPathsOf(entry).map(formatFieldPath)).toEqual([
			'.metadata.finalizers',
			'.metadata.finalizers["example.com/guard"]',
			'.metadata.labels',
			'.metadata.labels.app',
			'.spec.replicas',
			'.spec.template.spec.containers[name="web"]',
			'.spec.template.spec.containers[name="web"].image',
			'.spec.template.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"]',
			'.spec.template.spec.containers[name="web"].ports[containerPort=80,protocol="TCP"].containerPort',
			'.list[2]',
		]);
	});

	it('keeps keys as parsed JSON', () => {
		const paths = fieldPathsOf(entry);
		expect(paths[5]).toEqual([{field: 'spec'}, {field: 'template'}, {field: 'spec'}, {field: 'containers'}, {key: {name: 'web'}}]);
	});

	it('skips malformed keys instead of throwing', () => {
		expect(fieldPathsOf({fieldsV1: {'k:{oops': {}, 'x:y': {}, 'f:ok': {}}})).toEqual([[{field: 'ok'}]]);
		expect(fieldPathsOf({})).toEqual([]);
	});
});

describe('resolveFieldPath: k: keys matched against the real array index', () => {
	const object = {
		spec: {
			containers: [
				{name: 'sidecar', image: 'envoy'},
				{name: 'web', image: 'nginx', ports: [{containerPort: 8080}, {containerPort: 80}]},
			],
		},
	};

	it('finds the item by key, wherever it sits', () => {
		expect(resolveFieldPath(object, [{field: 'spec'}, {field: 'containers'}, {key: {name: 'web'}}, {field: 'image'}])).toEqual([
			'spec',
			'containers',
			'1',
			'image',
		]);
	});

	it('accepts an item that leaves a key field to its default when it is the only candidate', () => {
		const path = [
			{field: 'spec'},
			{field: 'containers'},
			{key: {name: 'web'}},
			{field: 'ports'},
			{key: {containerPort: 80, protocol: 'TCP'}},
		];
		expect(resolveFieldPath(object, path)).toEqual(['spec', 'containers', '1', 'ports', '1']);
	});

	it('resolves v: set items by value and i: items by index', () => {
		const withSets = {metadata: {finalizers: ['a', 'example.com/guard']}, list: [1, 2, 3]};
		expect(resolveFieldPath(withSets, [{field: 'metadata'}, {field: 'finalizers'}, {value: 'example.com/guard'}])).toEqual([
			'metadata',
			'finalizers',
			'1',
		]);
		expect(resolveFieldPath(withSets, [{field: 'list'}, {index: 2}])).toEqual(['list', '2']);
		expect(resolveFieldPath(withSets, [{field: 'list'}, {index: 3}])).toBeUndefined();
	});

	it('is undefined when the item is gone', () => {
		expect(resolveFieldPath(object, [{field: 'spec'}, {field: 'containers'}, {key: {name: 'db'}}])).toBeUndefined();
	});
});

describe('ownersOf and ownerOfPath: who changed a field', () => {
	const scaled = loadFixture('deployment-scaled-live');

	it('lists every manager with operation, time and subresource', () => {
		expect(ownersOf(scaled).map(({manager, operation, subresource}) => `${manager} ${operation} ${subresource ?? ''}`.trim())).toEqual([
			'kubectl-client-side-apply Update',
			'kubectl Update scale',
			'kube-controller-manager Update status',
		]);
	});

	it('names the latest writer of a shared field: kubectl scale after the apply', () => {
		expect(ownerOfPath(scaled, '/spec/replicas')).toEqual({
			manager: 'kubectl',
			operation: 'Update',
			time: '2026-03-02T10:21:09Z',
			subresource: 'scale',
		});
	});

	it('matches a container field owned through k:{"name":"web"} at its array index', () => {
		const image = loadFixture('deployment-image-live');
		expect(ownerOfPath(image, '/spec/template/spec/containers/0/image')?.manager).toBe('kubectl-set');
		expect(ownerOfPath(image, ['spec', 'template', 'spec', 'containers', '0', 'imagePullPolicy'])?.manager).toBe(
			'kubectl-client-side-apply',
		);
	});

	it('finds the owner of an index-shifted container', () => {
		const object: KubeObject = {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {
				name: 'p',
				managedFields: [
					{
						manager: 'a',
						operation: 'Apply',
						time: '2026-01-01T00:00:00Z',
						fieldsV1: {'f:spec': {'f:containers': {'k:{"name":"web"}': {'f:image': {}}}}},
					},
					{
						manager: 'b',
						operation: 'Update',
						time: '2026-01-02T00:00:00Z',
						fieldsV1: {'f:spec': {'f:containers': {'k:{"name":"debug"}': {'.': {}, 'f:image': {}}}}},
					},
				],
			},
			spec: {
				containers: [
					{name: 'debug', image: 'busybox'},
					{name: 'web', image: 'nginx'},
				],
			},
		};
		expect(ownerOfPath(object, '/spec/containers/1/image')?.manager).toBe('a');
		expect(ownerOfPath(object, '/spec/containers/0/image')?.manager).toBe('b');
		// The whole item: owned by b through ".".
		expect(ownerOfPath(object, '/spec/containers/0')?.manager).toBe('b');
		// A field below an atomic leaf is owned by the leaf's owner.
		expect(ownerOfPath(object, '/spec/containers/0/command/0')?.manager).toBe('b');
	});

	it('falls back to the latest owner of fields below, and is undefined for unowned paths', () => {
		const live = loadFixture('deployment-defaults-live');
		expect(ownerOfPath(live, '/status')?.manager).toBe('kube-controller-manager');
		expect(ownerOfPath(live, '/spec/paused')).toBeUndefined();
		expect(ownerOfPath({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'x'}}, '/data')).toBeUndefined();
	});
});
