import {describe, expect, it} from 'vitest';
import {compareObject} from '../../../source/core/compare-objects.js';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {resourceKeyOf} from '../../../source/core/kube-object.js';
import {lastAppliedAnnotation, maskLiveObject, maskSecret, maskSecretPair, maskSecretsTogether} from '../../../source/core/mask-secrets.js';
import {loadPair} from './support/compare-fixtures.js';

function secret(data: Record<string, string>, stringData?: Record<string, string>): KubeObject {
	return {apiVersion: 'v1', kind: 'Secret', metadata: {name: 's', namespace: 'demo'}, data, ...(stringData ? {stringData} : {})};
}

const b64 = (text: string) => btoa(text);

describe('maskSecretPair', () => {
	it('masks equal values with 8 plus signs on both sides', () => {
		const {desired, live} = maskSecretPair(secret({a: b64('one')}), secret({a: b64('one')}));
		expect(desired?.['data']).toEqual({a: '++++++++'});
		expect(live?.['data']).toEqual({a: '++++++++'});
	});

	it('gives a second distinct value 12 and a third 16, desired first', () => {
		const {desired, live} = maskSecretPair(secret({a: b64('new'), b: b64('same')}), secret({a: b64('old'), b: b64('same')}));
		expect(desired?.['data']).toEqual({a: '++++++++', b: '++++++++'});
		expect(live?.['data']).toEqual({a: '++++++++++++', b: '++++++++'});
		// stringData and data of one side both hold a value of `a`; stringData wins, as on the server.
		const three = maskSecretPair(secret({a: b64('x'), c: b64('1')}, {c: '2'}), secret({a: b64('y'), c: b64('3')}));
		expect(three.desired?.['data']).toEqual({a: '++++++++', c: '++++++++'});
		expect(three.live?.['data']).toEqual({a: '++++++++++++', c: '++++++++++++'});
	});

	it('gives a third distinct value 16 when three versions are masked together', () => {
		const [git, live, older] = maskSecretsTogether([secret({k: b64('1')}), secret({k: b64('2')}), secret({k: b64('3')})]);
		expect([git, live, older].map(object => object?.['data'])).toEqual([{k: '++++++++'}, {k: '++++++++++++'}, {k: '++++++++++++++++'}]);
		// Two spellings of the same bytes are one value.
		const [a, b] = maskSecretsTogether([secret({k: 'YQ=='}), secret({k: 'Y Q = ='})]);
		expect(b?.['data']).toEqual(a?.['data']);
	});

	it('masks a value written as stringData and as data the same way', () => {
		const {desired, live} = maskSecretPair(secret({}, {password: 'p@ss'}), secret({password: b64('p@ss')}));
		expect(desired?.['data']).toEqual({password: '++++++++'});
		expect(desired).not.toHaveProperty('stringData');
		expect(live?.['data']).toEqual({password: '++++++++'});
	});

	it('drops the last-applied annotation, which repeats the values', () => {
		const withAnnotation = secret({a: b64('x')});
		withAnnotation.metadata.annotations = {[lastAppliedAnnotation]: '{"stringData":{"a":"x"}}', other: 'kept'};
		expect(maskSecret(withAnnotation).metadata.annotations).toEqual({other: 'kept'});
	});

	it('masks a single Secret and leaves other kinds and the input alone', () => {
		const input = secret({a: b64('x'), b: b64('y')});
		expect(maskSecret(input)['data']).toEqual({a: '++++++++', b: '++++++++'});
		expect(input['data']).toEqual({a: b64('x'), b: b64('y')});
		const configMap: KubeObject = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data: {a: 'x'}};
		expect(maskSecret(configMap)).toBe(configMap);
	});

	it('masks one side when the other is absent', () => {
		expect(maskSecretPair(undefined, secret({a: b64('x')})).live?.['data']).toEqual({a: '++++++++'});
	});
});

describe('Secrets in comparisons: never a real value in the delta, the unified text or anywhere else', () => {
	const {desired, live} = loadPair('secret-changed');
	const secrets = ['correct-horse-battery', 'tr0ub4dor-and-3', 'app'];
	const forbidden = secrets.flatMap(value => [value, btoa(value)]);

	it.each([
		['modified', {desired, live}],
		['missing', {desired}],
		['extra', {live}],
	] as const)('%s', (_, sides) => {
		const comparison = compareObject({key: resourceKeyOf(desired), ...sides});
		const text = JSON.stringify(comparison);
		for (const value of forbidden.filter(v => v !== 'app')) expect(text).not.toContain(value);
		expect(text).not.toContain(btoa('app'));
		expect(text).not.toContain('last-applied-configuration');
	});

	it('shows the change as 12 plus signs live against 8 in Git', () => {
		const comparison = compareObject({key: resourceKeyOf(desired), desired, live});
		expect(comparison.changedPaths).toEqual(['/data/password']);
		expect(comparison.diff?.delta).toEqual({data: {password: ['++++++++++++', '++++++++']}});
		expect(comparison.diff?.unified.filter(line => line.op === '-' || line.op === '+')).toEqual([
			{op: '-', text: '  password: ++++++++++++'},
			{op: '+', text: '  password: ++++++++'},
		]);
	});
});

describe('maskLiveObject (a live object shown whole)', () => {
	it('keeps the last-applied annotation, masked together with the live values', () => {
		const live = secret({a: b64('same'), b: b64('changed-live')});
		live.metadata.annotations = {[lastAppliedAnnotation]: `${JSON.stringify(secret({}, {a: 'same', b: 'as-applied'}))}\n`, other: 'kept'};
		const masked = maskLiveObject(live);
		expect(masked['data']).toEqual({a: '++++++++', b: '++++++++'});
		const annotation = masked.metadata.annotations?.[lastAppliedAnnotation] ?? '';
		expect(annotation.endsWith('\n')).toBe(true);
		expect(JSON.parse(annotation)).toMatchObject({data: {a: '++++++++', b: '++++++++++++'}});
		expect(annotation).not.toContain('as-applied');
		expect(masked.metadata.annotations?.['other']).toBe('kept');
	});

	it('replaces an annotation it cannot read as a Secret whole, and leaves other kinds and the input alone', () => {
		const live = secret({a: b64('x')});
		live.metadata.annotations = {[lastAppliedAnnotation]: 'not json: x'};
		expect(maskLiveObject(live).metadata.annotations).toEqual({[lastAppliedAnnotation]: '++++++++'});
		expect(live.metadata.annotations[lastAppliedAnnotation]).toBe('not json: x');
		const configMap: KubeObject = {
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: {name: 'c', annotations: {[lastAppliedAnnotation]: '{}'}},
		};
		expect(maskLiveObject(configMap)).toBe(configMap);
	});
});
