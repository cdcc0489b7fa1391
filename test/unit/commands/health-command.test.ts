import {mkdtempSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runHealth} from '../../../source/commands/health-command.js';
import {captureIo} from './capture-io.js';

const fixture = (name: string) => path.resolve('fixtures/health', name);

describe('driftwatch health', () => {
	it('prints one line per object: kind, namespace/name, status, message', async () => {
		const io = captureIo();
		const code = await runHealth([fixture('pod-crashloopbackoff.yaml'), fixture('deployment-healthy.yaml')], io, 'text');
		expect(code).toBe(0);
		const lines = io.stdout().split('\n');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(/^Pod\s+\S+\/\S+\s+✖ Degraded\s+.*back-off/i);
		expect(lines[1]).toMatch(/^Deployment\s+\S+\s+♥ Healthy/);
	});

	it('gives JSON with status null for kinds without health, and expands a List', async () => {
		const dir = mkdtempSync(path.join(os.tmpdir(), 'health-'));
		const file = path.join(dir, 'list.yaml');
		writeFileSync(
			file,
			[
				'apiVersion: v1',
				'kind: List',
				'items:',
				'- {apiVersion: v1, kind: ConfigMap, metadata: {name: settings, namespace: demo}}',
				'- {apiVersion: v1, kind: PersistentVolumeClaim, metadata: {name: data, namespace: demo}, status: {phase: Bound}}',
			].join('\n'),
		);
		const io = captureIo();
		expect(await runHealth([file], io, 'json')).toBe(0);
		expect(JSON.parse(io.stdout())).toEqual([
			{apiVersion: 'v1', kind: 'ConfigMap', namespace: 'demo', name: 'settings', status: null, message: ''},
			{apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace: 'demo', name: 'data', status: 'Healthy', message: ''},
		]);
	});

	it('exits 2 and names the file for a missing file or broken YAML', async () => {
		const io = captureIo();
		expect(await runHealth(['/nonexistent/file.yaml'], io, 'text')).toBe(2);
		expect(io.stderr()).toContain('cannot read /nonexistent/file.yaml: no such file');
		const dir = mkdtempSync(path.join(os.tmpdir(), 'health-'));
		const broken = path.join(dir, 'broken.yaml');
		writeFileSync(broken, 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: [oops\n');
		const second = captureIo();
		expect(await runHealth([broken], second, 'text')).toBe(2);
		expect(second.stderr()).toMatch(/broken\.yaml, line \d+/);
	});

	it('keeps the status symbols without color (NO_COLOR) and adds ANSI codes with color', async () => {
		const plain = captureIo(false);
		await runHealth([fixture('pod-crashloopbackoff.yaml')], plain, 'text');
		expect(plain.stdout()).not.toContain('\u001B[');
		const colored = captureIo(true);
		await runHealth([fixture('pod-crashloopbackoff.yaml')], colored, 'text');
		expect(colored.stdout()).toContain('\u001B[31m✖ Degraded');
	});
});
