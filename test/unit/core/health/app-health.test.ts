import {describe, expect, it} from 'vitest';
import {
	aggregateAppHealth,
	type AppHealthChild,
	assessHealth,
	ignoresHealthcheck,
	worseHealth,
} from '../../../../source/core/health/index.js';
import {healthOrder, type HealthStatus, resourceKeyOf} from '../../../../source/core/kube-object.js';
import {loadFixture} from './support/health-fixtures.js';

function child(kind: string, name: string, health: HealthStatus | null, extra: Partial<AppHealthChild> = {}): AppHealthChild {
	return {key: {group: '', kind, namespace: 'demo', name}, health, ...extra};
}

const healthy: HealthStatus = {status: 'Healthy', message: ''};
const progressing: HealthStatus = {status: 'Progressing', message: 'Waiting for rollout to finish'};
const degraded = (message: string): HealthStatus => ({status: 'Degraded', message});

describe('worseHealth', () => {
	it.each(healthOrder.flatMap((a, i) => healthOrder.map((b, j) => [a, b, i >= j ? a : b] as const)))(
		'worse of %s and %s is %s',
		(a, b, worse) => {
			expect(worseHealth(a, b)).toBe(worse);
		},
	);
});

describe('ignoresHealthcheck', () => {
	it.each([
		['true', true],
		['false', false],
		['TRUE', false],
		[undefined, false],
	])('annotation %j -> %s', (value, ignored) => {
		const {object} = loadFixture('pod-crashloopbackoff');
		object.metadata.annotations = value === undefined ? {} : {'argocd.argoproj.io/ignore-healthcheck': value};
		expect(ignoresHealthcheck(object)).toBe(ignored);
	});
});

