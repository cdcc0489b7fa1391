/**
 * `driftwatch lab` (and `npm start`): start the lab, hand its app to the normal watch (the UI, or
 * `--no-ui --output jsonl`), and end everything when that returns; `--keep` leaves the cluster
 * running. `--print-env` prints what a second terminal needs; `--stop` ends kept labs.
 */
import type {CommandIo} from '../commands/command-io.js';
import {exitCodes} from '../commands/command-io.js';
import {DriftwatchError} from '../core/errors.js';
import {isAlive} from '../control-plane/managed-process.js';
import {isLabUsable, type LabRecord, listLabRecords} from './lab-record.js';
import {tearDownLab} from './lab-teardown.js';
import {startLab} from './start-lab.js';

export interface LabFlags {
	keep: boolean;
	printEnv: boolean;
	stop: boolean;
	/** App or cluster flags given with `lab` (--app, --repo, --kubeconfig, --context...): refused. */
	conflicting: string[];
}

/** What the watch needs to show the lab's app: like `--app FILE --kubeconfig FILE --context NAME`. */
export interface LabWatchTarget {
	applicationFile: string;
	kubeconfig: string;
	context: string;
	/** The lab's own audit log (inside its directory, removed with it). */
	auditLog: string;
	/** Everything about the running lab (for the UI's lab panel: connectExercises, envLines). */
	record: LabRecord;
}

export async function runLabCommand(flags: LabFlags, io: CommandIo, watch: (target: LabWatchTarget) => Promise<number>): Promise<number> {
	if (flags.conflicting.length > 0) {
		throw new DriftwatchError(
			'config-invalid',
			`driftwatch lab runs its own cluster and demo app; it takes no ${flags.conflicting.join(', ')}`,
			{
				hint: 'to watch your own app, run driftwatch without `lab` (e.g. driftwatch --app FILE)',
			},
		);
	}
	if (flags.printEnv) return printEnv(io);
	if (flags.stop) return stopKeptLabs(io);

	const kept = (record: LabRecord) => {
		io.err('The lab keeps running, for kubectl:');
		io.err(envLines(record).join('\n'));
		io.err('Stop it with: npx driftwatch lab --stop');
	};
	const session = await startLab({log: line => io.err(line), progress: process.stderr, keep: flags.keep, onKept: kept});
	const {record} = session;
	io.err(`demo: ${record.app} (Application ${record.applicationFile}), namespace ${record.namespace}`);
	io.err(`for a second terminal: eval "$(npx driftwatch lab --print-env)"  (KUBECONFIG and the demo's clone)`);
	let code: number;
	try {
		code = await watch({
			applicationFile: record.applicationFile,
			kubeconfig: record.kubeconfig,
			context: record.context,
			auditLog: `${record.dir}/audit.jsonl`,
			record,
		});
	} finally {
		await session.end();
	}
	if (flags.keep) kept(record);
	else io.err('lab stopped: every process it started has ended and its data is removed');
	return code;
}

/** `export` lines for a shell: the cluster's kubeconfig and the demo's working clone. */
export function envLines(record: LabRecord): string[] {
	return [
		`export KUBECONFIG=${shellQuote(record.kubeconfig)}`,
		`export DRIFTWATCH_LAB_CLONE=${shellQuote(record.clone)}`,
		`# the demo's working clone: cd "$DRIFTWATCH_LAB_CLONE"; the app runs in namespace ${record.namespace}`,
	];
}

function shellQuote(text: string): string {
	return `'${text.replaceAll("'", "'\\''")}'`;
}

async function printEnv(io: CommandIo): Promise<number> {
	const record = (await listLabRecords()).find(isLabUsable);
	if (!record) {
		io.err('no lab is running: start one with `npx driftwatch lab` (`npm start` in the driftwatch project)');
		return exitCodes.error;
	}
	io.out(envLines(record).join('\n'));
	return exitCodes.ok;
}

async function stopKeptLabs(io: CommandIo): Promise<number> {
	let stopped = 0;
	for (const record of await listLabRecords()) {
		if (!record.keep && isAlive(record.ownerPid)) {
			io.err(`a lab is running in another terminal (process ${record.ownerPid}): quit it there`);
			continue;
		}
		await tearDownLab(record);
		io.err(`stopped the lab at ${record.server || record.dir} and removed ${record.dir}`);
		stopped++;
	}
	if (stopped === 0) io.err('no kept lab to stop');
	return exitCodes.ok;
}
