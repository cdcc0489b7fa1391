/**
 * End to end, as a newcomer runs it: `driftwatch lab` (what `npm start` runs after its build) in a
 * terminal (tmux), from a clean cache directory that holds only the control-plane binaries
 * (hard-linked from the built cache, so nothing is rebuilt). The demo must come up Synced and
 * Healthy on screen; three exercises run from the lab panel (`L`, then `x`) must each tick; `q`
 * must leave no process of the lab and none of its data.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {ControlPlaneState} from '../../source/control-plane/control-plane.js';
import {controlPlaneCacheDir} from '../../source/control-plane/locate.js';
import {isAlive} from '../../source/control-plane/managed-process.js';
import type {LabRecord} from '../../source/lab/lab-record.js';
import {waitFor} from './support/cluster.js';
import {cliPath} from './support/run-cli.js';
import {tmuxTerminal} from './support/tmux-terminal.js';

const session = 'lab';
const {
	tmux,
	screen,
	press,
	waitForScreen: waitForText,
} = tmuxTerminal({
	name: 'driftwatch-lab-e2e',
	session,
	keyPauseMs: () => 200,
	pollMs: 250,
	diagnostics: () => `--- stderr:\n${existsSync(stderrFile) ? readFileSync(stderrFile, 'utf8') : ''}`,
});

let scratch = '';
let cache = '';
let stderrFile = '';

const waitForScreen = (what: string, predicate: (text: string) => boolean, timeoutMs = 60_000) => waitForText(what, predicate, timeoutMs);

function records(): LabRecord[] {
	const dir = path.join(cache, 'labs');
	if (!existsSync(dir)) return [];
	return readdirSync(dir).map(name => JSON.parse(readFileSync(path.join(dir, name), 'utf8')) as LabRecord);
}

/** Every process the lab started: the control plane's (from its state file) and the watchdog. */
function labPids(record: LabRecord): number[] {
	const state = JSON.parse(readFileSync(path.join(record.dir, 'state.json'), 'utf8')) as ControlPlaneState;
	const watchdog = execFileSync('ps', ['-eo', 'pid=,args='], {encoding: 'utf8'})
		.split('\n')
		.map(line => /^\s*(\d+) (.*)$/.exec(line))
		.filter(match => match?.[2]?.includes(`lab-watchdog.js ${path.join(cache, 'labs')}`))
		.map(match => Number(match?.[1]));
	return [...state.processes.map(running => running.pid), ...watchdog];
}

beforeAll(async () => {
	scratch = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-lab-e2e-'));
	cache = path.join(scratch, 'cache');
	stderrFile = path.join(scratch, 'stderr.txt');
	// A clean cache with only the built binaries, hard-linked where the lab looks for them (the same
	// directory name under $DRIFTWATCH_CACHE/control-plane), so the lab finds them and builds nothing.
	const built = controlPlaneCacheDir();
	mkdirSync(path.join(cache, 'control-plane'), {recursive: true});
	const env: Record<string, string> = {
		PATH: `${path.dirname(process.execPath)}:${process.env['PATH'] ?? ''}`,
		HOME: process.env['HOME'] ?? os.homedir(),
		DRIFTWATCH_CACHE: cache,
		TERM: 'xterm-256color',
	};
	try {
		execFileSync('cp', ['-al', built, path.join(cache, 'control-plane', path.basename(built))]);
	} catch {
		// Another file system (no hard links): point at the built binaries instead.
		env['DRIFTWATCH_CONTROL_PLANE_DIR'] = built;
	}
	const quote = (part: string) => `'${part.replace(/'/g, `'\\''`)}'`;
	const command = ['env', '-i', ...Object.entries(env).map(([name, value]) => `${name}=${value}`), process.execPath, cliPath, 'lab']
		.map(quote)
		.join(' ');
	await tmux('new-session', '-d', '-s', session, '-x', '110', '-y', '36', `${command} 2>${quote(stderrFile)}`);
}, 30_000);

afterAll(async () => {
	await tmux('kill-server').catch(() => {});
	// Should the test fail half way, whatever is left is ended by the lab's own sweep: --stop.
	for (const record of records()) {
		execFileSync(process.execPath, [cliPath, 'lab', '--stop'], {env: {...process.env, DRIFTWATCH_CACHE: cache}, stdio: 'ignore'});
		rmSync(record.dir, {recursive: true, force: true});
	}
	rmSync(scratch, {recursive: true, force: true});
});

describe('driftwatch lab in a terminal, from a clean cache', () => {
	let record: LabRecord | undefined;
	let pids: number[] = [];

	it('builds nothing and shows the demo Synced and Healthy', async () => {
		const started = Date.now();
		await waitForScreen('the demo Synced and Healthy', text => /counter\s+✔ Synced\s+♥ Healthy/.test(text), 120_000);
		console.log(`[lab e2e] Synced and Healthy on screen ${((Date.now() - started) / 1000).toFixed(1)}s after start`);
		expect(readFileSync(stderrFile, 'utf8')).not.toMatch(/building|go build/i);
		expect(await screen()).toMatch(/\bL lab\b/);
		record = records()[0];
		expect(record).toMatchObject({app: 'counter', namespace: 'counter', ready: true});
		pids = labPids(record!);
		expect(pids.length).toBe(6); // etcd, apiserver, controller manager, scheduler, kwok, watchdog
	});

	it('runs three exercises from the lab panel and sees each tick', async () => {
		await press('L');
		const panel = await waitForScreen('the lab panel', text => text.includes('LAB') && text.includes('0/9 done'));
		expect(panel).toContain(`export KUBECONFIG=${record?.kubeconfig ?? ''}`);
		expect(panel).toContain(`cd ${record?.clone ?? ''}`);

		await press('x');
		await waitForScreen('exercise 1 (delete a pod) to tick', text => /✔ 1 {2}Delete a pod/.test(text) && text.includes('1/9 done'), 90_000);

		await press('j', 'x');
		await waitForScreen('exercise 2 (scale, reverted) to tick', text => /✔ 2 {2}Scale the Deployment/.test(text), 90_000);

		await press('j', 'j', 'j', 'j', 'j', 'j', 'x');
		const ticked = await waitForScreen('exercise 8 (the 403) to tick', text => /✔ 8 {2}Try a sync as the read-only user/.test(text));
		expect(ticked).toContain('3/9 done');
		expect(ticked).toContain('forbidden: User "restricted" cannot patch resource');
	});

	it('quits with q and leaves no process and no data', async () => {
		expect(record).toBeDefined();
		const panePid = Number((await tmux('list-panes', '-t', session, '-F', '#{pane_pid}')).trim());
		await press('q');
		await waitFor(
			'driftwatch to exit and the lab to be gone',
			() =>
				Promise.resolve(
					!isAlive(panePid) &&
						pids.every(pid => !isAlive(pid)) &&
						!existsSync(record!.dir) &&
						!existsSync(record!.repoCache) &&
						records().length === 0,
				),
			30_000,
			250,
		);
		expect(pids.filter(pid => isAlive(pid))).toEqual([]);
		expect(existsSync(record!.dir)).toBe(false);
		expect(readdirSync(path.join(cache, 'repos'))).toEqual([]);
		expect(readdirSync(path.join(cache, 'labs'))).toEqual([]);
		expect(readFileSync(stderrFile, 'utf8')).toContain('lab stopped: every process it started has ended and its data is removed');
	});
});
