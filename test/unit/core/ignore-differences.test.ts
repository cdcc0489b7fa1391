import {describe, expect, it} from 'vitest';
import {applyIgnoreDifferences, ruleMatches} from '../../../source/core/ignore-differences.js';
import {evaluateJqPath, parseJqPath} from '../../../source/core/jq-paths.js';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {loadFixture} from './support/compare-fixtures.js';

const deployment: KubeObject = {
	apiVersion: 'apps/v1',
	kind: 'Deployment',
	metadata: {name: 'web', namespace: 'demo', annotations: {'example.com/a/b': 'x', keep: 'y'}},
	spec: {
		replicas: 3,
		template: {
			spec: {
				containers: [
					{name: 'istio-proxy', image: 'istio/proxyv2'},
					{name: 'web', image: 'nginx', env: [{name: 'A', value: '1'}]},
				],
				initContainers: [{name: 'istio-init', image: 'istio/proxyv2'}],
			},
		},
	},
};
const webhooks: KubeObject = {
	apiVersion: 'admissionregistration.k8s.io/v1',
	kind: 'MutatingWebhookConfiguration',
	metadata: {name: 'hooks'},
	webhooks: [
		{name: 'a', clientConfig: {caBundle: 'AAA', url: 'https://a'}},
		{name: 'b', clientConfig: {caBundle: 'BBB'}},
	],
};

function jq(expression: string, object: unknown): string[] {
	const parsed = parseJqPath(expression);
	if ('error' in parsed) throw new Error(parsed.error);
	return evaluateJqPath(parsed, object).map(path => '/' + path.join('/'));
}

describe('jq paths: the subset Argo CD users write', () => {
	it.each([
		['.spec.replicas', deployment, ['/spec/replicas']],
		['.spec.template.spec.containers[] | select(.name == "web") | .image', deployment, ['/spec/template/spec/containers/1/image']],
		['.spec.template.spec.containers[] | select(.name != "web")', deployment, ['/spec/template/spec/containers/0']],
		['.spec.template.spec.containers[] | select(.name | startswith("istio"))', deployment, ['/spec/template/spec/containers/0']],
		['.spec.template.spec.containers[] | select(.name | test("^is.*y$"))', deployment, ['/spec/template/spec/containers/0']],
		[
			'.spec.template.spec.containers[] | select(.name == "web" or .name == "istio-proxy") | .image',
			deployment,
			['/spec/template/spec/containers/0/image', '/spec/template/spec/containers/1/image'],
		],
		['.spec.template.spec.containers[].env[]? | select(.name == "A")', deployment, ['/spec/template/spec/containers/1/env/0']],
		['.spec.template.spec.initContainers[] | select(.name == "istio-init")', deployment, ['/spec/template/spec/initContainers/0']],
		['.metadata.annotations["example.com/a/b"]', deployment, ['/metadata/annotations/example.com/a/b']],
		['.metadata.annotations."example.com/a/b"', deployment, ['/metadata/annotations/example.com/a/b']],
		['.spec.template.spec.containers[0].name', deployment, ['/spec/template/spec/containers/0/name']],
		['.spec.template.spec.containers[-1].name', deployment, ['/spec/template/spec/containers/1/name']],
		['.webhooks[]?.clientConfig.caBundle', webhooks, ['/webhooks/0/clientConfig/caBundle', '/webhooks/1/clientConfig/caBundle']],
		['.webhooks[] | select(.clientConfig.url) | .clientConfig.caBundle', webhooks, ['/webhooks/0/clientConfig/caBundle']],
		['.missing[]?.x', deployment, []],
	] as const)('%s', (expression, object, paths) => {
		expect(jq(expression, object)).toEqual(paths);
	});

	it.each([
		['del(.spec.replicas)'],
		['.spec | keys'],
		['.spec.replicas + 1'],
		['.a[1:2]'],
		['spec.replicas'],
		['.spec.containers[] | select(.name | ascii_downcase == "web")'],
		['.x | select(.name == "a"'],
		['.x | select(.name | test("("))'],
	])('%s is reported as unsupported, not thrown', expression => {
		const parsed = parseJqPath(expression);
		expect('error' in parsed && parsed.error).toMatch(/^unsupported jq expression /);
	});
});

