/**
 * Runs bare-watch.js in its own process and timestamps each of its lines as it arrives here: the
 * moment "a bare watch in another process sees the change", on the same clock as the screen.
 */
import type {ChildProcess} from 'node:child_process';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {fileURLToPath} from 'node:url';
import type {Credentials} from './direct-client.js';
import {startChild, stopChild} from './processes.js';

interface Waiter {
	name: string;
	value: string;
	resolve: (at: number) => void;
	reject: (error: Error) => void;
}

export class BareWatch {
	private readonly latest = new Map<string, {value: string | null; at: number}>();
	private waiters: Waiter[] = [];
	/** Events seen, all kinds. */
	events = 0;
	/** Why the watch ended, once it has. */
	private ended: string | undefined;

	private constructor(private readonly child: ChildProcess) {}

	static async start(credentials: Credentials, namespace: string): Promise<BareWatch> {
		const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'bare-watch.js');
		const child = startChild(process.execPath, [script], {
			env: {...process.env, BENCH_WATCH: JSON.stringify({...credentials, namespace})},
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		const watch = new BareWatch(child);
		let ready: (ok: boolean) => void = () => {};
		const opened = new Promise<boolean>(resolve => (ready = resolve));
		child.once('exit', code => {
			ready(false);
			watch.ended ??= `the bare watch exited (${code})`;
			for (const waiter of watch.waiters) waiter.reject(new Error(watch.ended));
			watch.waiters = [];
		});
		createInterface({input: child.stdout!}).on('line', line => {
			const at = performance.now();
			const event = JSON.parse(line) as {type: string; name?: string; value?: string | null; message?: string};
			if (event.type === 'ready') return ready(true);
			if (event.type === 'ERROR') {
				watch.ended = `the bare watch failed: ${event.message}`;
				return;
			}
			if (!event.name) return;
			watch.events++;
			watch.latest.set(event.name, {value: event.value ?? null, at});
			const matched = watch.waiters.filter(waiter => waiter.name === event.name && waiter.value === event.value);
			if (matched.length === 0) return;
			watch.waiters = watch.waiters.filter(waiter => !matched.includes(waiter));
			for (const waiter of matched) waiter.resolve(at);
		});
		if (!(await opened)) throw new Error('the bare watch did not start');
		return watch;
	}

	/** When the watch saw `name` with data.value `value` (at once if that is already its latest state). */
	seen(name: string, value: string, timeoutMs = 30_000): Promise<number> {
		const latest = this.latest.get(name);
		if (latest?.value === value) return Promise.resolve(latest.at);
		if (this.ended) return Promise.reject(new Error(this.ended));
		return new Promise((resolve, reject) => {
			const timer = setTimeout(
				() => reject(new Error(`the bare watch did not see ${name}=${value} within ${timeoutMs} ms (${this.events} events seen)`)),
				timeoutMs,
			);
			this.waiters.push({
				name,
				value,
				resolve: at => (clearTimeout(timer), resolve(at)),
				reject: error => (clearTimeout(timer), reject(error)),
			});
		});
	}

	async stop(): Promise<void> {
		await stopChild(this.child);
	}
}
