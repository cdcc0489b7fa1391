/**
 * The headless mode (`watch --no-ui --output jsonl`) and the `rollout` command, run as the real
 * binary against the real control plane and a real git repository.
 */
import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {cpSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {createHmac} from 'node:crypto';
import {freePort} from '../../source/control-plane/free-port.js';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, kubectlJson, waitFor} from './support/cluster.js';
import {cliPath, runCli} from './support/run-cli.js';

let repo = '';
let cache = '';
let namespace = '';
let watcher: ChildProcess | undefined;
const appFlags = () => ['--repo', repo, '--path', 'app', '--namespace', namespace, '--name', 'headless', '--kubeconfig', kubeconfig()];

beforeAll(async () => {
	namespace = await createNamespace('headless');
	repo = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-headless-repo-'));
	cache = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-headless-cache-'));
	cpSync(path.resolve('fixtures/cli-app'), repo, {recursive: true});
	const git = (...args: string[]) =>
		execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {cwd: repo});
	git('init', '-q', '-b', 'main');
	git('add', '.');
	git('commit', '-q', '-m', 'api: first version');
	const sync = await runCli(['sync', ...appFlags()], {DRIFTWATCH_CACHE: cache});
	expect(sync.code, sync.stderr + sync.stdout).toBe(0);
	await kubectl(['rollout', 'status', '-n', namespace, 'deployment/api', '--timeout=60s']);
});

afterAll(async () => {
	watcher?.kill('SIGKILL');
	await deleteNamespace(namespace);
	rmSync(repo, {recursive: true, force: true});
	rmSync(cache, {recursive: true, force: true});
});

