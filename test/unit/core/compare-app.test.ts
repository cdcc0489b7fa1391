import {describe, expect, it} from 'vitest';
import {compareApp, compareObject} from '../../../source/core/compare-objects.js';
import {type KubeObject, keyString, resourceKeyOf} from '../../../source/core/kube-object.js';
import {loadPair} from './support/compare-fixtures.js';

const byKey = (objects: KubeObject[]) => new Map(objects.map(object => [keyString(resourceKeyOf(object)), object]));

describe('compareObject: missing and extra', () => {
	const {desired, live} = loadPair('deployment-defaults');
	const key = resourceKeyOf(desired);

	it('desired without live is missing', () => {
		const comparison = compareObject({key, desired});
		expect(comparison).toMatchObject({status: 'OutOfSync', drift: 'missing', changedPaths: ['']});
		expect(comparison.diff?.summary).toEqual({added: 1, removed: 0, changed: 0});
		expect(comparison.diff?.unified[0]).toEqual({op: '@', text: '--- live'});
	});

	it('a tracked live object without desired is extra, shown normalized', () => {
		const comparison = compareObject({key, live});
		expect(comparison).toMatchObject({status: 'OutOfSync', drift: 'extra', changedPaths: ['']});
		const text = comparison.diff?.unified.map(line => line.text).join('\n') ?? '';
		expect(text).not.toContain('managedFields');
		expect(text).not.toContain('status:');
	});

	it("an untracked live object without desired is not this app's drift", () => {
		expect(compareObject({key, live, tracked: false})).toMatchObject({status: 'Synced', drift: 'none', diff: null});
	});

	it('passes ignoreDifferences warnings through', () => {
		const comparison = compareObject({
			key,
			desired,
			live,
			ignoreDifferences: [{group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec | keys']}],
		});
		expect(comparison.status).toBe('Synced');
		expect(comparison.warnings).toEqual([expect.stringMatching(/^unsupported jq expression/)]);
	});

	it('does not change its inputs', () => {
		const before = structuredClone({desired, live});
		compareObject({key, desired, live, ignoreDifferences: [{group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas']}]});
		expect({desired, live}).toEqual(before);
	});
});

describe('compareApp', () => {
	const defaults = loadPair('deployment-defaults');
	const service = loadPair('service-clusterip');
	const secret = loadPair('secret-changed');
	const configMap = loadPair('configmap-empty-maps');

	it('is Synced when every object is', () => {
		const result = compareApp({desired: [defaults.desired, service.desired], live: byKey([defaults.live, service.live])});
		expect(result.syncStatus).toBe('Synced');
		expect(result.counts).toEqual({synced: 2, modified: 0, missing: 0, extra: 0});
	});

	it('counts modified, missing and extra objects, Git order first then extras', () => {
		const orphan: KubeObject = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'orphan', namespace: 'demo'}, data: {a: '1'}};
		const result = compareApp({
			desired: [defaults.desired, secret.desired, configMap.desired],
			live: byKey([defaults.live, secret.live, orphan]),
			extras: [orphan, defaults.live],
		});
		expect(result.syncStatus).toBe('OutOfSync');
		expect(result.objects.map(object => `${object.key.kind}/${object.key.name}:${object.drift}`)).toEqual([
			'Deployment/web:none',
			'Secret/db-credentials:modified',
			'ConfigMap/settings:missing',
			'ConfigMap/orphan:extra',
		]);
		expect(result.counts).toEqual({synced: 1, modified: 1, missing: 1, extra: 1});
	});

	it('uses the server-side apply prediction when given, per object', () => {
		const scaled = loadPair('deployment-scaled');
		if (!scaled.predicted) throw new Error('fixture');
		const result = compareApp({desired: [scaled.desired], live: byKey([scaled.live]), predicted: byKey([scaled.predicted])});
		expect(result.objects[0]?.changedPaths).toEqual(['/spec/replicas']);
	});

	it('applies ignoreDifferences to every object', () => {
		const scaled = loadPair('deployment-scaled');
		const result = compareApp({
			desired: [scaled.desired],
			live: byKey([scaled.live]),
			ignoreDifferences: [{group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas']}],
		});
		expect(result.syncStatus).toBe('Synced');
	});

	it('compares an object Git lists twice once, with a warning', () => {
		const result = compareApp({desired: [defaults.desired, defaults.desired], live: byKey([defaults.live])});
		expect(result.objects).toHaveLength(1);
		expect(result.objects[0]?.warnings).toEqual(['Git defines Deployment demo/web more than once; the first one is compared']);
	});

	it('compares a desired object without namespace as given', () => {
		const clusterScoped: KubeObject = {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'demo'}};
		const live: KubeObject = {
			...clusterScoped,
			metadata: {name: 'demo', uid: 'u', labels: {'kubernetes.io/metadata.name': 'demo'}},
			spec: {finalizers: ['kubernetes']},
		};
		const result = compareApp({desired: [clusterScoped], live: byKey([live])});
		expect(result.objects[0]).toMatchObject({key: {group: '', kind: 'Namespace', namespace: '', name: 'demo'}, drift: 'none'});
	});

	it('is Synced for an empty app', () => {
		expect(compareApp({desired: [], live: new Map()})).toEqual({
			objects: [],
			syncStatus: 'Synced',
			counts: {synced: 0, modified: 0, missing: 0, extra: 0},
		});
	});
});
