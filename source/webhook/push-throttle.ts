/**
 * Limits how often webhook pushes reach the engine. Every push refreshes apps (a fetch, a render,
 * relisted watches), and without a secret any local process can send them, so the rate must not
 * be the sender's choice. Per repository: the first push of a window passes at once, later ones in
 * the same window collapse into one delivery at its end (the newest push wins, nothing is lost
 * that a refresh would see). Over all repositories: at most `maxPerWindow` deliveries per window;
 * more are refused, and the sender is told to retry.
 */
import type {PushEvent} from './push-event.js';

export interface PushThrottleOptions {
	/** The window, in ms. 0 turns throttling off. */
	windowMs: number;
	/** Deliveries per window over all repositories. */
	maxPerWindow: number;
	deliver: (push: PushEvent) => void;
	/** Injectable for tests. */
	now?: () => number;
}

export type PushOutcome = 'delivered' | 'coalesced' | 'refused';

/** Repositories tracked at once; beyond this, pushes of new repositories are refused until windows pass. */
const maxTrackedRepositories = 1000;

export class PushThrottle {
	readonly #options: PushThrottleOptions;
	readonly #now: () => number;
	readonly #repositories = new Map<string, {last: number; pending?: PushEvent; timer?: NodeJS.Timeout}>();
	#windowStart = Number.NEGATIVE_INFINITY;
	#deliveredInWindow = 0;

	constructor(options: PushThrottleOptions) {
		this.#options = options;
		this.#now = options.now ?? Date.now;
	}

	/** Delivers `push` now, later (collapsed with others of its repository), or not at all. */
	offer(push: PushEvent): PushOutcome {
		const {windowMs} = this.#options;
		if (windowMs <= 0) {
			this.#options.deliver(push);
			return 'delivered';
		}
		const now = this.#now();
		const key = [...push.repoURLs].sort().join('\n');
		const known = this.#repositories.get(key);
		if (known && now - known.last < windowMs) {
			known.pending = push;
			known.timer ??= setTimeout(() => this.#flush(key), known.last + windowMs - now);
			return 'coalesced';
		}
		this.#forgetIdle(now);
		if (!this.#takeBudget(now) || (!known && this.#repositories.size >= maxTrackedRepositories)) return 'refused';
		this.#repositories.set(key, {last: now});
		this.#options.deliver(push);
		return 'delivered';
	}

	/** Cancels pending deliveries. */
	close(): void {
		for (const entry of this.#repositories.values()) clearTimeout(entry.timer);
		this.#repositories.clear();
	}

	#flush(key: string): void {
		const entry = this.#repositories.get(key);
		if (!entry?.pending) return;
		const push = entry.pending;
		entry.pending = undefined;
		entry.timer = undefined;
		const now = this.#now();
		// Over budget, the collapsed push is dropped: the engine's regular poll still sees the commit.
		if (!this.#takeBudget(now)) return;
		entry.last = now;
		this.#options.deliver(push);
	}

	#takeBudget(now: number): boolean {
		if (now - this.#windowStart >= this.#options.windowMs) {
			this.#windowStart = now;
			this.#deliveredInWindow = 0;
		}
		if (this.#deliveredInWindow >= this.#options.maxPerWindow) return false;
		this.#deliveredInWindow++;
		return true;
	}

	#forgetIdle(now: number): void {
		for (const [key, entry] of this.#repositories) {
			if (entry.timer === undefined && now - entry.last >= this.#options.windowMs) this.#repositories.delete(key);
		}
	}
}
