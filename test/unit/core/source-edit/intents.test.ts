import {describe, expect, it} from 'vitest';
import type {KubeObject} from '../../../../source/core/kube-object.js';
import {keepChanges} from '../../../../source/core/source-edit/plan-keep.js';
import {promotionChanges, parseValueKey} from '../../../../source/core/source-edit/plan-promote.js';
import {imageChanges, matchesResourceFilter, parseImageAssignment} from '../../../../source/core/source-edit/plan-set-image.js';

const workload = (kind: string, name: string, containers: Record<string, string>, init: Record<string, string> = {}): KubeObject => {
	const spec = {
		...(Object.keys(init).length > 0 ? {initContainers: Object.entries(init).map(([n, image]) => ({name: n, image}))} : {}),
		containers: Object.entries(containers).map(([n, image]) => ({name: n, image})),
	};
	const body = kind === 'CronJob' ? {jobTemplate: {spec: {template: {spec}}}} : kind === 'Pod' ? spec : {template: {spec}};
	return {
		apiVersion: kind === 'CronJob' ? 'batch/v1' : kind === 'Pod' ? 'v1' : 'apps/v1',
		kind,
		metadata: {name, namespace: 'prod'},
		spec: body,
	};
};

describe('set-image: which fields', () => {
	const objects = [
		workload('Deployment', 'web', {web: 'nginx:1.27', side: 'envoy:1'}, {migrate: 'tool:1'}),
		workload('CronJob', 'report', {web: 'nginx:1.27'}),
		workload('Pod', 'debug', {shell: 'busybox:1'}),
		{apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'web'}, data: {}},
	];

	it('sets every container of that name, in every workload kind, by pointer', () => {
		expect(imageChanges(objects, [{container: 'web', image: 'nginx:1.28'}])).toEqual([
			{
				object: {group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'web'},
				path: '/spec/template/spec/containers/0/image',
				from: 'nginx:1.27',
				to: 'nginx:1.28',
			},
			{
				object: {group: 'batch', kind: 'CronJob', namespace: 'prod', name: 'report'},
				path: '/spec/jobTemplate/spec/template/spec/containers/0/image',
				from: 'nginx:1.27',
				to: 'nginx:1.28',
			},
		]);
	});

	it('limits to --resource and reaches init containers', () => {
		expect(imageChanges(objects, [{container: 'migrate', image: 'tool:2'}], ['deployment/web']).map(change => change.path)).toEqual([
			'/spec/template/spec/initContainers/0/image',
		]);
		expect(imageChanges(objects, [{container: 'web', image: 'nginx:1.28'}], ['CronJob/prod/report'])).toHaveLength(1);
	});

	it('leaves out containers that already run the image, and refuses unknown names', () => {
		expect(imageChanges(objects, [{container: 'shell', image: 'busybox:1'}])).toEqual([]);
		expect(() => imageChanges(objects, [{container: 'nope', image: 'x:1'}])).toThrow(
			'no container named nope in the workloads (containers: migrate, web, side, shell)',
		);
	});

	it('reads CONTAINER=IMAGE and says what is wrong', () => {
		expect(parseImageAssignment('web=nginx:1.28')).toEqual({container: 'web', image: 'nginx:1.28'});
		expect(parseImageAssignment('nginx:1.28')).toEqual({error: '"nginx:1.28" is not CONTAINER=IMAGE:TAG'});
		expect(parseImageAssignment('Web=nginx')).toEqual({error: '"Web" is not a container name (a DNS label)'});
		expect(parseImageAssignment('web=--exec')).toMatchObject({error: expect.stringMatching(/not a repository name/) as unknown});
		expect(matchesResourceFilter({kind: 'Deployment', namespace: 'a', name: 'web'}, 'Deployment/b/web')).toBe(false);
	});
});

describe('promote: pairing containers between environments', () => {
	it('pairs by kind and container name and changes only what differs', () => {
		const dev = [workload('Deployment', 'dev-web', {web: 'nginx:1.28', side: 'envoy:2'})];
		const prod = [workload('Deployment', 'prod-web', {web: 'nginx:1.27', side: 'envoy:2', extra: 'x:1'})];
		expect(promotionChanges(dev, prod)).toEqual({
			changes: [
				{
					object: {group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'prod-web'},
					path: '/spec/template/spec/containers/0/image',
					from: 'nginx:1.27',
					to: 'nginx:1.28',
				},
			],
			unmatched: ['Deployment/prod/prod-web container extra'],
		});
	});

	it('pairs by object name when a container name repeats, and refuses when that does not settle it', () => {
		const dev = [workload('Deployment', 'api', {app: 'api:2'}), workload('Deployment', 'worker', {app: 'worker:2'})];
		const prod = [workload('Deployment', 'api', {app: 'api:1'}), workload('Deployment', 'worker', {app: 'worker:1'})];
		expect(promotionChanges(dev, prod).changes.map(change => change.to)).toEqual(['api:2', 'worker:2']);
		const renamed = [workload('Deployment', 'prod-api', {app: 'api:1'}), workload('Deployment', 'prod-worker', {app: 'worker:1'})];
		expect(() => promotionChanges(dev, renamed)).toThrow(/cannot tell which Deployment container app of the source environment/);
	});

	it('reads value keys', () => {
		expect(parseValueKey('resources.limits.memory')).toEqual(['resources', 'limits', 'memory']);
		expect(parseValueKey('sidecars[1].image')).toEqual(['sidecars', 1, 'image']);
		expect(parseValueKey('a..b')).toBeUndefined();
	});
});

describe('keep: the live values of the drifted fields', () => {
	const desired = workload('Deployment', 'web', {web: 'nginx:1.27'});
	const live = structuredClone(desired) as KubeObject & {spec: Record<string, unknown>};
	live.spec['replicas'] = 8;
	((live.spec['template'] as {spec: {containers: Array<{image: string}>}}).spec.containers[0] as {image: string}).image =
		'nginx:1.27-hotfix';

	it('takes each drifted path from the live object', () => {
		expect(
			keepChanges({desired, live, paths: ['/spec/replicas', '/spec/template/spec/containers/0/image'], attribution: []}).map(change => [
				change.path,
				change.from,
				change.to,
			]),
		).toEqual([
			['/spec/replicas', undefined, 8],
			['/spec/template/spec/containers/0/image', 'nginx:1.27', 'nginx:1.27-hotfix'],
		]);
	});

	it('refuses Secrets and objects without drift', () => {
		const secret = {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'db'}, data: {password: 'eA=='}};
		expect(() => keepChanges({desired: secret, live: secret, paths: ['/data/password'], attribution: []})).toThrow(
			'Secret/db is a Secret: driftwatch does not write secret values to Git',
		);
		expect(() => keepChanges({desired, live, paths: [], attribution: []})).toThrow('no drifted field to keep');
	});
});
