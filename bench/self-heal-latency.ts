/**
 * `npm run bench:self-heal`: how fast self-heal reverts `kubectl scale`, end to end, with the real
 * binary in headless mode against a real local control plane. Ten Deployments are scaled once each
 * (one heal per object, so the fight backoff never applies); for each, the time from kubectl
 * returning to driftwatch's `healed` event, and to the API server holding Git's replicas again.
 */
import {execFile, spawn} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {promisify} from 'node:util';
import {cliPath, loadControlPlane} from './support/repo-root.js';

const run = promisify(execFile);
const count = 10;

const {startControlPlane, stopControlPlane} = await loadControlPlane();
const state = await startControlPlane({log: line => console.log(`  control plane: ${line}`)});
const scratch = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-bench-'));
const cli = cliPath;
const kubectl = async (...args: string[]) => (await run('kubectl', [`--kubeconfig=${state.kubeconfig}`, ...args])).stdout;
try {
	const repo = path.join(scratch, 'repo');
	mkdirSync(path.join(repo, 'app'), {recursive: true});
	for (let index = 0; index < count; index++) {
		writeFileSync(
			path.join(repo, 'app', `web-${index}.yaml`),
			[
				'apiVersion: apps/v1',
				'kind: Deployment',
				`metadata: {name: web-${index}}`,
				`spec: {replicas: 2, selector: {matchLabels: {app: web-${index}}}, template: {metadata: {labels: {app: web-${index}}}, spec: {containers: [{name: web, image: nginx:1.27}]}}}`,
			].join('\n'),
		);
	}
	const git = async (...args: string[]) => run('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', ...args], {cwd: repo});
	await git('init', '-q', '-b', 'main');
	await git('add', '.');
	await git('commit', '-q', '-m', 'bench apps');
	const env = {...process.env, DRIFTWATCH_CACHE: path.join(scratch, 'cache'), NO_COLOR: '1'};
	const flags = [
		'--repo',
		repo,
		'--path',
		'app',
		'--namespace',
		'bench',
		'--name',
		'bench',
		'--kubeconfig',
		state.kubeconfig,
		'--audit-log',
		path.join(scratch, 'audit.jsonl'),
	];
	await kubectl('create', 'namespace', 'bench');
	await run(process.execPath, [cli, 'sync', ...flags], {env});
	for (let index = 0; index < count; index++) await kubectl('rollout', 'status', '-n', 'bench', `deployment/web-${index}`, '--timeout=60s');

	const watcher = spawn(process.execPath, [cli, 'watch', '--no-ui', '--output', 'jsonl', '--self-heal', ...flags], {
		env,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const healedAt = new Map<string, number>();
	let ready: () => void = () => {};
	const synced = new Promise<void>(resolve => (ready = resolve));
	createInterface({input: watcher.stdout}).on('line', line => {
		const event = JSON.parse(line) as {type: string; object?: string; syncStatus?: string};
		if (event.type === 'status' && event.syncStatus === 'Synced') ready();
		if (event.type === 'healed' && event.object) healedAt.set(event.object.split('/').at(-1) ?? '', performance.now());
	});
	await synced;

	const toEvent: number[] = [];
	const toRestored: number[] = [];
	for (let index = 0; index < count; index++) {
		const name = `web-${index}`;
		await kubectl('scale', '-n', 'bench', `deployment/${name}`, '--replicas=5');
		const scaled = performance.now();
		for (;;) {
			const replicas = Number((await kubectl('get', 'deployment', name, '-n', 'bench', '-o', 'jsonpath={.spec.replicas}')).trim());
			if (replicas === 2 && healedAt.has(name)) break;
		}
		toRestored.push(performance.now() - scaled);
		toEvent.push((healedAt.get(name) ?? Number.NaN) - scaled);
	}
	watcher.kill('SIGINT');
	const summary = (values: number[]) => {
		const sorted = [...values].sort((a, b) => a - b);
		return `median ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms`;
	};
	console.log(`self-heal of kubectl scale, ${count} Deployments, one heal each:`);
	console.log(`  kubectl returned -> healed event:            ${summary(toEvent)}`);
	console.log(`  kubectl returned -> Git's replicas observed: ${summary(toRestored)} (includes kubectl polling)`);
} finally {
	await stopControlPlane(state);
	rmSync(scratch, {recursive: true, force: true});
}
