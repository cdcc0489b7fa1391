import {describe, expect, it} from 'vitest';
import {rewriteYamlDocument, setInYaml} from '../../../../source/core/source-edit/yaml-edit.js';

const deployment = `# The web app: edited by people and by driftwatch
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web # the name
  labels:
    app: web
spec:
  replicas: 2

  template:
    spec:
      containers:
      - name: web
        image: "nginx:1.27"   # pinned
        args: [a, b]
      - name: side
        image: 'envoy:1'
---
# the service
kind: Service
metadata: {name: web}
`;

/** `deployment` with one line replaced, everything else byte for byte. */
const withLine = (before: string, after: string) => {
	expect(deployment).toContain(before);
	return deployment.replace(before, after);
};

interface Case {
	name: string;
	text?: string;
	document?: number;
	path: Array<string | number>;
	value: unknown;
	expected: string;
}

const cases: Case[] = [
	{
		name: 'a number in place',
		path: ['spec', 'replicas'],
		value: 8,
		expected: withLine('  replicas: 2\n', '  replicas: 8\n'),
	},
	{
		name: 'a double-quoted string keeps its quotes and its comment',
		path: ['spec', 'template', 'spec', 'containers', 0, 'image'],
		value: 'nginx:1.28',
		expected: withLine('"nginx:1.27"   # pinned', '"nginx:1.28"   # pinned'),
	},
	{
		name: 'a single-quoted string keeps single quotes',
		path: ['spec', 'template', 'spec', 'containers', 1, 'image'],
		value: "envoy:it's",
		expected: withLine("image: 'envoy:1'", "image: 'envoy:it''s'"),
	},
	{
		name: 'a new key goes after the last key of its map, at its indentation',
		path: ['metadata', 'labels', 'tier'],
		value: 'frontend',
		expected: withLine('    app: web\n', '    app: web\n    tier: frontend\n'),
	},
	{
		name: 'a new map is created on the way, strings that would read as something else are quoted',
		path: ['metadata', 'annotations', 'example.com/note'],
		value: 'x: y',
		expected: withLine('    app: web\n', '    app: web\n  annotations:\n    example.com/note: "x: y"\n'),
	},
	{
		name: 'a new list follows the file style (items flush with their key)',
		path: ['spec', 'template', 'spec', 'containers', 0, 'env'],
		value: [{name: 'MODE', value: '1'}],
		expected: withLine('        args: [a, b]\n', '        args: [a, b]\n        env:\n        - name: MODE\n          value: "1"\n'),
	},
	{
		name: 'a flow list stays a flow list',
		path: ['spec', 'template', 'spec', 'containers', 0, 'args'],
		value: ['a', 'b', 'c'],
		expected: withLine('args: [a, b]', 'args: [a, b, c]'),
	},
	{
		name: 'a removed key takes its line with it',
		path: ['spec', 'template', 'spec', 'containers', 0, 'args'],
		value: undefined,
		expected: withLine('        args: [a, b]\n', ''),
	},
	{
		name: 'the first key of a list item is removed without its dash',
		path: ['spec', 'template', 'spec', 'containers', 1, 'name'],
		value: undefined,
		expected: withLine("      - name: side\n        image: 'envoy:1'\n", "      - image: 'envoy:1'\n"),
	},
	{
		name: 'a list item is appended after the last one',
		path: ['spec', 'template', 'spec', 'containers', 2],
		value: {name: 'log', image: 'busybox:1'},
		expected: withLine("        image: 'envoy:1'\n", "        image: 'envoy:1'\n      - name: log\n        image: busybox:1\n"),
	},
	{
		name: 'the last key of the only label map becomes an empty map',
		path: ['metadata', 'labels', 'app'],
		value: undefined,
		expected: withLine('  labels:\n    app: web\n', '  labels: {}\n'),
	},
	{
		name: 'the second document, a flow map, gets the key in flow style',
		document: 1,
		path: ['metadata', 'namespace'],
		value: 'prod',
		expected: withLine('metadata: {name: web}', 'metadata: {name: web, namespace: prod}'),
	},
	{
		name: 'an empty flow map opens into block lines',
		text: 'replicaCount: 1\npodAnnotations: {}\n',
		path: ['podAnnotations', 'team'],
		value: 'web',
		expected: 'replicaCount: 1\npodAnnotations:\n  team: web\n',
	},
	{
		name: 'a plain string that would read as a number is quoted',
		text: 'image:\n  tag: latest # moving\n',
		path: ['image', 'tag'],
		value: '1.28',
		expected: 'image:\n  tag: "1.28" # moving\n',
	},
	{
		name: 'YAML 1.1 booleans are quoted as strings',
		text: 'a: 1\n',
		path: ['b'],
		value: 'yes',
		expected: 'a: 1\nb: "yes"\n',
	},
	{
		name: 'an empty value gets one',
		text: 'a:\nb: 1\n',
		path: ['a', 'x'],
		value: 1,
		expected: 'a:\n  x: 1\nb: 1\n',
	},
	{
		name: 'an empty file gets the value',
		text: '',
		path: ['image', 'tag'],
		value: '1.28',
		expected: 'image:\n  tag: "1.28"\n',
	},
	{
		name: 'a comment-only file keeps its comments',
		text: '# production values\n',
		path: ['replicaCount'],
		value: 3,
		expected: '# production values\nreplicaCount: 3\n',
	},
	{
		name: 'a file without a final newline gets none',
		text: 'a: 1\nb: 2',
		path: ['c'],
		value: 3,
		expected: 'a: 1\nb: 2\nc: 3',
	},
	{
		name: 'new lines follow CRLF line endings',
		text: 'metadata:\r\n  name: web\r\nspec: {}\r\n',
		path: ['metadata', 'labels'],
		value: {app: 'web'},
		expected: 'metadata:\r\n  name: web\r\n  labels:\r\n    app: web\r\nspec: {}\r\n',
	},
	{
		name: 'a literal block keeps its header and indentation',
		text: 'patch: |-\n  - op: replace\n    value: 3\nnext: 1\n',
		path: ['patch'],
		value: '- op: replace\n  value: 8',
		expected: 'patch: |-\n  - op: replace\n    value: 8\nnext: 1\n',
	},
	{
		name: 'a JSON manifest keeps its JSON',
		text: '{\n  "kind": "ConfigMap",\n  "data": {"a": "1"}\n}\n',
		path: ['data', 'a'],
		value: '2',
		expected: '{\n  "kind": "ConfigMap",\n  "data": {"a": "2"}\n}\n',
	},
];

