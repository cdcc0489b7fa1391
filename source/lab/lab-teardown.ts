/**
 * Ending a lab: every process it started (by pid, from the control plane's state file), its
 * directories (control-plane data with the Git repositories, driftwatch's clone cache of the
 * remote) and its record. Two forms: a graceful one for a normal quit and the watchdog, and an
 * immediate synchronous one for signal and exit handlers, where nothing asynchronous may run.
 */
import {readFileSync, rmSync} from 'node:fs';
import {rm} from 'node:fs/promises';
import path from 'node:path';
import {type ControlPlaneState, readControlPlaneState, stopControlPlane} from '../control-plane/control-plane.js';
import {isAlive, killNow} from '../control-plane/managed-process.js';
import {type LabRecord, removeLabRecordSync} from './lab-record.js';

export async function tearDownLab(record: LabRecord): Promise<void> {
	const state = await readControlPlaneState(record.dir).catch(() => undefined);
	if (state) await stopControlPlane(state);
	await rm(record.dir, {recursive: true, force: true});
	if (record.repoCache) await rm(record.repoCache, {recursive: true, force: true});
	removeLabRecordSync(record.id);
}

/** SIGKILL to every process group, a short wait for them to be gone, then the directories. */
export function tearDownLabNow(record: Pick<LabRecord, 'id' | 'dir' | 'repoCache'>): void {
	const state = readStateSync(record.dir);
	const pids = state?.processes.map(running => running.pid) ?? [];
	for (const pid of pids) killNow(pid);
	const deadline = Date.now() + 3000;
	const pause = new Int32Array(new SharedArrayBuffer(4));
	while (pids.some(isAlive) && Date.now() < deadline) Atomics.wait(pause, 0, 0, 20);
	rmSync(record.dir, {recursive: true, force: true, maxRetries: 3});
	if (record.repoCache) rmSync(record.repoCache, {recursive: true, force: true, maxRetries: 3});
	removeLabRecordSync(record.id);
}

function readStateSync(dir: string): ControlPlaneState | undefined {
	try {
		return JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')) as ControlPlaneState;
	} catch {
		return undefined;
	}
}
