/**
 * `driftwatch lab` as a process, headless (`--no-ui --output jsonl`): it builds nothing (the
 * binaries are there), starts its own control plane with the demo, and the demo's automated sync
 * makes it Synced and Healthy. Whichever way it ends (SIGINT, SIGTERM, SIGKILL as a crash; a
 * normal quit is the same path as SIGINT in headless mode), no process it started and none of its
 * data is left. `--keep` leaves the cluster for kubectl until `--stop`; `--print-env` serves a
 * second terminal. Each lab gets its own cache directory (records, repo cache).
 */
import {type ChildProcess, execFileSync, spawn} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {afterAll, describe, expect, it} from 'vitest';
import type {ControlPlaneState} from '../../source/control-plane/control-plane.js';
import {controlPlaneCacheDir} from '../../source/control-plane/locate.js';
import {isAlive} from '../../source/control-plane/managed-process.js';
import type {LabRecord} from '../../source/lab/lab-record.js';
import {waitFor} from './support/cluster.js';
import {cliPath, runCli} from './support/run-cli.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-lab-command-'));
const binaries = controlPlaneCacheDir();
afterAll(() => rmSync(scratch, {recursive: true, force: true}));

interface RunningLab {
	child: ChildProcess;
	cache: string;
	lines: Array<Record<string, unknown>>;
	stderr: string[];
	exited: Promise<{code: number | null; signal: NodeJS.Signals | null}>;
}

function labEnv(cache: string): NodeJS.ProcessEnv {
	return {...process.env, NO_COLOR: '1', DRIFTWATCH_CACHE: cache, DRIFTWATCH_CONTROL_PLANE_DIR: binaries};
}

