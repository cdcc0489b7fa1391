import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCompare} from '../../../source/commands/compare-command.js';
import {captureIo} from './capture-io.js';

const fixture = (name: string) => path.resolve('fixtures/compare', name);

describe('driftwatch compare', () => {
	it('is in sync (exit 0) when live only adds server defaults', async () => {
		const io = captureIo();
		const code = await runCompare(
			{desired: [fixture('deployment-defaults-desired.yaml')], live: [fixture('deployment-defaults-live.yaml')], output: 'json'},
			io,
		);
		expect(code).toBe(0);
		const [result] = JSON.parse(io.stdout()) as Array<Record<string, unknown>>;
		expect(result).toMatchObject({kind: 'Deployment', status: 'Synced', modified: false, diff: null});
	});

	it('reports a scaled Deployment as modified (exit 1) with the changed path and a unified diff', async () => {
		const io = captureIo();
		const code = await runCompare(
			{desired: [fixture('deployment-scaled-desired.yaml')], live: [fixture('deployment-scaled-live.yaml')], output: 'json'},
			io,
		);
		expect(code).toBe(1);
		const [result] = JSON.parse(io.stdout()) as Array<Record<string, unknown>>;
		expect(result).toMatchObject({status: 'OutOfSync', modified: true, changedPaths: ['/spec/replicas']});
		expect(result?.['diff']).toMatch(/^-\s+replicas: \d+$/m);
	});

	it('prints text with a summary', async () => {
		const io = captureIo();
		await runCompare(
			{desired: [fixture('deployment-scaled-desired.yaml')], live: [fixture('deployment-scaled-live.yaml')], output: 'text'},
			io,
		);
		expect(io.stdout()).toContain('(modified) =====');
		expect(io.stdout()).toMatch(/1 modified, 0 missing, 0 in sync/);
	});

	it('exits 2 when a file is missing or a flag is absent', async () => {
		expect(await runCompare({desired: [], live: [fixture('deployment-scaled-live.yaml')], output: 'text'}, captureIo())).toBe(2);
		const io = captureIo();
		expect(await runCompare({desired: ['/nope.yaml'], live: [fixture('deployment-scaled-live.yaml')], output: 'text'}, io)).toBe(2);
		expect(io.stderr()).toContain('/nope.yaml');
	});
});
