/**
 * Every command prints the same bytes through a pipe as to a file, large outputs included: the
 * process must not exit before a pipe has taken everything (issue 9: `status -o json | wc -c`
 * gave 65536, the pipe's buffer, for an app of 1,000 ConfigMaps). Offline commands (compare,
 * health, help, a usage error) and the cluster ones (status, diff, as JSON and as text) each run
 * twice, once into a pipe read slowly and once into a file. The stream (`watch --no-ui --output
 * jsonl`) ended by SIGINT while its pipe is not read, and `sync -o json` of the large app (into a
 * namespace of its own, so the other cases still see drift), each through a pipe read slowly.
 */
import {type ChildProcessByStdio, execFileSync, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type {Readable} from 'node:stream';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubeconfig} from './support/cluster.js';
import {cliPath} from './support/run-cli.js';

let dir = '';
let repo = '';
let namespace = '';
/** Where `sync` applies its copy of the app. */
let syncNamespace = '';
// Enough for every large output to pass 64 KiB (the pipe's buffer) several times over.
const count = 300;

beforeAll(async () => {
	namespace = await createNamespace('pipe');
	syncNamespace = await createNamespace('pipe-sync');
	dir = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-pipe-'));
	repo = path.join(dir, 'repo');
	mkdirSync(path.join(repo, 'app'), {recursive: true});
	// `sync -o json` lists the objects applied by name: the sync's copy has names near the limit (253) so its list passes 64 KiB.
	const configMaps = (suffix: string, inNamespace = namespace, name = (index: number) => `settings-${index}`) =>
		Array.from(
			{length: count},
			(_, index) =>
				`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name(index)}\n  namespace: ${inNamespace}\ndata:\n  value: "${suffix}-${index}-${'x'.repeat(40)}"\n`,
		).join('---\n');
	writeFileSync(path.join(repo, 'app', 'config.yaml'), configMaps('git'));
	mkdirSync(path.join(repo, 'app-sync'));
	writeFileSync(
		path.join(repo, 'app-sync', 'config.yaml'),
		configMaps('git', syncNamespace, index => `settings-${index}-${'x'.repeat(230)}`),
	);
	writeFileSync(path.join(dir, 'live.yaml'), configMaps('live'));
	const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {cwd: repo});
	git('init', '-q', '-b', 'main');
	git('add', '.');
	git('commit', '-q', '-m', 'a thousand ConfigMaps');
	mkdirSync(path.join(dir, 'cache'));
});

afterAll(async () => {
	await deleteNamespace(namespace);
	if (syncNamespace) await deleteNamespace(syncNamespace);
	rmSync(dir, {recursive: true, force: true});
});

const env = () => ({...process.env, NO_COLOR: '1', DRIFTWATCH_CACHE: path.join(dir, 'cache'), HOME: dir});

/**
 * stdout and stderr through pipes that are read only after a pause, so they fill up first.
 * `onStart`: called with the child, before anything is read.
 */
function throughPipe(
	args: string[],
	onStart: (child: ChildProcessByStdio<null, Readable, Readable>) => void = () => {},
): Promise<{code: number | null; stdout: Buffer; stderr: Buffer}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {env: env(), stdio: ['ignore', 'pipe', 'pipe']});
		onStart(child);
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		// Listening before pausing: a child that exits within the pause would otherwise have its
		// unread output resumed into nowhere by Node (a stream nobody listens to is flushed at exit).
		child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
		child.stdout.pause();
		child.stderr.pause();
		setTimeout(() => {
			child.stdout.resume();
			child.stderr.resume();
		}, 300);
		child.on('error', reject);
		child.on('close', code => resolve({code, stdout: Buffer.concat(out), stderr: Buffer.concat(err)}));
	});
}

/** stdout and stderr written straight to files. */
function toFiles(args: string[], name: string): Promise<{code: number | null; stdout: Buffer; stderr: Buffer}> {
	const outFile = path.join(dir, `${name}.out`);
	const errFile = path.join(dir, `${name}.err`);
	const out = openSync(outFile, 'w');
	const err = openSync(errFile, 'w');
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {env: env(), stdio: ['ignore', out, err]});
		child.on('error', reject);
		child.on('close', code => {
			closeSync(out);
			closeSync(err);
			resolve({code, stdout: readFileSync(outFile), stderr: readFileSync(errFile)});
		});
	});
}

