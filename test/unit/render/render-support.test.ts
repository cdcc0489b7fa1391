import {afterAll, describe, expect, it} from 'vitest';
import {detectSourceType} from '../../../source/render/detect-source-type.js';
import {escapeSetValue} from '../../../source/render/render-helm.js';
import {runTool} from '../../../source/render/run-tool.js';
import {fixture, removeTempSources, tempSource} from './fixture-paths.js';

afterAll(removeTempSources);

describe('detectSourceType', () => {
	it.each([
		[['plain'], 'directory'],
		[['kustomize'], 'directory'],
		[['kustomize', 'base'], 'kustomize'],
		[['kustomize', 'overlays', 'staging'], 'kustomize'],
		[['helm', 'web'], 'helm'],
		[['helm'], 'directory'],
		[['broken'], 'directory'],
	])('%j is a %s source', async (parts, type) => {
		expect(await detectSourceType(fixture(...parts))).toBe(type);
	});

	it.each([
		[{'kustomization.yml': ''}, 'kustomize'],
		[{Kustomization: ''}, 'kustomize'],
		[{'Chart.yaml': '', 'kustomization.yaml': ''}, 'kustomize'],
		[{'sub/Chart.yaml': ''}, 'directory'],
	])('%j makes a %s source (kustomize wins over Helm, only top-level files count)', async (files, type) => {
		expect(await detectSourceType(tempSource(files))).toBe(type);
	});

	it('fails with render-failed for a missing directory', async () => {
		await expect(detectSourceType(fixture('nope'))).rejects.toMatchObject({code: 'render-failed'});
	});
});

describe('escapeSetValue', () => {
	it.each([
		['plain', 'plain'],
		['a,b', 'a\\,b'],
		['a\\,b', 'a\\,b'],
		['{a,b}', '{a,b}'],
	])('%s -> %s', (value, escaped) => {
		expect(escapeSetValue(value)).toBe(escaped);
	});
});

describe('runTool', () => {
	it('returns stdout and stderr of a successful run', async () => {
		expect(await runTool({tool: 'sh', binary: '/bin/sh', args: ['-c', 'echo out; echo warn >&2']})).toEqual({
			stdout: 'out\n',
			stderr: 'warn\n',
		});
	});

	it('classifies a non-zero exit as render-failed with stderr', async () => {
		const error: unknown = await runTool({tool: 'sh', binary: '/bin/sh', args: ['-c', 'echo broken chart >&2; exit 3']}).catch(
			(caught: unknown) => caught,
		);
		expect(error).toMatchObject({code: 'render-failed'});
		expect((error as Error).message).toMatch(/exit 3.*broken chart/u);
	});

	it('classifies a missing binary as tool-missing, with the hint', async () => {
		await expect(runTool({tool: 'helm', binary: '/nonexistent/helm', args: [], installHint: 'install it'})).rejects.toMatchObject({
			code: 'tool-missing',
			hint: 'install it',
		});
	});

	it('stops a run that takes too long or prints too much', async () => {
		await expect(runTool({tool: 'sleep', binary: '/bin/sleep', args: ['5'], timeoutMs: 200})).rejects.toMatchObject({
			code: 'render-failed',
			message: expect.stringContaining('timed out') as unknown,
		});
		await expect(runTool({tool: 'sh', binary: '/bin/sh', args: ['-c', 'head -c 5000 /dev/zero'], maxBuffer: 1000})).rejects.toMatchObject({
			code: 'render-failed',
			message: expect.stringContaining('larger than') as unknown,
		});
	});
});
