#!/usr/bin/env node
/**
 * `npm run cluster:up` / `npm run cluster:down`: a local control plane to play with.
 *   up              start it in the background, print `export KUBECONFIG=...`, and exit
 *   up --foreground start it and keep it until Ctrl-C, then stop everything
 *   down            stop the one started by `up`
 *   status          say whether one is running
 */
import {existsSync} from 'node:fs';
import {mkdir, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {type ControlPlaneState, readControlPlaneState, startControlPlane, stopControlPlane} from './control-plane.js';
import {isAlive, killNow} from './managed-process.js';

const pointer = path.join(process.env['DRIFTWATCH_CACHE'] ?? path.join(os.homedir(), '.cache', 'driftwatch'), 'cluster-current');

async function current(): Promise<ControlPlaneState | undefined> {
	if (!existsSync(pointer)) return undefined;
	const dir = (await readFile(pointer, 'utf8')).trim();
	return readControlPlaneState(dir).catch(() => undefined);
}

async function up(foreground: boolean): Promise<void> {
	const existing = await current();
	if (existing && existing.processes.every(running => isAlive(running.pid))) {
		console.log(`A control plane is already running.\n\n  export KUBECONFIG=${existing.kubeconfig}\n\nStop it with: npm run cluster:down`);
		return;
	}
	const state = await startControlPlane({log: line => console.log(`  ${line}`)});
	await mkdir(path.dirname(pointer), {recursive: true});
	await writeFile(pointer, state.dir);
	console.log(`\nControl plane up in ${state.startSeconds}s at ${state.server}`);
	console.log(`Contexts: ${state.adminContext} (cluster-admin, current) and ${state.restrictedContext} (read-only user "restricted")\n`);
	console.log(`  export KUBECONFIG=${state.kubeconfig}\n`);
	if (!foreground) {
		console.log('Stop it with: npm run cluster:down');
		return;
	}
	console.log('Running in the foreground: press Ctrl-C to stop it.');
	const stop = async () => {
		await stopControlPlane(state);
		await rm(pointer, {force: true});
		process.exit(0);
	};
	process.once('SIGINT', () => void stop());
	process.once('SIGTERM', () => void stop());
	process.once('exit', () => state.processes.forEach(running => killNow(running.pid)));
	setInterval(() => {}, 1 << 30);
}

async function down(): Promise<void> {
	const state = await current();
	if (!state) {
		console.log('No control plane started by `npm run cluster:up` is recorded.');
		return;
	}
	await stopControlPlane(state);
	await rm(pointer, {force: true});
	console.log(`Stopped the control plane at ${state.server} and removed ${state.dir}.`);
}

async function status(): Promise<void> {
	const state = await current();
	if (!state) return void console.log('not running');
	for (const running of state.processes)
		console.log(`${running.name.padEnd(24)} pid ${running.pid} ${isAlive(running.pid) ? 'running' : 'gone'}`);
	console.log(`\n  export KUBECONFIG=${state.kubeconfig}`);
}

const [command = 'up', ...rest] = process.argv.slice(2);
const actions: Record<string, () => Promise<void>> = {
	up: async () => up(rest.includes('--foreground')),
	down,
	status,
};
const action = actions[command];
if (!action) {
	console.error(`usage: cluster-cli up [--foreground] | down | status`);
	process.exit(2);
}
action().catch((error: unknown) => {
	console.error(`cluster ${command} failed: ${(error as Error).message}`);
	process.exit(1);
});
