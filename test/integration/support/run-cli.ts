/** Runs the built `driftwatch` binary (dist/cli.js, built by `npm test`'s pretest) with the pinned Node. */
import {execFile, spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {createInterface} from 'node:readline';

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

/** One line of `watch --no-ui --output jsonl`. */
export type JsonLine = Record<string, unknown>;

export interface JsonLinesWatcher {
	/** Every line so far, parsed, oldest first. */
	lines: JsonLine[];
	/** The first line (so far or to come) that matches; the failure shows the last lines and stderr. */
	find: (what: string, predicate: (line: JsonLine) => boolean, timeoutMs?: number) => Promise<JsonLine>;
	/** SIGINT; resolves with the exit code. */
	stop: () => Promise<number | null>;
}

/** Starts the built binary's `watch --no-ui --output jsonl` with these extra arguments. */
export function watchJsonLines(args: string[], env: NodeJS.ProcessEnv = {}): JsonLinesWatcher {
	const child = spawn(process.execPath, [cliPath, 'watch', '--no-ui', '--output', 'jsonl', ...args], {
		env: {...process.env, NO_COLOR: '1', ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const lines: JsonLine[] = [];
	let stderr = '';
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	createInterface({input: child.stdout}).on('line', text => lines.push(JSON.parse(text) as JsonLine));
	const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)));
	return {
		lines,
		find: async (what, predicate, timeoutMs = 60_000) => {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const found = lines.find(predicate);
				if (found) return found;
				if (Date.now() > deadline) {
					const recent = lines
						.map(line => JSON.stringify(line))
						.join('\n')
						.slice(-6000);
					throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}\nJSON lines:\n${recent}\nstderr: ${stderr}`);
				}
				await new Promise(resolve => setTimeout(resolve, 200));
			}
		},
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGINT');
			return exited;
		},
	};
}