const appFlags = () => ['--repo', repo, '--path', 'app', '--namespace', namespace, '--name', 'pipe-app', '--kubeconfig', kubeconfig()];

const cases: Array<[string, () => string[], {large: boolean}]> = [
	[
		'compare -o json',
		() => ['compare', '--desired', path.join(repo, 'app', 'config.yaml'), '--live', path.join(dir, 'live.yaml'), '-o', 'json'],
		{large: true},
	],
	[
		'compare (text)',
		() => ['compare', '--desired', path.join(repo, 'app', 'config.yaml'), '--live', path.join(dir, 'live.yaml')],
		{large: true},
	],
	['health -o json', () => ['health', path.join(dir, 'live.yaml'), '-o', 'json'], {large: false}],
	['--help', () => ['--help'], {large: false}],
	['an unknown command (stderr)', () => ['no-such-command'], {large: false}],
	['status -o json', () => ['status', ...appFlags(), '-o', 'json'], {large: true}],
	['status (text)', () => ['status', ...appFlags()], {large: false}],
	['diff -o json', () => ['diff', ...appFlags(), '-o', 'json'], {large: true}],
	['diff (text)', () => ['diff', ...appFlags()], {large: true}],
];

describe('output through a pipe equals output to a file', () => {
	it.each(cases)('%s', async (name, args, {large}) => {
		const piped = await throughPipe(args());
		const filed = await toFiles(args(), name.replace(/\W+/gu, '-'));
		expect(piped.code).toBe(filed.code);
		expect(piped.stderr.toString()).toBe(filed.stderr.toString());
		expect(piped.stdout.length).toBe(filed.stdout.length);
		// Two runs differ only in the times they observed things at.
		const timeless = (output: Buffer) => output.toString().replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/gu, '<time>');
		expect(timeless(piped.stdout)).toBe(timeless(filed.stdout));
		if (large) expect(piped.stdout.length).toBeGreaterThan(64 * 1024);
		else expect(piped.stdout.length + piped.stderr.length).toBeGreaterThan(0);
	});
});

describe('through a pipe read slowly, complete', () => {
	it('watch --no-ui --output jsonl ended by SIGINT: every line arrives, the last is `stopped`', async () => {
		let signalled = false;
		const result = await throughPipe(['watch', '--no-ui', '--output', 'jsonl', ...appFlags(), '--interval', '3600'], child => {
			// Once the status line of the evaluated app has been written (seen on a tap of the same
			// stream), SIGINT, and the pipe is left unread for a while.
			let seen = '';
			child.stdout.on('data', (chunk: Buffer) => {
				seen += chunk.toString();
				if (!signalled && /"type":"status"/u.test(seen) && seen.endsWith('\n')) {
					signalled = true;
					child.kill('SIGINT');
					// Unread while it stops: its last lines wait in the pipe.
					child.stdout.pause();
					setTimeout(() => child.stdout.resume(), 300);
				}
			});
		});
		expect(signalled, result.stderr.toString()).toBe(true);
		expect(result.code, result.stderr.toString()).toBe(0);
		const text = result.stdout.toString();
		expect(text.endsWith('\n')).toBe(true);
		const lines = text
			.trimEnd()
			.split('\n')
			.map(line => JSON.parse(line) as {type: string; objects?: unknown[]});
		expect(lines[0]?.type).toBe('started');
		expect(lines.at(-1)?.type).toBe('stopped');
		expect(lines.filter(line => line.type === 'stopped')).toHaveLength(1);
		const status = lines.find(line => line.type === 'status');
		expect(status?.objects).toHaveLength(count);
	});

	it('sync -o json of a large app: the whole JSON document, past 64 KiB', async () => {
		const args = [
			'sync',
			'--repo',
			repo,
			'--path',
			'app-sync',
			'--namespace',
			syncNamespace,
			'--name',
			'pipe-sync',
			'--kubeconfig',
			kubeconfig(),
		];
		const result = await throughPipe([...args, '-o', 'json']);
		expect(result.code, result.stderr.toString()).toBe(0);
		expect(result.stdout.length).toBeGreaterThan(64 * 1024);
		const output = JSON.parse(result.stdout.toString()) as {action: string; ok: boolean; applied: string[]};
		expect(output).toMatchObject({action: 'sync', ok: true});
		expect(output.applied).toHaveLength(count);
	});
});
