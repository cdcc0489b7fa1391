/**
 * Starting the lab: the control-plane binaries (built with progress when missing), the embedded
 * control plane with visible pod stages, the demo's Git repositories (bare remote + working clone)
 * inside the control plane's directory, a record for other terminals, and a watchdog. The app
 * itself is the demo's Application manifest, read as-is by the caller (its automated sync deploys
 * it, as Argo CD would). Whatever happens (quit, Ctrl-C, SIGTERM, SIGHUP, a crash, SIGKILL via the
 * watchdog) everything the lab started is stopped and removed; `keep()` leaves the cluster running.
 */
import {spawn} from 'node:child_process';
import path from 'node:path';
import {startControlPlane} from '../control-plane/control-plane.js';
import {loadAppFiles} from '../config/load-app-files.js';
import {DriftwatchError} from '../core/errors.js';
import {demoApplicationFile, demoRepoIn, ensureDemoRepo} from '../git/demo-repo.js';
import {repoCacheDir} from '../git/repo-location.js';
import {isAlive} from '../control-plane/managed-process.js';
import {packageRoot} from '../control-plane/locate.js';
import {buildControlPlaneWithProgress} from './build-display.js';
import {type LabRecord, listLabRecords, saveLabRecord, saveLabRecordSync} from './lab-record.js';
import {tearDownLab, tearDownLabNow} from './lab-teardown.js';

export interface LabSession {
	record: LabRecord;
	/**
	 * Stops everything the lab started and removes its directories; with `keep`, leaves the cluster
	 * (and the demo repositories) running for `kubectl` instead, until `driftwatch lab --stop`.
	 */
	end(): Promise<void>;
}

export interface StartLabOptions {
	/** Progress lines (build, start-up). */
	log: (line: string) => void;
	/** Where the build's progress display goes (a terminal redraws one line). */
	progress: {write(text: string): unknown; isTTY?: boolean};
	/** `--keep`: however the lab ends (quit or signal), the cluster stays for `kubectl`. */
	keep: boolean;
	/** Told when a signal ends a kept lab (no asynchronous work may run then). */
	onKept?: (record: LabRecord) => void;
}

const signals: Array<[NodeJS.Signals, number]> = [
	['SIGINT', 130],
	['SIGTERM', 143],
	['SIGHUP', 129],
];

export async function startLab(options: StartLabOptions): Promise<LabSession> {
	await sweepStaleLabs(options.log);
	await buildControlPlaneWithProgress(options.progress);

	// From the moment the control plane has a directory, a signal or an exit tears it down.
	let pending: LabRecord | undefined;
	let finished = false;
	const onExit = () => {
		if (finished || !pending) return;
		if (options.keep && pending.ready) {
			saveLabRecordSync({...pending, keep: true});
			options.onKept?.(pending);
		} else {
			tearDownLabNow(pending);
		}
	};
	const onSignal = (code: number) => () => {
		onExit();
		finished = true;
		process.exit(code);
	};
	const handlers = signals.map(([signal, code]) => [signal, onSignal(code)] as const);
	process.on('exit', onExit);
	for (const [signal, handler] of handlers) process.on(signal, handler);
	const release = () => {
		finished = true;
		process.removeListener('exit', onExit);
		for (const [signal, handler] of handlers) process.removeListener(signal, handler);
	};

	try {
		const started = Date.now();
		const state = await startControlPlane({
			podStages: 'visible',
			log: line => options.log(`cluster: ${line}`),
			onDirectory: dir => {
				pending = emptyRecord(dir);
				startWatchdog(saveLabRecordSync(pending));
			},
		});
		const repo = await ensureDemoRepo(demoRepoIn(path.join(state.dir, 'git')));
		const applicationFile = path.join(repo.workdir, demoApplicationFile);
		const loaded = await loadAppFiles([applicationFile]);
		const app = loaded.apps[0];
		if (!app)
			throw new DriftwatchError(
				'config-invalid',
				`the demo's Application could not be read: ${loaded.errors.map(error => error.message).join('; ')}`,
			);
		const record: LabRecord = {
			...emptyRecord(state.dir),
			ready: true,
			kubeconfig: state.kubeconfig,
			context: state.adminContext,
			readOnlyContext: state.restrictedContext,
			server: state.server,
			remote: repo.remote,
			clone: repo.workdir,
			repoCache: repoCacheDir(repo.remote),
			applicationFile,
			app: app.name,
			namespace: app.destination.namespace,
		};
		pending = record;
		await saveLabRecord(record);
		options.log(`cluster: up in ${((Date.now() - started) / 1000).toFixed(1)}s at ${state.server}`);
		return {
			record,
			end: async () => {
				release();
				if (options.keep) await saveLabRecord({...record, keep: true});
				else await tearDownLab(record);
			},
		};
	} catch (error) {
		release();
		if (pending) await tearDownLab(pending).catch(() => tearDownLabNow(pending!));
		throw error;
	}
}

function emptyRecord(dir: string): LabRecord {
	return {
		id: path.basename(dir),
		ownerPid: process.pid,
		keep: false,
		ready: false,
		dir,
		kubeconfig: '',
		context: '',
		readOnlyContext: '',
		server: '',
		remote: '',
		clone: '',
		repoCache: '',
		applicationFile: '',
		app: '',
		namespace: '',
		startedAt: new Date().toISOString(),
	};
}

/** The watchdog runs on the same Node as this process, detached, with no terminal. */
function startWatchdog(recordFile: string): void {
	// The built file, also when this module runs from source (tests).
	const script = path.join(packageRoot, 'dist', 'lab', 'lab-watchdog.js');
	const child = spawn(process.execPath, [script, recordFile], {detached: true, stdio: 'ignore'});
	child.on('error', () => {});
	child.unref();
}

/** Labs whose process died without cleaning up (and that were not kept): end them now. */
async function sweepStaleLabs(log: (line: string) => void): Promise<void> {
	for (const record of await listLabRecords()) {
		if (record.keep || isAlive(record.ownerPid)) continue;
		log(`removing a lab left behind by process ${record.ownerPid} (${record.dir})`);
		await tearDownLab(record);
	}
}
