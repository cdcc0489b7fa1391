/**
 * The real binary in headless mode (`watch --no-ui --output jsonl`), its lines collected as they
 * come, for tests that wait on what it printed (never on sleeps).
 */
import {type ChildProcess, spawn} from 'node:child_process';
import {createInterface} from 'node:readline';
import {waitFor} from './cluster.js';
import {cliPath} from './run-cli.js';

/** One line of the stream: the fields the tests read are typed, the rest is there too. */
export interface JsonLine {
	[field: string]: unknown;
	time: string;
	type: string;
	app?: string;
	message?: string;
	syncStatus?: string;
	health?: {status: string; message: string};
	revision?: string | null | {sha: string; shortSha: string};
	warnings?: string[];
	error?: {code: string; message: string; hint: string} | null;
	objects?: Array<{kind: string; namespace: string; name: string; status: string; drift: string}>;
	object?: string;
	counts?: Record<string, number>;
	problems?: Array<{kind: string; namespace: string; phase: string; error: string | null}>;
	operation?: string;
	cause?: string;
	errors?: string[];
}

export interface Headless {
	child: ChildProcess;
	/** Every JSON line so far, in order. */
	lines: JsonLine[];
	/** Everything it wrote that was not a JSON line (stdout), and its stderr. */
	stray: string[];
	stderr(): string;
	/** The first line from index `since` on that matches; throws with the lines seen after `timeoutMs`. */
	find(predicate: (line: JsonLine) => boolean, what: string, options?: {since?: number; timeoutMs?: number}): Promise<JsonLine>;
	/** SIGINT, then the exit code. */
	stop(): Promise<number | null>;
}

export function startHeadless(args: string[], env: NodeJS.ProcessEnv = {}): Headless {
	const child = spawn(process.execPath, [cliPath, 'watch', '--no-ui', '--output', 'jsonl', ...args], {
		env: {...process.env, NO_COLOR: '1', ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const lines: JsonLine[] = [];
	const stray: string[] = [];
	let stderr = '';
	child.stderr?.on('data', chunk => (stderr += String(chunk)));
	createInterface({input: child.stdout}).on('line', line => {
		try {
			lines.push(JSON.parse(line) as JsonLine);
		} catch {
			stray.push(line);
		}
	});
	let exit: Promise<number | null> | undefined;
	const exited = () => (exit ??= new Promise(resolve => child.once('exit', code => resolve(code))));
	void exited();
	const describe = (since: number) =>
		`\nlines since ${Math.max(0, since - 15)} (the wait started at ${since}):\n${lines
			.slice(Math.max(0, since - 15))
			.map(line => JSON.stringify(line).slice(0, 600))
			.join('\n')}\nstderr: ${stderr}`;
	return {
		child,
		lines,
		stray,
		stderr: () => stderr,
		find: (predicate, what, options = {}) => {
			const since = options.since ?? 0;
			const found = () => Promise.resolve(lines.slice(since).find(predicate));
			return waitFor(what, found, options.timeoutMs ?? 60_000).catch((error: Error) => {
				throw new Error(`${error.message}${describe(since)}`);
			});
		},
		stop: async () => {
			if (child.exitCode === null) child.kill('SIGINT');
			const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
			const code = await exited();
			clearTimeout(timer);
			return code;
		},
	};
}
