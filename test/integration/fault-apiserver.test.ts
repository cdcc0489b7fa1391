/**
 * Faults of the cluster connection, on the real control plane, with the real binary in headless
 * mode with self-heal: the API server killed and started again, and driftwatch's own connections
 * cut (a TCP pass-through unplugged) while kubectl changes and deletes objects. The outage must be
 * visible while it lasts (a status warning with the reason, a `watches` line), and afterwards
 * driftwatch must have caught up and healed, in the same process.
 */
import {execFileSync} from 'node:child_process';
import {cpSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {freePort} from '../../source/control-plane/free-port.js';
import {readControlPlaneState, restartApiServer, stopApiServer} from '../../source/control-plane/control-plane.js';
import {
	controlPlaneDir,
	createNamespace,
	deleteNamespace,
	kubeconfig,
	kubectl,
	kubectlJson,
	kubectlResult,
	waitFor,
} from './support/cluster.js';
import {type Headless, type JsonLine, startHeadless} from './support/headless.js';
import {runCli} from './support/run-cli.js';
import {apiServerAddress, kubeconfigThrough, startTcpProxy, type TcpProxy} from './support/tcp-proxy.js';

let dir = '';
let repo = '';
let namespace = '';
let proxy: TcpProxy;
let watcher: Headless | undefined;
const appFlags = (config: string) => [
	'--repo',
	repo,
	'--path',
	'app',
	'--namespace',
	namespace,
	'--name',
	'outage',
	'--kubeconfig',
	config,
];
const env = () => ({DRIFTWATCH_CACHE: path.join(dir, 'cache')});

const unreachable = (line: JsonLine) =>
	line.type === 'status' && (line.warnings ?? []).some(warning => warning.startsWith('cluster unreachable: '));
const reachableSynced = (line: JsonLine) =>
	line.type === 'status' &&
	line.syncStatus === 'Synced' &&
	!(line.warnings ?? []).some(warning => warning.startsWith('cluster unreachable')) &&
	(line.objects ?? []).every(object => object.status === 'Synced');

async function replicas(): Promise<number> {
	return (await kubectlJson<{spec: {replicas: number}}>(['get', 'deployment', 'api', '-n', namespace])).spec.replicas;
}

beforeAll(async () => {
	namespace = await createNamespace('fault-api');
	dir = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-fault-api-'));
	repo = path.join(dir, 'repo');
	cpSync(path.resolve('fixtures/cli-app'), repo, {recursive: true});
	const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], {cwd: repo});
	git('init', '-q', '-b', 'main');
	git('add', '.');
	git('commit', '-q', '-m', 'api: first version');
	const sync = await runCli(['sync', ...appFlags(kubeconfig())], env());
	expect(sync.code, sync.stderr + sync.stdout).toBe(0);
	await kubectl(['rollout', 'status', '-n', namespace, 'deployment/api', '--timeout=90s']);
	proxy = await startTcpProxy(apiServerAddress(kubeconfig()));
	const throughProxy = kubeconfigThrough(kubeconfig(), proxy.port, path.join(dir, 'kubeconfig'));
	// Notifications go to a port nobody listens on: their failure must be shown, not swallowed.
	const notify = `http://127.0.0.1:${await freePort()}/hooks/outage`;
	watcher = startHeadless(
		[...appFlags(throughProxy), '--self-heal', '--notify-webhook', notify, '--audit-log', path.join(dir, 'audit.jsonl')],
		env(),
	);
	await watcher.find(
		line => line.type === 'status' && line.syncStatus === 'Synced' && line.health?.status === 'Healthy',
		'Synced + Healthy',
		{timeoutMs: 90_000},
	);
});

afterAll(async () => {
	await watcher?.stop();
	await proxy?.close();
	// Leave the shared control plane as it was found, whatever happened above.
	if ((await kubectlResult(['get', '--raw', '/readyz'])).code !== 0) await restartApiServer(await readControlPlaneState(controlPlaneDir()));
	await deleteNamespace(namespace);
	rmSync(dir, {recursive: true, force: true});
});

