/**
 * A Clock the test moves: nothing scheduled runs until `advance`, which fires the timers that come
 * due in order and lets the engine's promise chains (fake ports answer through promises only)
 * finish between them. Engine tests advance time instead of sleeping or polling.
 */
import type {Clock} from '../../../../source/ports/clock.js';

/** Lets every pending promise chain run (the fakes never wait on real I/O or real timers). */
export async function settle(): Promise<void> {
	for (let round = 0; round < 3; round++) await new Promise<void>(resolve => setImmediate(resolve));
}

export class FakeClock implements Clock {
	private time: number;
	private nextId = 1;
	private readonly timers = new Map<number, {at: number; callback: () => void}>();

	/** Starts at `start` (epoch ms); default 2025-03-01T10:00:00Z. */
	constructor(start = Date.parse('2025-03-01T10:00:00Z')) {
		this.time = start;
	}

	now(): number {
		return this.time;
	}

	schedule(ms: number, callback: () => void): () => void {
		const id = this.nextId++;
		this.timers.set(id, {at: this.time + Math.max(0, ms), callback});
		return () => void this.timers.delete(id);
	}

	/** Delays still to run, in ms from now, soonest first. */
	pending(): number[] {
		return [...this.timers.values()].map(timer => timer.at - this.time).sort((a, b) => a - b);
	}

	/** Moves the clock by `ms`, firing every timer that comes due, in order, and letting the engine react. */
	async advance(ms: number): Promise<void> {
		const target = this.time + ms;
		for (;;) {
			await settle();
			const due = [...this.timers.entries()].filter(([, timer]) => timer.at <= target).sort(([, a], [, b]) => a.at - b.at)[0];
			if (!due) break;
			const [id, timer] = due;
			this.timers.delete(id);
			this.time = timer.at;
			timer.callback();
		}
		this.time = target;
		await settle();
	}

	/**
	 * Advances in steps of `stepMs` until `done(read())` holds; fails after `maxMs` of fake time
	 * with the last value read, so a failure says where the engine stopped.
	 */
	async advanceUntil<T>(
		read: () => T,
		done: (value: T) => boolean,
		what: string,
		options: {stepMs?: number; maxMs?: number} = {},
	): Promise<T> {
		const stepMs = options.stepMs ?? 10;
		const maxMs = options.maxMs ?? 10_000;
		await settle();
		for (let elapsed = 0; ; elapsed += stepMs) {
			const value = read();
			if (done(value)) return value;
			if (elapsed >= maxMs)
				throw new Error(`${what}: not reached after ${maxMs} ms of fake time; last: ${JSON.stringify(value, null, 1).slice(0, 1500)}`);
			await this.advance(stepMs);
		}
	}
}
