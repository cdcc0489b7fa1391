/** Runs the built `driftwatch` binary (dist/cli.js, built by `npm test`'s pretest) with the pinned Node. */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';

export const cliPath = path.resolve('dist/cli.js');

export interface CliResult {
	code: number;
	stdout: string;
	stderr: string;
}

export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
	if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npm run build\` (npm test does it first)`);
	return new Promise(resolve => {
		execFile(
			process.execPath,
			[cliPath, ...args],
			{env: {...process.env, NO_COLOR: '1', ...env}, timeout: 90_000, maxBuffer: 16 * 1024 * 1024},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({code, stdout, stderr});
			},
		);
	});
}
