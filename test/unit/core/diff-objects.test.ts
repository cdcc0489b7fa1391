import {describe, expect, it} from 'vitest';
import {diffObjects} from '../../../source/core/diff-objects.js';
import {toStableYaml} from '../../../source/core/yaml-text.js';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {diffLines, unifiedDiff} from '../../../source/core/line-diff.js';

function configMap(data: Record<string, unknown>, extra: Record<string, unknown> = {}): KubeObject {
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'c'}, data, ...extra};
}

const render = (lines: Array<{op: string; text: string}>) => lines.map(line => (line.op === '@' ? line.text : line.op + line.text));

describe('diffLines (Myers)', () => {
	it.each([
		[[], [], ''],
		[['a'], ['a'], ' a'],
		[['a', 'b', 'c'], ['a', 'c'], ' a|-b| c'],
		[['a', 'c'], ['a', 'b', 'c'], ' a|+b| c'],
		[['a', 'b', 'c', 'a', 'b', 'b', 'a'], ['c', 'b', 'a', 'b', 'a', 'c'], null],
		[[], ['x', 'y'], '+x|+y'],
		[['x', 'y'], [], '-x|-y'],
	] as const)('%j -> %j', (left, right, expected) => {
		const edits = diffLines(left, right);
		// Replaying the script gives back both sides.
		expect(edits.filter(edit => edit.op !== '+').map(edit => edit.text)).toEqual(left);
		expect(edits.filter(edit => edit.op !== '-').map(edit => edit.text)).toEqual(right);
		if (expected !== null) expect(edits.map(edit => edit.op + edit.text).join('|')).toBe(expected);
		else expect(edits.filter(edit => edit.op !== ' ')).toHaveLength(5); // the classic example: D = 5
	});

	it('finds a minimal script on larger inputs', () => {
		const left = Array.from({length: 200}, (_, i) => `line ${i}`);
		const right = left.filter((_, i) => i % 50 !== 7).map((line, i) => (i === 100 ? 'changed' : line));
		const edits = diffLines(left, right);
		expect(edits.filter(edit => edit.op === '-')).toHaveLength(5);
		expect(edits.filter(edit => edit.op === '+')).toEqual([{op: '+', text: 'changed'}]);
	});
});

describe('unifiedDiff', () => {
	const left = Array.from({length: 20}, (_, i) => `l${i + 1}`);
	const right = left.map(line => (line === 'l3' ? 'L3' : line === 'l17' ? 'L17' : line));

	it('writes headers and hunks with 3 lines of context by default', () => {
		expect(render(unifiedDiff(left, right))).toEqual([
			'--- live',
			'+++ desired',
			'@@ -1,6 +1,6 @@',
			' l1',
			' l2',
			'-l3',
			'+L3',
			' l4',
			' l5',
			' l6',
			'@@ -14,7 +14,7 @@',
			' l14',
			' l15',
			' l16',
			'-l17',
			'+L17',
			' l18',
			' l19',
			' l20',
		]);
	});

	it('merges hunks whose context overlaps, and honours the context size', () => {
		expect(render(unifiedDiff(left, right, {context: 7})).filter(line => line.startsWith('@@'))).toEqual(['@@ -1,20 +1,20 @@']);
		expect(render(unifiedDiff(left, right, {context: 0}))).toEqual([
			'--- live',
			'+++ desired',
			'@@ -3 +3 @@',
			'-l3',
			'+L3',
			'@@ -17 +17 @@',
			'-l17',
			'+L17',
		]);
	});

	it('shows everything in one hunk with Infinity', () => {
		const lines = unifiedDiff(left, right, {context: Infinity});
		expect(lines.filter(line => line.op === '@')).toHaveLength(3);
		expect(lines).toHaveLength(2 + 1 + 22);
	});

	it('writes empty ranges GNU-style and is empty when nothing differs', () => {
		expect(render(unifiedDiff([], ['a', 'b'], {leftLabel: 'a', rightLabel: 'b'}))).toEqual([
			'--- a',
			'+++ b',
			'@@ -0,0 +1,2 @@',
			'+a',
			'+b',
		]);
		expect(render(unifiedDiff(['a'], [], {}))).toEqual(['--- live', '+++ desired', '@@ -1 +0,0 @@', '-a']);
		expect(unifiedDiff(left, left)).toEqual([]);
	});
});

