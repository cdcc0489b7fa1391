/**
 * Child processes of the bench: timed runs with their peak resident memory (from /proc, polled,
 * plus the kernel's own high-water mark), a time limit, and a registry so that a figure that runs
 * out of time, or the bench itself ending, stops exactly the processes the bench started.
 */
import {type ChildProcess, spawn, type SpawnOptions} from 'node:child_process';
import {readFileSync} from 'node:fs';

const running = new Set<ChildProcess>();

/** Starts a child in its own process group (so its own children can be stopped with it) and registers it. */
export function startChild(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
	const child = spawn(command, args, {...options, detached: true});
	running.add(child);
	child.on('exit', () => running.delete(child));
	return child;
}

/** Stops a child and its process group: SIGTERM, then SIGKILL after `graceMs`. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
	const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
	const signal = (name: NodeJS.Signals) => {
		try {
			process.kill(-(child.pid as number), name);
		} catch {
			// Already gone.
		}
	};
	signal('SIGTERM');
	const timer = setTimeout(() => signal('SIGKILL'), graceMs);
	await exited;
	clearTimeout(timer);
}

/** Stops every child the bench still has running (a figure timed out, or the bench ends). */
export async function stopAllChildren(): Promise<void> {
	await Promise.all([...running].map(child => stopChild(child, 1000)));
}

/** Resident memory of a process now and at its peak (VmHWM), in MB; undefined once it is gone. */
export function residentMemory(pid: number): {rssMB: number; peakMB: number} | undefined {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN) / 1024;
		return {rssMB: field('VmRSS'), peakMB: field('VmHWM')};
	} catch {
		return undefined;
	}
}

export interface TimedRun {
	ms: number;
	exitCode: number | null;
	stdout: string;
	stderr: string;
	/** Highest resident memory seen, MB. */
	peakRssMB: number;
	timedOut: boolean;
}

/** Runs a command to its end (or its time limit), timing it and sampling its memory. */
export async function runTimed(command: string, args: readonly string[], options: SpawnOptions & {timeoutMs: number}): Promise<TimedRun> {
	const started = performance.now();
	const child = startChild(command, args, {...options, stdio: ['ignore', 'pipe', 'pipe']});
	const out: Buffer[] = [];
	const err: Buffer[] = [];
	let errBytes = 0;
	child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
	child.stderr?.on('data', (chunk: Buffer) => {
		// Keep the end of stderr, where the reason is.
		err.push(chunk);
		errBytes += chunk.length;
		while (errBytes > 64_000 && err.length > 1) errBytes -= err.shift()?.length ?? 0;
	});
	let peak = 0;
	const sample = () => {
		const memory = child.pid === undefined ? undefined : residentMemory(child.pid);
		// A process that is exiting has no Vm lines any more: NaN, skipped.
		for (const value of [memory?.rssMB, memory?.peakMB]) if (value !== undefined && !Number.isNaN(value)) peak = Math.max(peak, value);
	};
	const sampler = setInterval(sample, 100);
	let timedOut = false;
	const limit = setTimeout(() => {
		timedOut = true;
		void stopChild(child);
	}, options.timeoutMs);
	const exitCode = await new Promise<number | null>(resolve => child.on('close', code => resolve(code)));
	clearInterval(sampler);
	clearTimeout(limit);
	return {
		ms: performance.now() - started,
		exitCode,
		stdout: Buffer.concat(out).toString('utf8'),
		stderr: Buffer.concat(err).toString('utf8'),
		peakRssMB: peak,
		timedOut,
	};
}

/** Rejects after `ms` with a "did not finish" error, so a figure can be raced against it. */
export class TimeLimit extends Error {
	constructor(readonly ms: number) {
		super(`did not finish in ${formatDuration(ms)}`);
	}
}

export function formatDuration(ms: number): string {
	return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

export function sleep(ms: number): Promise<void> {
	return new Promise(resolve => setTimeout(resolve, ms));
}
