/** A `driftwatch watch --no-ui --output jsonl` process, its lines timestamped as they arrive. */
import type {ChildProcess} from 'node:child_process';
import {createInterface} from 'node:readline';
import {startChild, stopChild} from './processes.js';

export interface StreamEvent {
	type: string;
	object?: string;
	syncStatus?: string;
	counts?: {modified: number};
	[field: string]: unknown;
}

interface Waiter {
	predicate: (event: StreamEvent) => boolean;
	resolve: (at: number) => void;
}

export class JsonlStream {
	private waiters: Waiter[] = [];
	readonly startedAt = performance.now();
	exited = false;
	stderr = '';

	private constructor(private readonly child: ChildProcess) {
		createInterface({input: child.stdout!}).on('line', line => {
			const at = performance.now();
			let event: StreamEvent;
			try {
				event = JSON.parse(line) as StreamEvent;
			} catch {
				return;
			}
			const matched = this.waiters.filter(waiter => waiter.predicate(event));
			this.waiters = this.waiters.filter(waiter => !matched.includes(waiter));
			for (const waiter of matched) waiter.resolve(at);
		});
		child.stderr?.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4000)));
		child.on('exit', () => (this.exited = true));
	}

	static start(args: readonly string[], env: NodeJS.ProcessEnv): JsonlStream {
		return new JsonlStream(startChild(process.execPath, args, {env, stdio: ['ignore', 'pipe', 'pipe']}));
	}

	get pid(): number | undefined {
		return this.child.pid;
	}

	/** Arrival time of the first line (from now on) that satisfies `predicate`. */
	next(predicate: (event: StreamEvent) => boolean, timeoutMs: number): Promise<number> {
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {predicate, resolve: at => (clearTimeout(timer), resolve(at))};
			const timer = setTimeout(() => {
				this.waiters = this.waiters.filter(other => other !== waiter);
				reject(
					new Error(`no matching event within ${timeoutMs} ms${this.exited ? ` (driftwatch exited: ${this.stderr.slice(-300)})` : ''}`),
				);
			}, timeoutMs);
			this.waiters.push(waiter);
		});
	}

	/** SIGINT, as a person's ctrl-c; SIGKILL if it does not end. */
	async stop(): Promise<void> {
		if (this.exited) return;
		const exited = new Promise<void>(resolve => this.child.once('exit', () => resolve()));
		this.child.kill('SIGINT');
		const timer = setTimeout(() => void stopChild(this.child), 5000);
		await exited;
		clearTimeout(timer);
	}
}
