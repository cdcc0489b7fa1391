import {describe, expect, it} from 'vitest';
import {displayKey, groupOf, keyString, resourceKeyOf} from '../../../source/core/kube-object.js';

describe('resource identity', () => {
	it.each([
		['apps/v1', 'apps'],
		['v1', ''],
		['argoproj.io/v1alpha1', 'argoproj.io'],
	])('group of %s is %j', (apiVersion, group) => {
		expect(groupOf(apiVersion)).toBe(group);
	});

	it('keys namespaced and cluster-scoped objects', () => {
		const deployment = resourceKeyOf({apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: 'web', namespace: 'demo'}});
		expect(keyString(deployment)).toBe('apps/Deployment/demo/web');
		expect(displayKey(deployment)).toBe('Deployment/demo/web');
		const namespace = resourceKeyOf({apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'demo'}});
		expect(displayKey(namespace)).toBe('Namespace/demo');
	});
});
