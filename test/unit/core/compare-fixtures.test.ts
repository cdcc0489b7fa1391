import {describe, expect, it} from 'vitest';
import {compareObject} from '../../../source/core/compare-objects.js';
import type {IgnoreDifferenceRule} from '../../../source/core/ignore-differences.js';
import {resourceKeyOf} from '../../../source/core/kube-object.js';
import {loadPair} from './support/compare-fixtures.js';

interface Case {
	/** What the case shows. */
	title: string;
	/** Fixture pair name in fixtures/compare. */
	fixture: string;
	rules?: IgnoreDifferenceRule[];
	/** Compare against the `-predicted.yaml` server-side apply dry run instead of Git's fields. */
	usePredicted?: boolean;
	changedPaths: string[];
}

const container = '/spec/template/spec/containers/0';

// Section 2 "Diff: no false drift": what must not be drift, then what must be.
const notDrift: Case[] = [
	{title: 'server defaults, managedFields, status, uid, generation, last-applied', fixture: 'deployment-defaults', changedPaths: []},
	{
		title: 'kubectl-generated YAML: creationTimestamp null, strategy {}, resources {}, status {}',
		fixture: 'deployment-kubectl-generated',
		changedPaths: [],
	},
	{title: 'quantities: 1000m == 1, 0.5 == 500m, 1024Mi == 1Gi, 1.5Gi == 1536Mi, 2 == "2"', fixture: 'quantities', changedPaths: []},
	{title: 'Secret stringData == base64 data', fixture: 'secret-stringdata', changedPaths: []},
	{title: 'empty labels/annotations maps == absent', fixture: 'configmap-empty-maps', changedPaths: []},
	{title: 'Service clusterIP, ipFamilies, protocol, sessionAffinity filled by the server', fixture: 'service-clusterip', changedPaths: []},
	{title: 'StatefulSet volumeClaimTemplates filled by the server', fixture: 'statefulset-defaults', changedPaths: []},
	{title: 'the server-side apply prediction equals live', fixture: 'deployment-defaults', usePredicted: true, changedPaths: []},
	{
		title: 'ignoreDifferences by jsonPointers',
		fixture: 'deployment-scaled',
		rules: [{group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas']}],
		changedPaths: [],
	},
	{
		title: 'ignoreDifferences by jq, selecting a container by name',
		fixture: 'deployment-image',
		rules: [{group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "web") | .image']}],
		changedPaths: [],
	},
	{
		title: 'ignoreDifferences by managedFieldsManagers (an HPA owns /spec/replicas)',
		fixture: 'hpa-owned-replicas',
		rules: [{group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kube-controller-manager']}],
		changedPaths: [],
	},
	{
		title: 'ignoreDifferences with wildcard group and kind',
		fixture: 'deployment-scaled',
		rules: [{group: '*', kind: '*', name: 'web', jsonPointers: ['/spec/replicas']}],
		changedPaths: [],
	},
];

const drift: Case[] = [
	{title: 'replicas changed live', fixture: 'deployment-scaled', changedPaths: ['/spec/replicas']},
	{
		title: 'replicas changed live, against the server-side apply prediction',
		fixture: 'deployment-scaled',
		usePredicted: true,
		changedPaths: ['/spec/replicas'],
	},
	{title: 'an HPA-owned field without the rule', fixture: 'hpa-owned-replicas', changedPaths: ['/spec/replicas']},
	{title: 'image changed live', fixture: 'deployment-image', changedPaths: [`${container}/image`]},
	{title: 'containerPort "80" vs 80', fixture: 'containerport-string', changedPaths: [`${container}/ports/0/containerPort`]},
	{title: 'an env var removed live', fixture: 'env-removed', changedPaths: [`${container}/env/1`]},
	{title: 'an extra container live', fixture: 'extra-container', changedPaths: ['/spec/template/spec/containers/1']},
	{title: 'a quantity with a different value', fixture: 'quantities-changed', changedPaths: [`${container}/resources/requests/memory`]},
	{title: 'a Secret value changed', fixture: 'secret-changed', changedPaths: ['/data/password']},
	{
		title: 'ignoreDifferences for another name does not apply',
		fixture: 'deployment-scaled',
		rules: [{group: 'apps', kind: 'Deployment', name: 'api', jsonPointers: ['/spec/replicas']}],
		changedPaths: ['/spec/replicas'],
	},
	{
		title: "ignoreDifferences by managedFieldsManagers only drops that manager's fields",
		fixture: 'deployment-image',
		rules: [{group: 'apps', kind: 'Deployment', managedFieldsManagers: ['kube-controller-manager']}],
		changedPaths: [`${container}/image`],
	},
];

function run({fixture, rules, usePredicted}: Case) {
	const {desired, live, predicted} = loadPair(fixture);
	if (usePredicted && !predicted) throw new Error(`${fixture} has no predicted fixture`);
	return compareObject({
		key: resourceKeyOf(desired),
		desired,
		live,
		predicted: usePredicted ? predicted : undefined,
		ignoreDifferences: rules,
	});
}

describe('compareObject over fixtures: no false drift', () => {
	it.each(notDrift)('$title ($fixture)', testCase => {
		const comparison = run(testCase);
		expect(comparison.diff?.unified.map(line => line.op + line.text).join('\n') ?? '').toBe('');
		expect(comparison).toMatchObject({status: 'Synced', drift: 'none', changedPaths: [], diff: null, warnings: []});
	});
});

describe('compareObject over fixtures: real drift', () => {
	it.each(drift)('$title ($fixture)', testCase => {
		const comparison = run(testCase);
		expect(comparison.status).toBe('OutOfSync');
		expect(comparison.drift).toBe('modified');
		expect(comparison.changedPaths).toEqual(testCase.changedPaths);
		expect(comparison.diff?.unified.some(line => line.op === '+' || line.op === '-')).toBe(true);
		expect(comparison.warnings).toEqual([]);
	});

	it('shows the drift inside the real live object, status and defaults left out of the hunks', () => {
		const comparison = run({title: '', fixture: 'deployment-scaled', changedPaths: []});
		const changed = comparison.diff?.unified.filter(line => line.op === '+' || line.op === '-');
		expect(changed).toEqual([
			{op: '-', text: '  replicas: 5'},
			{op: '+', text: '  replicas: 2'},
		]);
		expect(comparison.diff?.summary).toEqual({added: 0, removed: 0, changed: 1});
	});

	it('an extra live container is shown as removed, with its server defaults', () => {
		const comparison = run({title: '', fixture: 'extra-container', changedPaths: []});
		expect(comparison.diff?.summary).toEqual({added: 0, removed: 1, changed: 0});
		const removed = comparison.diff?.unified.filter(line => line.op === '-').map(line => line.text.trim());
		expect(removed).toContain('name: debug');
	});
});