describe('aggregateAppHealth', () => {
	it('is Healthy with no children', () => {
		expect(aggregateAppHealth([])).toEqual(healthy);
	});

	it('is Healthy when every child is Healthy', () => {
		expect(aggregateAppHealth([child('Service', 'web', healthy), child('Pod', 'web-1', healthy)])).toEqual(healthy);
	});

	it.each(healthOrder.filter(code => code !== 'Healthy'))('takes the worst child: %s over Healthy', status => {
		const result = aggregateAppHealth([child('Service', 'web', healthy), child('Pod', 'web-1', {status, message: ''})]);
		expect(result).toEqual({status, message: 'Caused by Pod/demo/web-1'});
	});

	it('names the single worst child with its message', () => {
		const result = aggregateAppHealth([
			child('Deployment', 'web', progressing),
			child('Pod', 'web-abc', degraded('Back-off pulling image "ghcr.io/acme/web:9.9.9"')),
		]);
		expect(result).toEqual({
			status: 'Degraded',
			message: 'Caused by Pod/demo/web-abc: Back-off pulling image "ghcr.io/acme/web:9.9.9"',
		});
	});

	it('names two or three worst children without messages, sorted', () => {
		const three = aggregateAppHealth([
			child('Pod', 'web-c', degraded('c')),
			child('Pod', 'web-a', degraded('a')),
			child('Deployment', 'web', progressing),
			child('Pod', 'web-b', degraded('b')),
		]);
		expect(three).toEqual({status: 'Degraded', message: 'Caused by Pod/demo/web-a, Pod/demo/web-b and Pod/demo/web-c'});
		const two = aggregateAppHealth([child('Pod', 'web-b', degraded('b')), child('Pod', 'web-a', degraded('a'))]);
		expect(two.message).toBe('Caused by Pod/demo/web-a and Pod/demo/web-b');
	});

	it('names three worst children and counts the rest', () => {
		const pods = ['e', 'd', 'c', 'b', 'a'].map(suffix => child('Pod', `web-${suffix}`, degraded('')));
		expect(aggregateAppHealth(pods)).toEqual({
			status: 'Degraded',
			message: 'Caused by Pod/demo/web-a, Pod/demo/web-b, Pod/demo/web-c and 2 more',
		});
	});

	it('shows cluster-scoped children without a namespace', () => {
		const result = aggregateAppHealth([
			{
				key: {group: 'apiregistration.k8s.io', kind: 'APIService', namespace: '', name: 'v1beta1.metrics.k8s.io'},
				health: progressing,
			},
		]);
		expect(result.message).toBe('Caused by APIService/v1beta1.metrics.k8s.io: Waiting for rollout to finish');
	});

	it('skips children without health', () => {
		expect(aggregateAppHealth([child('ConfigMap', 'web', null), child('Service', 'web', healthy)])).toEqual(healthy);
		expect(aggregateAppHealth([child('ConfigMap', 'web', null)])).toEqual(healthy);
	});

	it('skips hooks', () => {
		const result = aggregateAppHealth([child('Service', 'web', healthy), child('Pod', 'presync', degraded('x'), {hook: true})]);
		expect(result).toEqual(healthy);
	});

	it('skips children that ignore the health check', () => {
		const result = aggregateAppHealth([child('Service', 'web', healthy), child('Pod', 'flaky', degraded('x'), {ignoreHealthcheck: true})]);
		expect(result).toEqual(healthy);
	});

	it('makes a missing child of a kind with a health rule Missing', () => {
		const result = aggregateAppHealth([child('Deployment', 'web', healthy), child('Service', 'web', null, {missing: true})]);
		expect(result).toEqual({status: 'Missing', message: 'Caused by Service/demo/web'});
	});

	it('leaves a missing child of a kind without a health rule out, as Argo CD does', () => {
		const result = aggregateAppHealth([
			child('Deployment', 'web', healthy),
			child('ConfigMap', 'web', null, {missing: true, healthRule: false}),
		]);
		expect(result).toEqual(healthy);
	});

	it('accepts a Missing health as the same thing as missing: true', () => {
		const result = aggregateAppHealth([child('Deployment', 'web', {status: 'Missing', message: ''})]);
		expect(result).toEqual({status: 'Missing', message: 'Caused by Deployment/demo/web'});
	});

	it('is Missing when none of the objects exists live', () => {
		const result = aggregateAppHealth([
			child('Service', 'a', null, {missing: true}),
			child('Service', 'b', null, {missing: true}),
			child('Pod', 'hook', healthy, {hook: true}),
		]);
		expect(result).toEqual({status: 'Missing', message: 'Caused by Service/demo/a and Service/demo/b'});
		// Also when none of them has a health rule (Argo CD v3.4 rule, argo-cd#25962; v3.2 says Healthy).
		const configOnly = aggregateAppHealth([
			child('ConfigMap', 'a', null, {missing: true, healthRule: false}),
			child('ConfigMap', 'b', null, {missing: true, healthRule: false}),
		]);
		expect(configOnly.status).toBe('Missing');
	});

	it('lets Degraded and Unknown outrank Missing', () => {
		const missing = child('Service', 'web', null, {missing: true});
		expect(aggregateAppHealth([missing, child('Pod', 'web-1', degraded('x'))]).status).toBe('Degraded');
		expect(aggregateAppHealth([missing, child('Pod', 'web-1', {status: 'Unknown', message: 'x'})]).status).toBe('Unknown');
		expect(aggregateAppHealth([missing, child('Pod', 'web-1', progressing)]).status).toBe('Missing');
	});

	it('aggregates assessed fixtures end to end', () => {
		const names = ['deployment-progressing', 'service-clusterip', 'configmap', 'pod-imagepullbackoff', 'pod-hook-imagepullbackoff'];
		const children = names.map((name): AppHealthChild => {
			const {object} = loadFixture(name);
			const hook = object.metadata.annotations?.['argocd.argoproj.io/hook'] !== undefined;
			return {key: resourceKeyOf(object), health: assessHealth(object), hook, ignoreHealthcheck: ignoresHealthcheck(object)};
		});
		expect(aggregateAppHealth(children)).toEqual({
			status: 'Degraded',
			message: 'Caused by Pod/demo/web-7c9f8d6b54-m3n8b: Back-off pulling image "ghcr.io/acme/web:9.9.9"',
		});
	});
});
