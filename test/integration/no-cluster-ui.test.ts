/**
 * When the cluster is not there, the watch still opens and shows Git: the real `driftwatch` binary
 * in a terminal (tmux) with no kubeconfig at all, and with a kubeconfig whose server refuses the
 * connection. The screen must show the revision, the rendered objects (live state Unknown), the
 * error in plain words with what to try, and the history screen must list the commits. The
 * headless stream says the same in JSON. (status and diff keep exiting 2: cluster-errors.test.ts.)
 */
import {execFile, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {promisify} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse, stringify} from 'yaml';
import {kubeconfig, waitFor} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {cliPath} from './support/run-cli.js';

const execFileAsync = promisify(execFile);
const socket = `driftwatch-no-cluster-${process.pid}`;
const tmux = async (...args: string[]) => (await execFileAsync('tmux', ['-L', socket, ...args])).stdout;

let scratch = '';
let home = '';
let repo: LabRepo;
let sha = '';

beforeAll(async () => {
	scratch = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-no-cluster-'));
	home = path.join(scratch, 'home');
	mkdirSync(home);
	repo = await createLabRepo({fixtureDir: path.resolve('fixtures/lab/app')});
	sha = (await repo.remoteHead()).slice(0, 7);
});

afterAll(async () => {
	await tmux('kill-server').catch(() => {});
	await repo?.dispose();
	rmSync(scratch, {recursive: true, force: true});
});

const appFlags = () => ['--repo', repo.bare, '--path', 'app', '--namespace', 'no-cluster'];

/** Environment of a user with no kubeconfig: no KUBECONFIG, and a HOME without ~/.kube. */
function bareEnv(extra: Record<string, string> = {}): Record<string, string> {
	return {
		PATH: `${path.dirname(process.execPath)}:${process.env['PATH'] ?? ''}`,
		HOME: home,
		DRIFTWATCH_CACHE: path.join(scratch, 'cache'),
		TERM: 'xterm-256color',
		...extra,
	};
}

async function openUi(
	session: string,
	env: Record<string, string>,
	args: string[],
): Promise<(what: string, test: (text: string) => boolean) => Promise<string>> {
	const quote = (part: string) => `'${part.replace(/'/g, `'\\''`)}'`;
	const command = ['env', '-i', ...Object.entries(env).map(([name, value]) => `${name}=${value}`), process.execPath, cliPath, ...args]
		.map(quote)
		.join(' ');
	const stderr = path.join(scratch, `${session}.stderr`);
	await tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '36', `${command} 2>${quote(stderr)}`);
	return async (what, test) => {
		try {
			return await waitFor(
				what,
				async () => {
					const text = await tmux('capture-pane', '-p', '-t', session);
					return test(text) ? text : undefined;
				},
				30_000,
				250,
			);
		} catch (error) {
			const screen = await tmux('capture-pane', '-p', '-t', session).catch(() => '(gone)');
			throw new Error(`${(error as Error).message}\n--- screen:\n${screen}\n--- stderr:\n${readFileSync(stderr, 'utf8')}`, {cause: error});
		}
	};
}

async function quit(session: string): Promise<void> {
	await tmux('send-keys', '-t', session, 'q');
	await waitFor(
		'the UI to exit',
		async () =>
			!(await tmux('has-session', '-t', session).then(
				() => true,
				() => false,
			)),
		10_000,
		200,
	);
}

async function closedPort(): Promise<number> {
	const probe = net.createServer();
	await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
	const port = (probe.address() as net.AddressInfo).port;
	await new Promise(resolve => probe.close(resolve));
	return port;
}

describe('the watch without a cluster', () => {
	it('with no kubeconfig at all: opens, shows Git with Unknown live state, says what to do, and the history works', async () => {
		const wait = await openUi('none', bareEnv(), appFlags());
		const screen = await wait('Git shown with the cluster error', text => text.includes(sha) && text.includes('Deployment web'));
		expect(screen).toContain('ConfigMap');
		expect(screen).toMatch(/Deployment web.*Unknown.*unknown/);
		expect(screen.replace(/\s+/g, ' ')).toContain('Cluster: no kubeconfig found (KUBECONFIG is not set and ~/.kube/config does not exist)');
		expect(screen.replace(/\s+/g, ' ')).toContain('runs a local lab cluster, or set KUBECONFIG');
		expect(screen).not.toMatch(/skipTLSVerify|localhost:8080/);
		await tmux('send-keys', '-t', 'none', 'h');
		await wait('the commit history', text => text.includes('Git commits of app') && text.includes('Add the web app'));
		await quit('none');
	});

	it('with a server that refuses the connection: the same, naming the server and context', async () => {
		const port = await closedPort();
		const config = parse(readFileSync(kubeconfig(), 'utf8')) as {clusters: Array<{cluster: Record<string, unknown>}>};
		for (const cluster of config.clusters) cluster.cluster['server'] = `https://127.0.0.1:${port}`;
		const file = path.join(scratch, 'refused.kubeconfig');
		writeFileSync(file, stringify(config));
		const wait = await openUi('refused', bareEnv(), [...appFlags(), '--kubeconfig', file]);
		const screen = await wait(
			'Git shown with the refused connection',
			text => text.includes(sha) && /Cluster:\s+nothing answers/.test(text),
		);
		expect(screen.replace(/\s+/g, ' ')).toContain(
			`Cluster: nothing answers at the API server at https://127.0.0.1:${port} (context "driftwatch-admin"): connection refused`,
		);
		expect(screen).toMatch(/Deployment web.*Unknown/);
		await quit('refused');
	});

	it('headless: the status carries the revision and the error, and the stream keeps going', async () => {
		const child = spawn(process.execPath, [cliPath, ...appFlags(), '--no-ui', '--output', 'jsonl'], {
			env: {...bareEnv(), NO_COLOR: '1'},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const statuses: Array<Record<string, unknown>> = [];
		createInterface({input: child.stdout}).on('line', line => {
			const parsed = JSON.parse(line) as Record<string, unknown>;
			if (parsed['type'] === 'status') statuses.push(parsed);
		});
		const exited = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
		try {
			await waitFor('a status with the error', () => Promise.resolve(statuses.some(status => status['error'])), 30_000, 200);
			const status = statuses.find(entry => entry['error']) as {
				revision: string;
				error: {code: string; message: string};
				syncStatus: string;
			};
			expect(status.syncStatus).toBe('Unknown');
			expect(status.revision).toBe(await repo.remoteHead());
			expect(status.error).toMatchObject({code: 'cluster-unreachable'});
			expect(status.error.message).toContain('no kubeconfig found');
		} finally {
			child.kill('SIGINT');
		}
		expect(await exited).not.toBeNull();
	});
});
