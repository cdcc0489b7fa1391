import {describe, expect, it} from 'vitest';
import {clusterTargetOf} from '../../../source/core/app-definition.js';

describe('clusterTargetOf', () => {
	it.each([
		[{server: 'https://kubernetes.default.svc', namespace: 'web'}, {kind: 'current-context'}],
		[{name: 'in-cluster', namespace: 'web'}, {kind: 'current-context'}],
		[
			{name: 'prod', namespace: 'web'},
			{kind: 'context', context: 'prod'},
		],
		[
			{server: 'https://prod.example.com:6443', namespace: 'web'},
			{kind: 'server', server: 'https://prod.example.com:6443'},
		],
		[{namespace: 'web'}, {kind: 'current-context'}],
	])('%j -> %j', (destination, expected) => {
		expect(clusterTargetOf(destination)).toEqual(expected);
	});
});
