/**
 * Starting and stopping the control plane's processes by pid. Each one runs in its own process
 * group with its output in a log file, so a stop (also from another process, via the state file)
 * can end it and anything it forked, and a failure can point at the log.
 */
import {spawn} from 'node:child_process';
import {openSync, closeSync, readFileSync, existsSync} from 'node:fs';

export interface ProcessSpec {
	name: string;
	binary: string;
	args: string[];
	logFile: string;
	/** Extra environment variables, on top of the parent's (Argo CD's components are chosen and configured this way). */
	env?: Record<string, string>;
}

export interface RunningProcess extends ProcessSpec {
	pid: number;
}

export function startProcess(spec: ProcessSpec): RunningProcess {
	const log = openSync(spec.logFile, 'a');
	try {
		const child = spawn(spec.binary, spec.args, {
			stdio: ['ignore', log, log],
			detached: true,
			env: {...process.env, GOMAXPROCS: process.env['GOMAXPROCS'] ?? '2', ...spec.env},
		});
		if (child.pid === undefined) throw new Error(`could not start ${spec.name} (${spec.binary})`);
		// The parent must not wait for these children to exit before it can exit itself.
		child.unref();
		child.on('error', () => {});
		return {...spec, pid: child.pid};
	} finally {
		closeSync(log);
	}
}

export function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
	for (const target of [-pid, pid]) {
		try {
			process.kill(target, signal);
		} catch {
			// Already gone.
		}
	}
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
export async function stopProcess(pid: number, graceMs = 5000): Promise<void> {
	if (!isAlive(pid)) return;
	signalGroup(pid, 'SIGTERM');
	const deadline = Date.now() + graceMs;
	while (isAlive(pid) && Date.now() < deadline) await delay(50);
	if (isAlive(pid)) {
		signalGroup(pid, 'SIGKILL');
		const killDeadline = Date.now() + 5000;
		while (isAlive(pid) && Date.now() < killDeadline) await delay(50);
	}
}

/** For `process.on('exit')`, where nothing asynchronous runs: kill at once. */
export function killNow(pid: number): void {
	signalGroup(pid, 'SIGKILL');
}

export function tailOfLog(logFile: string, lines = 15): string {
	if (!existsSync(logFile)) return '';
	return readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
}

export async function delay(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}
