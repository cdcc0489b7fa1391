import {describe, expect, it} from 'vitest';
import {orderForApply, orderForPrune, syncKindOrder, syncWaveOf} from '../../../source/core/sync-order.js';
import {crd, names, object} from '../support/objects.js';

describe('sync waves', () => {
	it.each([
		['absent', undefined, 0],
		['positive', '5', 5],
		['negative', '-3', -3],
		['padded', ' 2 ', 2],
		['signed', '+1', 1],
		['not a number', 'late', 0],
		['fraction', '1.5', 0],
		['empty', '', 0],
	])('%s annotation (%j) is wave %i', (_name, wave, expected) => {
		expect(syncWaveOf(object('ConfigMap', 'c', {wave}))).toBe(expected);
	});
});

describe('apply order', () => {
	it('puts every known kind in the spec order, then unknown kinds by name', () => {
		const kinds = [...syncKindOrder].reverse();
		const shuffled = [object('Zebra', 'z'), ...kinds.map(kind => object(kind, 'x')), object('Alpaca', 'a')];
		expect(orderForApply(shuffled).map(item => item.kind)).toEqual([...syncKindOrder, 'Alpaca', 'Zebra']);
	});

	it.each([
		{
			name: 'waves before kinds',
			input: [object('Namespace', 'late', {wave: 2}), object('Deployment', 'web'), object('ConfigMap', 'early', {wave: -1})],
			expected: ['ConfigMap/early', 'Deployment/web', 'Namespace/late'],
		},
		{
			name: 'kinds before names within a wave',
			input: [object('Deployment', 'a'), object('Service', 'b'), object('ConfigMap', 'c'), object('Secret', 'd')],
			expected: ['Secret/d', 'ConfigMap/c', 'Service/b', 'Deployment/a'],
		},
		{
			name: 'names within a kind',
			input: [object('ConfigMap', 'b'), object('ConfigMap', 'a'), object('ConfigMap', 'B')],
			expected: ['ConfigMap/B', 'ConfigMap/a', 'ConfigMap/b'],
		},
		{
			name: 'a Namespace in a later wave moves before the objects in it',
			input: [
				object('Deployment', 'web', {namespace: 'shop', wave: -1}),
				object('ConfigMap', 'other', {wave: -2}),
				object('Namespace', 'shop', {wave: 3}),
			],
			expected: ['ConfigMap/other', 'Namespace/shop', 'Deployment/web'],
		},
		{
			name: 'a Namespace other objects do not use keeps its wave',
			input: [object('Deployment', 'web', {namespace: 'shop'}), object('Namespace', 'unused', {wave: 3})],
			expected: ['Deployment/web', 'Namespace/unused'],
		},
		{
			name: 'a CRD in a later wave moves before its custom resources',
			input: [object('Widget', 'w1', {wave: -1}), object('ConfigMap', 'c', {wave: -5}), crd('example.com', 'Widget', 4)],
			expected: ['ConfigMap/c', 'CustomResourceDefinition/widgets.example.com', 'Widget/w1'],
		},
		{
			name: 'a CRD in the same wave already precedes custom resources (unknown kinds go last)',
			input: [object('Widget', 'w1'), crd('example.com', 'Widget'), object('Deployment', 'web')],
			expected: ['CustomResourceDefinition/widgets.example.com', 'Deployment/web', 'Widget/w1'],
		},
	])('$name', ({input, expected}) => {
		expect(names(orderForApply(input))).toEqual(expected);
	});

	it('does not change its input', () => {
		const input = [object('Deployment', 'web'), object('Namespace', 'demo')];
		orderForApply(input);
		expect(names(input)).toEqual(['Deployment/web', 'Namespace/demo']);
	});
});

describe('prune order', () => {
	it.each([
		{
			name: 'reverse wave order',
			input: [object('ConfigMap', 'w0'), object('ConfigMap', 'w5', {wave: 5}), object('ConfigMap', 'w-1', {wave: -1})],
			expected: ['ConfigMap/w5', 'ConfigMap/w0', 'ConfigMap/w-1'],
		},
		{
			name: 'dependents before their Namespace and CRD',
			input: [
				object('Namespace', 'shop'),
				crd('example.com', 'Widget'),
				object('Widget', 'w', {namespace: 'shop'}),
				object('Deployment', 'web', {namespace: 'shop'}),
			],
			expected: ['Widget/w', 'Deployment/web', 'CustomResourceDefinition/widgets.example.com', 'Namespace/shop'],
		},
	])('$name', ({input, expected}) => {
		expect(names(orderForPrune(input))).toEqual(expected);
	});
});