describe('driftwatch watch --no-ui --output jsonl', () => {
	it('prints status and timeline events as JSON lines, heals kubectl drift, and stops on SIGINT', async () => {
		const events: Array<Record<string, any>> = [];
		watcher = spawn(
			process.execPath,
			[cliPath, 'watch', '--no-ui', '--output', 'jsonl', '--self-heal', ...appFlags(), '--audit-log', path.join(cache, 'audit.jsonl')],
			{
				env: {...process.env, DRIFTWATCH_CACHE: cache, NO_COLOR: '1'},
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
		let stderr = '';
		watcher.stderr?.on('data', chunk => (stderr += String(chunk)));
		createInterface({input: watcher.stdout!}).on('line', line => events.push(JSON.parse(line) as Record<string, any>));
		const find = (predicate: (event: Record<string, any>) => boolean, what: string) =>
			waitFor(what, async () => events.find(predicate), 30_000).catch(error => {
				throw new Error(
					`${(error as Error).message}\nevents:\n${events.map(event => JSON.stringify(event)).join('\n')}\nstderr: ${stderr}`,
				);
			});

		await find(
			event => event['type'] === 'status' && event['syncStatus'] === 'Synced' && event['health']?.status === 'Healthy',
			'a Synced + Healthy status line',
		);
		for (const event of events) expect(typeof event['time']).toBe('string');

		await kubectl(['scale', '-n', namespace, 'deployment/api', '--replicas=5']);
		const drift = await find(event => event['type'] === 'drift-detected', 'drift-detected');
		expect(drift['object']).toBe(`Deployment/${namespace}/api`);
		expect(drift['attribution']).toEqual([expect.objectContaining({path: '/spec/replicas', manager: 'kubectl', operation: 'Update'})]);
		await find(event => event['type'] === 'healed', 'healed');
		await waitFor(
			'replicas back to 2',
			async () => (await kubectlJson<{spec: {replicas: number}}>(['get', 'deployment', 'api', '-n', namespace])).spec.replicas === 2,
		);

		const exited = new Promise<number | null>(resolve => watcher!.once('exit', code => resolve(code)));
		watcher.kill('SIGINT');
		expect(await exited).toBe(0);
		expect(events.at(-1)?.['type']).toBe('stopped');
		const audit = readFileSync(path.join(cache, 'audit.jsonl'), 'utf8')
			.trim()
			.split('\n')
			.map(line => JSON.parse(line) as Record<string, unknown>);
		expect(audit).toContainEqual(expect.objectContaining({action: 'heal', result: 'succeeded', app: 'headless', user: 'driftwatch-admin'}));
	});
});

describe('driftwatch watch --webhook-port', () => {
	it('refreshes at once when a signed GitHub push arrives', async () => {
		const port = await freePort();
		const events: Array<Record<string, any>> = [];
		const child = spawn(
			process.execPath,
			[
				cliPath,
				'watch',
				'--no-ui',
				'--output',
				'jsonl',
				'--interval',
				'600',
				'--webhook-port',
				String(port),
				'--webhook-secret',
				's3cret',
				...appFlags(),
				'--audit-log',
				path.join(cache, 'audit-webhook.jsonl'),
			],
			{
				env: {...process.env, DRIFTWATCH_CACHE: cache, NO_COLOR: '1'},
				stdio: ['ignore', 'pipe', 'inherit'],
			},
		);
		watcher = child;
		createInterface({input: child.stdout}).on('line', line => events.push(JSON.parse(line) as Record<string, any>));
		await waitFor(
			'the first status',
			async () => events.find(event => event['type'] === 'status' && event['syncStatus'] !== 'Unknown'),
			30_000,
		);
		execFileSync(
			'git',
			[
				'-c',
				'user.name=test',
				'-c',
				'user.email=test@example.com',
				'commit',
				'-q',
				'--allow-empty',
				'-m',
				'pushed while driftwatch waits 10 minutes',
			],
			{cwd: repo},
		);
		const body = JSON.stringify({ref: 'refs/heads/main', after: 'x', repository: {clone_url: repo}});
		const signature = `sha256=${createHmac('sha256', 's3cret').update(body).digest('hex')}`;
		const answer = await fetch(`http://127.0.0.1:${port}/`, {
			method: 'POST',
			body,
			headers: {'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': signature},
		});
		expect(answer.status).toBeLessThan(300);
		const seen = await waitFor(
			'the new commit',
			async () =>
				events.find(event => event['type'] === 'commit-seen' && String(event['message']).includes('pushed while driftwatch waits')),
			15_000,
		);
		expect(seen['message']).toMatch(/^new commit /);
		const unsigned = await fetch(`http://127.0.0.1:${port}/`, {
			method: 'POST',
			body,
			headers: {'Content-Type': 'application/json', 'X-GitHub-Event': 'push'},
		});
		expect(unsigned.status).toBe(401);
		child.kill('SIGINT');
		await new Promise(resolve => child.once('exit', resolve));
	});
});

describe('driftwatch rollout', () => {
	it('pauses and promotes an Argo Rollout with the plugin patches, audited', async () => {
		await kubectl(['apply', '-f', path.resolve('fixtures/crds/rollout-crd.yaml')]);
		await kubectl(['wait', '--for=condition=Established', 'crd/rollouts.argoproj.io', '--timeout=60s']);
		await kubectl(['apply', '-n', namespace, '-f', path.resolve('fixtures/crds/rollout-example.yaml')]);
		const audit = path.join(cache, 'rollout-audit.jsonl');
		const pause = await runCli(['rollout', 'pause', 'web', ...appFlags(), '--audit-log', audit], {DRIFTWATCH_CACHE: cache});
		expect(pause.code, pause.stderr + pause.stdout).toBe(0);
		expect(pause.stdout).toContain(`Rollout/${namespace}/web: pause sent`);
		expect((await kubectlJson<{spec: {paused?: boolean}}>(['get', 'rollout', 'web', '-n', namespace])).spec.paused).toBe(true);
		const promote = await runCli(['rollout', 'promote', 'web', ...appFlags(), '--audit-log', audit, '--output', 'json'], {
			DRIFTWATCH_CACHE: cache,
		});
		expect(promote.code, promote.stderr + promote.stdout).toBe(0);
		expect((JSON.parse(promote.stdout) as {ok: boolean}).ok).toBe(true);
		expect((await kubectlJson<{spec: {paused?: boolean}}>(['get', 'rollout', 'web', '-n', namespace])).spec.paused).not.toBe(true);
		const actions = readFileSync(audit, 'utf8')
			.trim()
			.split('\n')
			.map(line => (JSON.parse(line) as {action: string}).action);
		expect(actions).toEqual(['rollout-pause', 'rollout-promote']);
		const unknown = await runCli(['rollout', 'promote', 'nope', ...appFlags()], {DRIFTWATCH_CACHE: cache});
		expect(unknown.code).toBe(1);
		expect(unknown.stdout + unknown.stderr).toMatch(/not found/i);
	});
});
