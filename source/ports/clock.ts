/**
 * Time, for the engine: what time it is, and timers. Injected everywhere the engine reads the time
 * or waits, so tests move a fake clock instead of sleeping (source/clock/system-clock.ts is the
 * real one).
 */

export interface Clock {
	/** Epoch milliseconds. */
	now(): number;
	/** Calls `callback` once, `ms` from now; the returned function cancels it. */
	schedule(ms: number, callback: () => void): () => void;
}
