/**
 * Every command prints the same bytes through a pipe as to a file, large outputs included: the
 * process must not exit before a pipe has taken everything (issue 9: `status -o json | wc -c`
 * gave 65536, the pipe's buffer, for an app of 1,000 ConfigMaps). Offline commands (compare,
 * health, help, a usage error) and the cluster ones (status, diff, as JSON and as text) each run
 * twice, once into a pipe read slowly and once into a file.
 */
import {execFileSync, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubeconfig} from './support/cluster.js';
import {cliPath} from './support/run-cli.js';

let dir = '';
let repo = '';
let namespace = '';
// Enough for every large output to pass 64 KiB (the pipe's buffer) several times over.
const count = 300;

beforeAll(async () => {
	namespace = await createNamespace('pipe');
	dir = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-pipe-'));
	repo = path.join(dir, 'repo');
	mkdirSync(path.join(repo, 'app'), {recursive: true});
	const configMaps = (suffix: string) =>
		Array.from(
			{length: count},
			(_, index) =>
				`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${index}\n  namespace: ${namespace}\ndata:\n  value: "${suffix}-${index}-${'x'.repeat(40)}"\n`,
		).join('---\n');
	writeFileSync(path.join(repo, 'app', 'config.yaml'), configMaps('git'));
	writeFileSync(path.join(dir, 'live.yaml'), configMaps('live'));
	const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {cwd: repo});
	git('init', '-q', '-b', 'main');
	git('add', '.');
	git('commit', '-q', '-m', 'a thousand ConfigMaps');
	mkdirSync(path.join(dir, 'cache'));
});

afterAll(async () => {
	await deleteNamespace(namespace);
	rmSync(dir, {recursive: true, force: true});
});

const env = () => ({...process.env, NO_COLOR: '1', DRIFTWATCH_CACHE: path.join(dir, 'cache'), HOME: dir});

/** stdout and stderr through pipes that are read only after a pause, so they fill up first. */
function throughPipe(args: string[]): Promise<{code: number | null; stdout: Buffer; stderr: Buffer}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {env: env(), stdio: ['ignore', 'pipe', 'pipe']});
		child.stdout.pause();
		child.stderr.pause();
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		setTimeout(() => {
			child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
			child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
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