describe('the API server goes away and comes back', () => {
	it('says so while it is down (status warning with the reason, watches line), and heals drift made after the restart', async () => {
		const headless = watcher!;
		const state = await readControlPlaneState(controlPlaneDir());
		const since = headless.lines.length;
		// Where the lines after the restart begin: taken before it, since driftwatch may be back
		// before restartApiServer returns.
		let back: number;
		await stopApiServer(state);
		try {
			const down = await headless.find(unreachable, 'a status line saying the cluster is unreachable', {since, timeoutMs: 90_000});
			const warning = (down.warnings ?? []).find(text => text.startsWith('cluster unreachable: '));
			// The reason is the connection's, and the last state seen is kept.
			expect(warning).toMatch(/ECONNREFUSED|connect|socket|closed|reset|terminated/i);
			expect(down.syncStatus).toBe('Synced');
			const watches = await headless.find(
				line => line.type === 'watches' && (line.counts?.['reconnecting'] ?? 0) > 0,
				'a watches line with reconnecting streams',
				{since},
			);
			expect(watches.problems?.[0]).toEqual(expect.objectContaining({phase: 'reconnecting', error: expect.any(String) as unknown}));
			expect(watches.message).toMatch(/reconnecting/);
		} finally {
			back = headless.lines.length;
			await restartApiServer(state);
		}
		await headless.find(reachableSynced, 'a status line without the outage', {since: back, timeoutMs: 120_000});
		await headless.find(
			line => line.type === 'watches' && !line.counts?.['reconnecting'] && (line.counts?.['live'] ?? 0) > 0,
			'every watch live',
			{
				since: back,
				timeoutMs: 120_000,
			},
		);

		const drifted = headless.lines.length;
		await kubectl(['scale', '-n', namespace, 'deployment/api', '--replicas=4']);
		const healed = await headless.find(line => line.type === 'healed', 'the heal of the scale', {since: drifted, timeoutMs: 90_000});
		expect(healed.object).toBe(`Deployment/${namespace}/api`);
		await waitFor('replicas back to 2', async () => (await replicas()) === 2, 60_000);
		// The drift and the heal were notified; the webhook is down, and the stream says so.
		const failed = await headless.find(line => line.type === 'error' && line.operation === 'notify', 'the failed notification', {
			since: drifted,
		});
		expect(failed.message).toMatch(
			/^notification not delivered: cannot deliver the notification to http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
		);
		expect(failed.message).not.toContain('/hooks/outage');
		await headless.find(
			line => line.type === 'status' && (line.warnings ?? []).some(warning => warning.startsWith('notifications failing: cannot deliver')),
			'the status warning about notifications',
			{since: drifted},
		);
		// The same process all along.
		expect(headless.child.exitCode).toBeNull();
		expect(headless.lines.filter(line => line.type === 'started')).toHaveLength(1);
	}, 480_000);

	it('catches up with objects changed and deleted while its connections were cut, and heals them', async () => {
		const headless = watcher!;
		const since = headless.lines.length;
		proxy.cut();
		try {
			await headless.find(unreachable, 'a status line saying the cluster is unreachable', {since, timeoutMs: 90_000});
			// Meanwhile, straight to the API server: a scale, a delete and an edit driftwatch cannot see.
			await kubectl(['scale', '-n', namespace, 'deployment/api', '--replicas=5']);
			await kubectl(['delete', 'configmap', 'api-settings', '-n', namespace]);
			await kubectl(['create', 'configmap', 'unrelated', '-n', namespace, '--from-literal=a=1']);
		} finally {
			proxy.restore();
		}
		const healed = async (object: string) =>
			headless.find(line => line.type === 'healed' && line.object === object, `the heal of ${object}`, {since, timeoutMs: 120_000});
		await healed(`Deployment/${namespace}/api`);
		await healed(`ConfigMap/${namespace}/api-settings`);
		await waitFor('replicas back to 2', async () => (await replicas()) === 2, 60_000);
		const settings = await kubectlJson<{data: Record<string, string>}>(['get', 'configmap', 'api-settings', '-n', namespace]);
		expect(settings.data).toEqual({mode: 'production'});
		await headless.find(reachableSynced, 'Synced, without the outage', {since, timeoutMs: 60_000});
		// Not driftwatch's: it stays, and it is not drift.
		expect((await kubectlResult(['get', 'configmap', 'unrelated', '-n', namespace])).code).toBe(0);
		expect(headless.child.exitCode).toBeNull();
		expect(proxy.accepted).toBeGreaterThan(1);
	}, 360_000);
});
