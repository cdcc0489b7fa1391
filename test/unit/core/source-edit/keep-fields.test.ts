import {describe, expect, it} from 'vitest';
import type {KubeObject, ManagedFieldsEntry} from '../../../../source/core/kube-object.js';
import {keptFieldChanges} from '../../../../source/core/source-edit/keep-fields.js';

/** A Deployment as Git renders it: containers in Git's order, no server defaults. */
function desired(): KubeObject {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'web', namespace: 'shop'},
		spec: {
			replicas: 2,
			template: {
				spec: {
					containers: [
						{name: 'web', image: 'nginx:1.27', ports: [{containerPort: 80}]},
						{name: 'log', image: 'busybox:1.36'},
					],
				},
			},
		},
	};
}

/** The parts of a Deployment the tests change. */
interface Container {
	name: string;
	image: string;
	[field: string]: unknown;
}
interface Spec {
	replicas: number;
	template: {spec: {containers: Container[]; securityContext?: unknown}};
}
type Deployment = KubeObject & {spec: Spec};

/** Live: the server's order and defaults, and `managedFields` saying who set what. */
function live(edit: (spec: Spec) => void, managedFields: ManagedFieldsEntry[] = []): KubeObject {
	const object = desired() as Deployment;
	object.spec.template.spec.containers = [
		{name: 'log', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log'},
		{
			name: 'web',
			image: 'nginx:1.27',
			imagePullPolicy: 'IfNotPresent',
			ports: [{containerPort: 80, protocol: 'TCP'}],
			terminationMessagePath: '/dev/termination-log',
		},
	];
	edit(object.spec);
	object.metadata.managedFields = managedFields;
	return object;
}

const kubectlEdit = (fields: Record<string, unknown>): ManagedFieldsEntry => ({
	manager: 'kubectl-edit',
	operation: 'Update',
	apiVersion: 'apps/v1',
	time: '2026-12-01T10:00:00Z',
	fieldsV1: fields,
});

describe('keptFieldChanges: leaf values from live at the same field of Git', () => {
	it('matches list items by name, not by the index live has them at', () => {
		const scaled = live(spec => {
			spec.replicas = 8;
			(spec.template.spec.containers[1] as Container).image = 'nginx:1.27-hotfix';
		});
		const changes = keptFieldChanges({
			desired: desired(),
			live: scaled,
			paths: ['/spec/replicas', '/spec/template/spec/containers/1/image'],
		});
		expect(changes.map(change => [change.path, change.from, change.to])).toEqual([
			['/spec/replicas', 2, 8],
			['/spec/template/spec/containers/0/image', 'nginx:1.27', 'nginx:1.27-hotfix'],
		]);
		expect(changes[0]?.object).toEqual({group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web'});
	});

	it('an item added by hand is appended with only the fields someone set, never the server defaults', () => {
		const added = live(
			spec => void (spec.template.spec.containers[1]?.['ports'] as unknown[]).push({containerPort: 9090, name: 'metrics', protocol: 'TCP'}),
			[
				kubectlEdit({
					'f:spec': {
						'f:template': {
							'f:spec': {
								'f:containers': {
									'k:{"name":"web"}': {
										'f:ports': {'k:{"containerPort":9090,"protocol":"TCP"}': {'.': {}, 'f:containerPort': {}, 'f:name': {}}},
									},
								},
							},
						},
					},
				}),
			],
		);
		const changes = keptFieldChanges({desired: desired(), live: added, paths: ['/spec/template/spec/containers/1/ports/1']});
		expect(changes).toMatchObject([
			{path: '/spec/template/spec/containers/0/ports/1', from: undefined, to: {containerPort: 9090, name: 'metrics'}},
		]);
	});

	it('a field removed live is removed from Git; item removals come last, highest index first', () => {
		const git = desired() as Deployment;
		const env = [
			{name: 'A', value: '1'},
			{name: 'B', value: '2'},
			{name: 'C', value: '3'},
		];
		(git.spec.template.spec.containers[0] as Container)['env'] = env;
		const removed = live(spec => {
			spec.replicas = 3;
		});
		// The prediction (Git applied to live) has live's order and Git's env.
		const predicted = live(spec => ((spec.template.spec.containers[1] as Container)['env'] = env));
		const changes = keptFieldChanges({
			desired: git,
			live: removed,
			predicted,
			paths: ['/spec/template/spec/containers/1/env/0', '/spec/template/spec/containers/1/env/2', '/spec/replicas'],
		});
		expect(changes.map(change => [change.path, change.to])).toEqual([
			['/spec/replicas', 3],
			['/spec/template/spec/containers/0/env/2', undefined],
			['/spec/template/spec/containers/0/env/0', undefined],
		]);
	});

	it('refuses what it cannot place exactly', () => {
		expect(() => keptFieldChanges({desired: desired(), live: live(() => {}), paths: ['']})).toThrow(
			'Deployment/shop/web differs as a whole; driftwatch keeps field values, not whole objects',
		);
		const unowned = live(spec => (spec.template.spec.securityContext = {runAsUser: 1000, fsGroup: 2000}));
		expect(() => keptFieldChanges({desired: desired(), live: unowned, paths: ['/spec/template/spec/securityContext']})).toThrow(
			'no manager owns its fields, so what was set by hand cannot be told from server defaults',
		);
		const args = desired() as Deployment;
		(args.spec.template.spec.containers[1] as Container)['args'] = ['a', 'b'];
		const reordered = live(spec => ((spec.template.spec.containers[0] as Container)['args'] = ['b', 'a', 'c']));
		expect(() => keptFieldChanges({desired: args, live: reordered, paths: ['/spec/template/spec/containers/0/args/0/x']})).toThrow(
			'the list item cannot be matched to one in Git',
		);
	});
});