describe('diffObjects', () => {
	it('is empty for equal objects', () => {
		const diff = diffObjects(configMap({a: '1'}), configMap({a: '1'}));
		expect(diff).toEqual({delta: undefined, changedPaths: [], unified: [], summary: {added: 0, removed: 0, changed: 0}});
	});

	it('reports leaf paths and counts added, removed and changed values', () => {
		const diff = diffObjects(configMap({a: '1', gone: 'x', 'k/y': '1'}), configMap({a: '2', new: 'y', 'k/y': '2'}));
		expect(diff.changedPaths.sort()).toEqual(['/data/a', '/data/gone', '/data/k~1y', '/data/new']);
		expect(diff.summary).toEqual({added: 1, removed: 1, changed: 2});
	});

	it('matches list items by name, so a change inside an item is a change at its index', () => {
		const left = configMap(
			{},
			{
				items: [
					{name: 'a', v: 1},
					{name: 'b', v: 1},
				],
			},
		);
		const right = configMap(
			{},
			{
				items: [
					{name: 'new', v: 0},
					{name: 'a', v: 1},
					{name: 'b', v: 2},
				],
			},
		);
		const diff = diffObjects(left, right);
		expect(diff.changedPaths).toEqual(['/items/0', '/items/2/v']);
		expect(diff.summary).toEqual({added: 1, removed: 0, changed: 1});
	});

	it.each([
		['containerPort', {containerPort: 80, protocol: 'TCP'}, {containerPort: 443}],
		['port', {port: 80}, {port: 443}],
		['key', {key: 'a', path: 'x'}, {key: 'b', path: 'y'}],
		['mountPath', {mountPath: '/a', readOnly: true}, {mountPath: '/b'}],
	])('matches list items by %s', (_, first, second) => {
		const left = configMap({}, {items: [first, second]});
		const right = configMap({}, {items: [second, {...first, extra: true}]});
		const diff = diffObjects(left, right);
		// Moved and changed, not removed and re-added.
		expect(diff.summary.removed).toBe(0);
		expect(diff.summary.added).toBe(1);
	});

	it('treats 53/TCP and 53/UDP as two ports', () => {
		const left = configMap({}, {ports: [{port: 53, protocol: 'UDP'}]});
		const right = configMap({}, {ports: [{port: 53, protocol: 'TCP'}]});
		expect(diffObjects(left, right).summary).toEqual({added: 1, removed: 1, changed: 0});
	});

	it('shows a missing object as all added and an extra one as all removed', () => {
		const object = configMap({a: '1'});
		const missing = diffObjects(undefined, object);
		expect(missing.changedPaths).toEqual(['']);
		expect(render(missing.unified)).toEqual([
			'--- live',
			'+++ desired',
			'@@ -0,0 +1,6 @@',
			'+apiVersion: v1',
			'+data:',
			'+  a: "1"',
			'+kind: ConfigMap',
			'+metadata:',
			'+  name: c',
		]);
		const extra = diffObjects(object, undefined);
		expect(extra.summary).toEqual({added: 0, removed: 1, changed: 0});
		expect(extra.unified.filter(line => line.op === '-')).toHaveLength(6);
	});

	it('puts keys in byte order like kubectl and does not fold long lines', () => {
		const long = 'x'.repeat(200);
		expect(toStableYaml({b: 1, a: {z: 1, B: 2, a: [{w: 1, v: long}]}})).toBe(`a:\n  B: 2\n  a:\n  - v: ${long}\n    w: 1\n  z: 1\nb: 1\n`);
	});

	it('passes context through to the unified view', () => {
		const data = Object.fromEntries(Array.from({length: 30}, (_, i) => [`k${String(i).padStart(2, '0')}`, 'v']));
		const diff = diffObjects(configMap(data), configMap({...data, k15: 'changed'}), {context: 1});
		expect(render(diff.unified).slice(2)).toEqual(['@@ -17,3 +17,3 @@', '   k14: v', '-  k15: v', '+  k15: changed', '   k16: v']);
		expect(diffObjects(configMap(data), configMap({...data, k15: 'changed'}), {context: Infinity}).unified).toHaveLength(3 + 36);
	});
});
