/**
 * The labs on this machine: one JSON record per lab in `<cache>/labs/`, written when a lab has
 * started, so that `driftwatch lab --print-env` (a second terminal), `--stop` (a kept lab), the
 * lab's watchdog and the next lab (stale ones) find what each lab started.
 */
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {mkdir, readFile, readdir, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {isAlive} from '../control-plane/managed-process.js';

export interface LabRecord {
	/** The control-plane directory's name. */
	id: string;
	/** The `driftwatch lab` process; the lab ends with it unless kept. */
	ownerPid: number;
	/** `--keep`: the cluster outlives the owner until `driftwatch lab --stop`. */
	keep: boolean;
	/** False while the lab starts (only `id`, `ownerPid` and `dir` are known then). */
	ready: boolean;
	/** The control plane's directory: its data, logs, kubeconfig, and the lab's Git repositories. */
	dir: string;
	kubeconfig: string;
	context: string;
	readOnlyContext: string;
	server: string;
	/** The demo's bare remote (the app's repoURL) and working clone. */
	remote: string;
	clone: string;
	/** driftwatch's clone cache of the remote (outside `dir`, removed with the lab). */
	repoCache: string;
	applicationFile: string;
	app: string;
	namespace: string;
	startedAt: string;
}

export function labsRoot(): string {
	return path.join(process.env['DRIFTWATCH_CACHE'] ?? path.join(os.homedir(), '.cache', 'driftwatch'), 'labs');
}

export function labRecordFile(id: string): string {
	return path.join(labsRoot(), `${id}.json`);
}

export async function saveLabRecord(record: LabRecord): Promise<string> {
	await mkdir(labsRoot(), {recursive: true});
	const file = labRecordFile(record.id);
	await writeFile(file, JSON.stringify(record, null, 2), {mode: 0o600});
	return file;
}

/** The synchronous form, for the moment a lab's directory exists (nothing may be lost after it). */
export function saveLabRecordSync(record: LabRecord): string {
	mkdirSync(labsRoot(), {recursive: true});
	const file = labRecordFile(record.id);
	writeFileSync(file, JSON.stringify(record, null, 2), {mode: 0o600});
	return file;
}

export function readLabRecordSync(file: string): LabRecord | undefined {
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as LabRecord;
	} catch {
		return undefined;
	}
}

/** Every recorded lab, newest first. */
export async function listLabRecords(): Promise<LabRecord[]> {
	const names = await readdir(labsRoot()).catch(() => [] as string[]);
	const records: LabRecord[] = [];
	for (const name of names.filter(entry => entry.endsWith('.json'))) {
		const text = await readFile(path.join(labsRoot(), name), 'utf8').catch(() => '');
		try {
			records.push(JSON.parse(text) as LabRecord);
		} catch {
			// A record being written right now, or junk: not a lab we can act on.
		}
	}
	return records.sort((a, b) => b.startedAt.localeCompare(a.startedAt));
}

export function removeLabRecordSync(id: string): void {
	rmSync(labRecordFile(id), {force: true});
}

/** Started, and running (its owner is alive) or kept: a lab a second terminal can use. */
export function isLabUsable(record: LabRecord): boolean {
	return record.ready && (record.keep || isAlive(record.ownerPid));
}
