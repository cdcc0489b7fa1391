/**
 * When to self-heal an object. The first heal comes after a short debounce (default 150 ms, well
 * under Argo CD's 2 s) so a burst of watch events becomes one apply. An object healed again and
 * again within a minute is being fought over (another controller, an HPA, a person); then the
 * delay grows x3 per heal up to a cap, and the scheduler says so once per fight.
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
	/** Heals within this window count towards a fight. Default 60 s. */
	windowMs?: number;
	/** Heals in the window before backoff starts. Default 3. */
	freeHeals?: number;
	/** Backoff delay cap. Default 60 s. */
	maxDelayMs?: number;
	timer?: HealTimer;
}

export interface HealDecision {
	delayMs: number;
	/** Set when this heal is delayed because the object keeps changing back. */
	fight?: {heals: number};
}

export class HealScheduler {
	private readonly pending = new Map<string, unknown>();
	private readonly history = new Map<string, number[]>();
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

	/** Plans a heal of `key` unless one is already pending; returns the decision, or undefined if pending. */
	schedule(key: string, heal: () => void): HealDecision | undefined {
		if (this.pending.has(key)) return undefined;
		const decision = this.decide(key);
		this.pending.set(
			key,
			this.timer.set(() => {
				this.pending.delete(key);
				this.record(key);
				heal();
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
		const now = this.timer.now();
		const recent = (this.history.get(key) ?? []).filter(time => now - time < this.windowMs);
		this.history.set(key, recent);
		if (recent.length < this.freeHeals) return {delayMs: this.debounceMs};
		const extra = recent.length - this.freeHeals;
		const delayMs = Math.min(this.maxDelayMs, 2000 * 3 ** extra);
		return {delayMs, fight: {heals: recent.length}};
	}

	private record(key: string): void {
		const list = this.history.get(key) ?? [];
		list.push(this.timer.now());
		this.history.set(key, list);
	}
}