describe('setInYaml: the value changes, nothing else does', () => {
	for (const entry of cases) {
		it(entry.name, () => {
			expect(setInYaml(entry.text ?? deployment, entry.document ?? 0, entry.path, entry.value)).toBe(entry.expected);
		});
	}
});

describe('setInYaml refuses what it cannot write exactly', () => {
	const refusals: Array<{name: string; text: string; path: Array<string | number>; value: unknown; reason: RegExp}> = [
		{name: 'through an alias', text: 'a: &x 1\nb: *x\n', path: ['b'], value: 2, reason: /b is an alias \(\*x\)/},
		{name: 'an anchored value others reuse', text: 'a: &x 1\nb: *x\n', path: ['a'], value: 2, reason: /a has the anchor &x/},
		{name: 'a file that does not parse', text: 'a: [1\n', path: ['a'], value: 2, reason: /document 1 does not parse/},
		{name: 'a key below a scalar', text: 'a: 1\n', path: ['a', 'b'], value: 2, reason: /a is a value, not a map or a list/},
		{name: 'a list index past the end', text: 'a: [1]\n', path: ['a', 3], value: 2, reason: /a\[3\]: no such list item/},
		{name: 'a duplicate key', text: 'a: 1\na: 2\n', path: ['a'], value: 3, reason: /does not parse/},
		{
			name: 'an alias bomb',
			text: `a: &a [x, x]\n${Array.from({length: 12}, (_, i) => `b${i}: &b${i} [${i === 0 ? '*a, *a' : `*b${i - 1}, *b${i - 1}`}]`).join('\n')}\nc: 1\n`,
			path: ['c'],
			value: 2,
			reason: /expands aliases too often/,
		},
	];
	for (const refusal of refusals) {
		it(refusal.name, () => {
			expect(() => setInYaml(refusal.text, 0, refusal.path, refusal.value)).toThrow(refusal.reason);
		});
	}
	it('refuses with the edit-refused code', () => {
		try {
			setInYaml('a: &x 1\nb: *x\n', 0, ['b'], 2);
			expect.unreachable();
		} catch (error) {
			expect(error).toMatchObject({name: 'DriftwatchError', code: 'edit-refused'});
		}
	});
});

describe('rewriteYamlDocument', () => {
	it('makes the smallest change between two values, keeping every comment', () => {
		const text = '# images\nimages:\n  - name: nginx # web\n    newTag: "1.27"\n  - name: envoy\n    newTag: v1\n';
		const next = {
			images: [
				{name: 'nginx', newTag: '1.28'},
				{name: 'envoy', newName: 'ghcr.io/envoy', newTag: 'v1'},
			],
		};
		expect(rewriteYamlDocument(text, 0, next)).toBe(
			'# images\nimages:\n  - name: nginx # web\n    newTag: "1.28"\n  - name: envoy\n    newTag: v1\n    newName: ghcr.io/envoy\n',
		);
	});

	it('adds a key at the end of the top-level map', () => {
		expect(
			rewriteYamlDocument('resources:\n  - deployment.yaml\n', 0, {
				resources: ['deployment.yaml'],
				images: [{name: 'nginx', newTag: '1.28'}],
			}),
		).toBe('resources:\n  - deployment.yaml\nimages:\n  - name: nginx\n    newTag: "1.28"\n');
	});
});