function startLabProcess(name: string, extra: string[] = []): RunningLab {
	const cache = path.join(scratch, name);
	const child = spawn(process.execPath, [cliPath, 'lab', '--no-ui', '--output', 'jsonl', ...extra], {
		env: labEnv(cache),
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const lab: RunningLab = {
		child,
		cache,
		lines: [],
		stderr: [],
		exited: new Promise(resolve => child.on('exit', (code, signal) => resolve({code, signal}))),
	};
	createInterface({input: child.stdout}).on('line', line => lab.lines.push(JSON.parse(line) as Record<string, unknown>));
	createInterface({input: child.stderr}).on('line', line => lab.stderr.push(line));
	return lab;
}

function records(cache: string): LabRecord[] {
	const dir = path.join(cache, 'labs');
	if (!existsSync(dir)) return [];
	return readdirSync(dir).map(name => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as LabRecord);
}

/** Waits for Synced + Healthy; returns the lab's record and every pid it started (control plane and watchdog). */
async function untilLive(lab: RunningLab): Promise<{record: LabRecord; pids: number[]; seconds: number}> {
	const started = Date.now();
	await waitFor(
		'the lab to be Synced and Healthy',
		() => {
			if (lab.child.exitCode !== null) return Promise.reject(new Error(`lab exited: ${lab.stderr.join('\n')}`));
			return Promise.resolve(
				lab.lines.some(
					line =>
						line['type'] === 'status' && line['syncStatus'] === 'Synced' && (line['health'] as {status?: string})?.status === 'Healthy',
				),
			);
		},
		120_000,
		200,
	);
	const seconds = (Date.now() - started) / 1000;
	const [record] = records(lab.cache);
	if (!record) throw new Error('no lab record');
	const state = JSON.parse(readFileSync(path.join(record.dir, 'state.json'), 'utf8')) as ControlPlaneState;
	const watchdog = execFileSync('ps', ['-eo', 'pid=,args='], {encoding: 'utf8'})
		.split('\n')
		.map(line => line.trim().match(/^(\d+) (.*)$/))
		.filter(match => match?.[2]?.startsWith(process.execPath) && match[2].includes(`lab-watchdog.js ${path.join(lab.cache, 'labs')}`))
		.map(match => Number(match?.[1]));
	return {record, pids: [...state.processes.map(running => running.pid), ...watchdog], seconds};
}

async function nothingLeft(lab: RunningLab, record: LabRecord, pids: number[]): Promise<void> {
	await waitFor(
		'every process of the lab to end and its data to go',
		() =>
			Promise.resolve(
				pids.every(pid => !isAlive(pid)) && !existsSync(record.dir) && !existsSync(record.repoCache) && records(lab.cache).length === 0,
			),
		20_000,
		200,
	);
	expect(pids.filter(pid => isAlive(pid))).toEqual([]);
	expect(existsSync(record.dir)).toBe(false);
	expect(existsSync(record.repoCache)).toBe(false);
	expect(records(lab.cache)).toEqual([]);
}

describe('driftwatch lab', () => {
	it('is Synced and Healthy in seconds, serves a second terminal, and SIGINT leaves nothing behind', async () => {
		const lab = startLabProcess('sigint');
		const {record, pids, seconds} = await untilLive(lab);
		console.log(`[lab] Synced and Healthy ${seconds.toFixed(1)}s after start (binaries cached)`);
		expect(pids.length).toBe(6); // etcd, apiserver, controller manager, scheduler, kwok, watchdog
		expect(record).toMatchObject({app: 'counter', namespace: 'counter', ready: true, keep: false, ownerPid: lab.child.pid});

		const env = await runCli(['lab', '--print-env'], {DRIFTWATCH_CACHE: lab.cache});
		expect(env.code).toBe(0);
		expect(env.stdout.split('\n').slice(0, 2)).toEqual([
			`export KUBECONFIG='${record.kubeconfig}'`,
			`export DRIFTWATCH_LAB_CLONE='${record.clone}'`,
		]);
		const pods = execFileSync('kubectl', ['--kubeconfig', record.kubeconfig, '-n', 'counter', 'get', 'pods', '-o', 'name'], {
			encoding: 'utf8',
		});
		expect(pods.split('\n').filter(Boolean)).toHaveLength(3); // web x2, redis
		expect(execFileSync('git', ['-C', record.clone, 'log', '--format=%s'], {encoding: 'utf8'})).toContain('counter demo');

		lab.child.kill('SIGINT');
		expect((await lab.exited).code).toBe(130);
		await nothingLeft(lab, record, pids);
	});

	it('SIGTERM leaves nothing behind', async () => {
		const lab = startLabProcess('sigterm');
		const {record, pids} = await untilLive(lab);
		lab.child.kill('SIGTERM');
		expect((await lab.exited).code).toBe(143);
		await nothingLeft(lab, record, pids);
	});

	it('a crash (SIGKILL: no handler runs) leaves nothing behind: the watchdog ends it', async () => {
		const lab = startLabProcess('sigkill');
		const {record, pids} = await untilLive(lab);
		lab.child.kill('SIGKILL');
		expect((await lab.exited).signal).toBe('SIGKILL');
		await nothingLeft(lab, record, pids);
	});

	it('--keep leaves the cluster running for kubectl until --stop', async () => {
		const lab = startLabProcess('keep', ['--keep']);
		const {record, pids} = await untilLive(lab);
		lab.child.kill('SIGINT');
		await lab.exited;
		expect(lab.stderr.join('\n')).toContain('Stop it with: npx driftwatch lab --stop');
		const control = pids.slice(0, 5);
		expect(control.filter(pid => isAlive(pid))).toEqual(control);
		expect(records(lab.cache)).toMatchObject([{id: record.id, keep: true}]);
		const env = await runCli(['lab', '--print-env'], {DRIFTWATCH_CACHE: lab.cache});
		expect(env.stdout).toContain(`export KUBECONFIG='${record.kubeconfig}'`);
		const deployments = execFileSync('kubectl', ['--kubeconfig', record.kubeconfig, '-n', 'counter', 'get', 'deployments', '-o', 'name'], {
			encoding: 'utf8',
		});
		expect(deployments).toBe('deployment.apps/redis\ndeployment.apps/web\n');

		const stop = await runCli(['lab', '--stop'], {DRIFTWATCH_CACHE: lab.cache});
		expect(stop.code).toBe(0);
		expect(stop.stderr).toContain(`stopped the lab at ${record.server}`);
		await nothingLeft(lab, record, pids);
	});

	it('refuses app and cluster flags', async () => {
		const result = await runCli(['lab', '--repo', '.', '--context', 'x'], {DRIFTWATCH_CACHE: path.join(scratch, 'flags')});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('driftwatch lab runs its own cluster and demo app; it takes no --repo, --context');
	});

	it('--print-env without a lab says how to start one', async () => {
		const result = await runCli(['lab', '--print-env'], {DRIFTWATCH_CACHE: path.join(scratch, 'none')});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain('no lab is running: start one with `npx driftwatch lab`');
	});
});