describe('ruleMatches', () => {
	const key = {group: 'apps', kind: 'Deployment', namespace: 'demo', name: 'web'};
	it.each([
		[{group: 'apps', kind: 'Deployment'}, true],
		[{group: '*', kind: '*'}, true],
		[{group: 'apps', kind: '*', name: 'web', namespace: 'demo'}, true],
		[{group: 'apps', kind: 'Deployment', name: 'api'}, false],
		[{group: 'apps', kind: 'Deployment', namespace: 'prod'}, false],
		[{kind: 'Deployment'}, false],
		[{group: '', kind: 'Deployment'}, false],
	])('%j -> %s', (rule, matches) => {
		expect(ruleMatches(rule, key)).toBe(matches);
	});

	it('matches the core group with an absent or empty group', () => {
		const configMap = {group: '', kind: 'ConfigMap', namespace: 'demo', name: 'settings'};
		expect(ruleMatches({kind: 'ConfigMap'}, configMap)).toBe(true);
		expect(ruleMatches({group: '', kind: 'ConfigMap'}, configMap)).toBe(true);
	});
});

describe('applyIgnoreDifferences', () => {
	it('removes JSON-pointer fields, including escaped keys and list items, without touching the input', () => {
		const before = structuredClone(deployment);
		const {object, warnings} = applyIgnoreDifferences(deployment, [
			{
				group: 'apps',
				kind: 'Deployment',
				jsonPointers: ['/spec/replicas', '/metadata/annotations/example.com~1a~1b', '/spec/template/spec/containers/0', '/not/there'],
			},
		]);
		expect(warnings).toEqual([]);
		expect(object.spec).toMatchObject({template: {spec: {containers: [{name: 'web'}]}}});
		expect(object.spec).not.toHaveProperty('replicas');
		expect(object.metadata.annotations).toEqual({keep: 'y'});
		expect(deployment).toEqual(before);
	});

	it('removes several items of one list without index shifts', () => {
		const {object} = applyIgnoreDifferences(webhooks, [
			{group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jsonPointers: ['/webhooks/0', '/webhooks/1']},
		]);
		expect(object['webhooks']).toEqual([]);
	});

	it('removes jq-selected fields', () => {
		const {object} = applyIgnoreDifferences(deployment, [
			{group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "istio-proxy")']},
		]);
		expect(object.spec).toMatchObject({template: {spec: {containers: [{name: 'web', image: 'nginx'}]}}});
	});

	it('returns a warning for an unsupported jq expression and applies the rest', () => {
		const {object, warnings} = applyIgnoreDifferences(deployment, [
			{group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec | del(.replicas)'], jsonPointers: ['/spec/replicas', 'spec/x']},
		]);
		expect(object.spec).not.toHaveProperty('replicas');
		expect(warnings).toEqual([
			expect.stringMatching(/must start with "\/"/),
			expect.stringMatching(/^unsupported jq expression ".spec \| del\(.replicas\)"/),
		]);
	});

	it('warns when a rule without a group would have matched a non-core kind', () => {
		const {object, warnings} = applyIgnoreDifferences(deployment, [{kind: 'Deployment', jsonPointers: ['/spec/replicas']}]);
		expect(object).toBe(deployment);
		expect(warnings).toEqual([expect.stringContaining('add "group: apps"')]);
	});

	it('removes the fields of named managers, found by key in each object', () => {
		const live = loadFixture('deployment-image-live');
		// kubectl-set owns the web container's image, through k:{"name":"web"}.
		const desired: KubeObject = {
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name: 'web', namespace: 'demo'},
			spec: {
				template: {
					spec: {
						containers: [
							{name: 'init-like', image: 'a'},
							{name: 'web', image: 'nginx:1.27'},
						],
					},
				},
			},
		};
		const rules = [{group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kubectl-set']}];
		const fromDesired = applyIgnoreDifferences(desired, rules, live).object;
		expect(fromDesired.spec).toEqual({template: {spec: {containers: [{name: 'init-like', image: 'a'}, {name: 'web'}]}}});
		const fromLive = applyIgnoreDifferences(live, rules, live).object;
		expect(fromLive.spec).toMatchObject({template: {spec: {containers: [{name: 'web', imagePullPolicy: 'IfNotPresent'}]}}});
		expect((fromLive.spec as {template: {spec: {containers: object[]}}}).template.spec.containers[0]).not.toHaveProperty('image');
	});

	it('keeps maps that the manager shares with others, dropping only its keys', () => {
		const live: KubeObject = {
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: {
				name: 'c',
				labels: {mine: 'a', theirs: 'b'},
				managedFields: [{manager: 'other', operation: 'Update', fieldsV1: {'f:metadata': {'f:labels': {'.': {}, 'f:theirs': {}}}}}],
			},
		};
		const {object} = applyIgnoreDifferences(live, [{kind: 'ConfigMap', managedFieldsManagers: ['other']}]);
		expect(object.metadata.labels).toEqual({mine: 'a'});
	});
});
