/**
 * Application files are untrusted too (an app-of-apps repository, a file from a colleague): an
 * alias bomb hidden in `helm.valuesObject`, deep nesting or a huge file is refused with an error
 * naming the file and the document, in bounded time and memory, before anything copies it.
 */
import {closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadAppFiles, maxAppFileBytes} from '../../../source/config/load-app-files.js';
import {maxDocumentValues} from '../../../source/core/document-limits.js';

let dir = '';
beforeEach(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-hostile-apps-'));
});
afterEach(() => rmSync(dir, {recursive: true, force: true}));

const header = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: bomb
spec:
  destination: {server: https://kubernetes.default.svc, namespace: web}
  source:
    repoURL: https://example.com/r.git
    path: chart
    helm:
      valuesObject:
`;

function bomb(indent: string): string {
	const lines = [`${indent}l0: &l0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]`];
	for (let level = 1; level < 10; level++)
		lines.push(
			`${indent}l${level}: &l${level} [${Array(10)
				.fill(`*l${level - 1}`)
				.join(',')}]`,
		);
	return lines.join('\n');
}

describe('hostile Application files', () => {
	it('refuses an alias bomb in valuesObject, naming file and document, without expanding it', async () => {
		const file = path.join(dir, 'apps.yaml');
		writeFileSync(
			file,
			`apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\nspec: {}\n---\n${header}${bomb('        ')}\n`,
		);
		const before = process.memoryUsage().heapUsed;
		const loaded = await loadAppFiles([file]);
		expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 1024 * 1024);
		expect(loaded.apps).toEqual([]);
		expect(loaded.errors).toEqual([
			{
				origin: file,
				object: 'document 2',
				field: '',
				message: expect.stringContaining(`holds more than ${maxDocumentValues} values`) as unknown,
			},
		]);
	});

	it('refuses nesting deeper than the YAML limit, naming the line', async () => {
		const file = path.join(dir, 'deep.yaml');
		writeFileSync(file, `${header}        deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
		const loaded = await loadAppFiles([file]);
		expect(loaded.errors).toHaveLength(1);
		expect(loaded.errors[0]?.origin).toBe(file);
		expect(loaded.errors[0]?.object).toBe('line 12');
		expect(loaded.errors[0]?.message).toMatch(/^invalid YAML: nesting exceeded maxDepth \(100\)/u);
	});

	it(`refuses a file over ${maxAppFileBytes} bytes without reading it`, async () => {
		const file = path.join(dir, 'huge.yaml');
		const handle = openSync(file, 'w');
		ftruncateSync(handle, maxAppFileBytes + 1);
		closeSync(handle);
		const loaded = await loadAppFiles([file]);
		expect(loaded.errors).toEqual([
			{origin: file, object: '', field: '', message: `${maxAppFileBytes + 1} bytes, over the ${maxAppFileBytes}-byte limit for one file`},
		]);
	});
});
