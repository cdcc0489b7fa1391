import {describe, expect, it} from 'vitest';
import {parseManifests} from '../../../source/core/parse-manifests.js';

const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;

describe('parseManifests', () => {
	it('reads multi-document YAML, ignoring empty documents and comments', () => {
		const text = `# Source: chart/templates/a.yaml\n---\n${configMap('a')}---\n---\n# only a comment\n---\n${configMap('b')}...\n`;
		const parsed = parseManifests(text, 'all.yaml');
		expect(parsed.objects.map(object => object.metadata.name)).toEqual(['a', 'b']);
		expect(parsed.errors).toEqual([]);
		expect(parsed.notices).toEqual([]);
	});

	it('reads a file without a leading ---, and CRLF line ends', () => {
		const parsed = parseManifests(`${configMap('a')}---\n${configMap('b')}`.replaceAll('\n', '\r\n'), 'crlf.yaml');
		expect(parsed.objects.map(object => object.metadata.name)).toEqual(['a', 'b']);
	});

	it('reads JSON, single objects and lists', () => {
		const object = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'j'}, data: {a: '1'}};
		expect(parseManifests(JSON.stringify(object, null, '\t'), 'one.json').objects).toEqual([object]);
		const list = {apiVersion: 'v1', kind: 'List', items: [object, {...object, metadata: {name: 'k'}}]};
		expect(parseManifests(JSON.stringify(list), 'list.json').objects.map(o => o.metadata.name)).toEqual(['j', 'k']);
	});

	it('expands kind: List and *List documents to their items', () => {
		const text = `apiVersion: v1\nkind: List\nitems:\n- ${configMap('a').trimEnd().replaceAll('\n', '\n  ')}\n---\napiVersion: v1\nkind: ConfigMapList\nitems:\n- ${configMap('b').trimEnd().replaceAll('\n', '\n  ')}\n`;
		const parsed = parseManifests(text, 'lists.yaml');
		expect(parsed.objects.map(object => object.metadata.name)).toEqual(['a', 'b']);
	});

	it('skips documents that are not Kubernetes objects, with a notice naming the source and document', () => {
		const text = `${configMap('a')}---\nfoo: bar\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  generateName: x-\n---\njust a string\n---\napiVersion: v1\nkind: List\nitems:\n- nope: 1\n`;
		const parsed = parseManifests(text, 'mixed.yaml');
		expect(parsed.objects).toHaveLength(1);
		expect(parsed.notices).toEqual([
			'mixed.yaml document 2 skipped: not a Kubernetes object (no apiVersion, kind, metadata.name)',
			'mixed.yaml document 3 skipped: not a Kubernetes object (no metadata.name)',
			'mixed.yaml document 4 skipped: not a Kubernetes object (a string, not a mapping)',
			'mixed.yaml document 5 item 1 skipped: not a Kubernetes object (no apiVersion, kind, metadata.name)',
		]);
	});

	it('keeps a hook with only generateName (a sync names it), with an empty name', () => {
		const hook = `apiVersion: batch/v1\nkind: Job\nmetadata:\n  generateName: migrate-\n  annotations:\n    argocd.argoproj.io/hook: PreSync\n`;
		const parsed = parseManifests(`${hook}---\n${configMap('a')}`, 'hooks.yaml');
		expect(parsed.objects.map(object => [object.kind, object.metadata.name, object.metadata.generateName])).toEqual([
			['Job', '', 'migrate-'],
			['ConfigMap', 'a', undefined],
		]);
		expect(parsed.notices).toEqual([]);
	});

	it('returns a syntax error for its document, with line and column, and keeps the other documents', () => {
		const text = `${configMap('a')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [b\n---\n${configMap('c')}`;
		const parsed = parseManifests(text, 'broken.yaml');
		expect(parsed.objects.map(object => object.metadata.name)).toEqual(['a', 'c']);
		expect(parsed.errors).toHaveLength(1);
		expect(parsed.errors[0]).toMatchObject({source: 'broken.yaml', document: 2, line: 9, column: expect.any(Number)});
		expect(parsed.errors[0]?.message).toEqual(expect.any(String));
	});

	it('reports duplicate keys and tab indentation as errors rather than guessing', () => {
		expect(parseManifests(`${configMap('a')}kind: Secret\n`, 'dup.yaml').errors).toEqual([
			expect.objectContaining({source: 'dup.yaml', document: 1, line: 5}),
		]);
		expect(parseManifests('apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: a\n', 'tabs.yaml').errors).toHaveLength(1);
	});

	it('falls back to the YAML parser for broken JSON, to say where it broke', () => {
		const parsed = parseManifests('{\n  "apiVersion": "v1",\n  "kind": ["ConfigMap"\n}', 'bad.json');
		expect(parsed.objects).toEqual([]);
		expect(parsed.errors).toEqual([expect.objectContaining({source: 'bad.json', document: 1, line: expect.any(Number)})]);
	});

	it('reads scalars the way kubectl does (YAML 1.1): octal modes, yes/no; timestamps stay strings', () => {
		const text = `${configMap('a')}data:\n  when: 2026-03-02T10:15:21Z\n  date: 2026-03-02\nspec:\n  defaultMode: 0644\n  enabled: yes\n  port: "80"\n  replicas: 3\n`;
		const [object] = parseManifests(text, 'scalars.yaml').objects;
		expect(object?.['data']).toEqual({when: '2026-03-02T10:15:21Z', date: '2026-03-02'});
		expect(object?.['spec']).toEqual({defaultMode: 420, enabled: true, port: '80', replicas: 3});
		// As in kubectl (go-yaml v2), a plain `y` key is the boolean true.
		expect(parseManifests(`${configMap('a')}data:\n  y: 1\n`, 'y.yaml').objects[0]?.['data']).toEqual({true: 1});
	});

	it('returns nothing for empty input and strips a byte-order mark', () => {
		expect(parseManifests('', 'empty.yaml')).toEqual({objects: [], errors: [], notices: []});
		expect(parseManifests('\n# nothing\n', 'comment.yaml')).toEqual({objects: [], errors: [], notices: []});
		expect(parseManifests(`\uFEFF${configMap('bom')}`, 'bom.yaml').objects).toHaveLength(1);
	});

	it('returns a recursive alias as an error and gives shared aliases their own copies', () => {
		expect(parseManifests('&a [*a]', 'loop.yaml').errors).toEqual([expect.objectContaining({source: 'loop.yaml', document: 1})]);
		const [object] = parseManifests(`${configMap('a')}data:\n  first: &v {k: 1}\n  second: *v\n`, 'alias.yaml').objects;
		const data = object?.['data'] as Record<string, unknown>;
		expect(data['first']).toEqual({k: 1});
		expect(data['second']).toEqual(data['first']);
		expect(data['second']).not.toBe(data['first']);
	});

	it('never throws', () => {
		for (const text of ['{', '[', ':', '---\n- a\n- b', '!!binary x', '&a [*a]', 'a: *nope']) {
			expect(() => parseManifests(text, 'x.yaml')).not.toThrow();
		}
	});
});
