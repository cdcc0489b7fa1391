/**
 * When to self-heal an object. The first heal comes after a short debounce (default 150 ms, well
 * under Argo CD's 2 s) so a burst of watch events becomes one apply. An object that changes back
 * within a minute of each heal is being fought over (another controller, an HPA, a person); then
 * the delay grows x3 per heal up to a cap, and each decision says it is a fight.
 *
 * The fight is counted as a streak (heals in a row, each undone within the window after it), not
 * as heals inside a sliding window: our own backoff delays would otherwise push the earlier heals
 * out of the window, so a fight that never stops went back to fast heals after every long delay
 * and never reached the cap.
 */

export interface HealTimer {
	set(callback: () => void, ms: number): unknown;
	clear(handle: unknown): void;
	now(): number;
}

export const realTimer: HealTimer = {
	set: (callback, ms) => setTimeout(callback, ms),
	clear: handle => clearTimeout(handle as NodeJS.Timeout),
	now: () => Date.now(),
};

export interface HealSchedulerOptions {
	debounceMs?: number;
	/** An object changed back within this time after a heal continues a fight. Default 60 s. */
	windowMs?: number;
	/** Heals in a row before backoff starts. Default 3. */
	freeHeals?: number;
	/** Backoff delay cap. Default 60 s. */
	maxDelayMs?: number;
	timer?: HealTimer;
}

export interface HealDecision {
	delayMs: number;
	/** Set when this heal is delayed because the object keeps changing back: `heals` in a row so far. */
	fight?: {heals: number};
}

export class HealScheduler {
	private readonly pending = new Map<string, unknown>();
	/** Per key: the heals in a row so far and when the last one ran. */
	private readonly history = new Map<string, {streak: number; lastHeal: number}>();
	private readonly debounceMs: number;
	private readonly windowMs: number;
	private readonly freeHeals: number;
	private readonly maxDelayMs: number;
	private readonly timer: HealTimer;

	constructor(options: HealSchedulerOptions = {}) {
		this.debounceMs = options.debounceMs ?? 150;
		this.windowMs = options.windowMs ?? 60_000;
		this.freeHeals = options.freeHeals ?? 3;
		this.maxDelayMs = options.maxDelayMs ?? 60_000;
		this.timer = options.timer ?? realTimer;
	}

	/**
	 * Plans a heal of `key` unless one is already pending; returns the decision, or undefined if
	 * pending. A heal callback that returns `false` did nothing (the drift was already gone, e.g. our
	 * own apply had not reached the watch yet) and does not count towards a fight.
	 */
	schedule(key: string, heal: () => void | boolean): HealDecision | undefined {
		if (this.pending.has(key)) return undefined;
		// Measured now, when the drift came back, so the delay we impose never ends the streak.
		const streak = this.streakOf(key);
		const decision = this.decide(key);
		this.pending.set(
			key,
			this.timer.set(() => {
				this.pending.delete(key);
				if (heal() !== false) this.history.set(key, {streak: streak + 1, lastHeal: this.timer.now()});
			}, decision.delayMs),
		);
		return decision;
	}

	isPending(key: string): boolean {
		return this.pending.has(key);
	}

	cancel(key: string): void {
		const handle = this.pending.get(key);
		if (handle !== undefined) this.timer.clear(handle);
		this.pending.delete(key);
	}

	cancelAll(): void {
		for (const key of [...this.pending.keys()]) this.cancel(key);
	}

	/** Forget the fight history of an object (e.g. after a new revision was synced). */
	reset(key?: string): void {
		if (key === undefined) this.history.clear();
		else this.history.delete(key);
	}

	decide(key: string): HealDecision {
		const heals = this.streakOf(key);
		if (heals < this.freeHeals) return {delayMs: this.debounceMs};
		const delayMs = Math.min(this.maxDelayMs, 2000 * 3 ** (heals - this.freeHeals));
		return {delayMs, fight: {heals}};
	}

	/** Heals in a row so far; 0 when the object stayed healed for a whole window since the last one. */
	private streakOf(key: string): number {
		const entry = this.history.get(key);
		return entry && this.timer.now() - entry.lastHeal < this.windowMs ? entry.streak : 0;
	}
}
