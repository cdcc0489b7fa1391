/**
 * Self-heal's timers: one per drifted object, as the pure policy (policy-decisions.ts) plans it.
 * When a timer fires, the heal runs only if the object is still drifted by then (often our own
 * apply has not reached the watch yet, or has already fixed it).
 */
import type {ObjectState} from '../core/app-status.js';
import type {AppContext} from './app-context.js';
import {defaultHealOptions, type HealOptions, healCandidates, planHeal, stillToHeal} from './policy-decisions.js';
import {runHeal} from './sync-operation.js';

export class HealTimers {
	private readonly timers = new Map<string, () => void>();
	private readonly options: HealOptions;

	/** `isCurrent(key)`: the watch caches show the object as it is now (listed, not reconnecting). */
	constructor(
		private readonly app: AppContext,
		options: Partial<HealOptions> = {},
		private readonly isCurrent: (key: string) => boolean = () => true,
	) {
		this.options = {...defaultHealOptions, ...options};
	}

	/** Schedules a heal of each drifted object (of `objects`, default all) that was seen in sync and has none pending. */
	scheduleDrifted(objects?: readonly ObjectState[]): void {
		for (const key of healCandidates(this.app.state(), objects)) {
			const now = this.app.clock.now();
			const plan = planHeal(this.app.state().heals, key, now, this.options);
			void this.app.dispatch({type: 'HealScheduled', time: now, key, streak: plan.streak, delayMs: plan.delayMs, fight: plan.fight});
			this.timers.set(
				key,
				this.app.clock.schedule(plan.delayMs, () => void this.fire(key)),
			);
		}
	}

	private async fire(key: string): Promise<void> {
		this.timers.delete(key);
		if (!stillToHeal(this.app.state(), key)) return this.app.dispatch({type: 'HealSkipped', key});
		if (!this.isCurrent(key)) {
			// A stale cache (reconnecting, or not listed yet) may show a drift that is gone: look again once it is current.
			await this.app.dispatch({type: 'HealSkipped', key});
			return this.app.requestComparison();
		}
		await this.app.dispatch({type: 'HealStarted', time: this.app.clock.now(), key});
		await runHeal(this.app, [key]);
	}

	cancelAll(): void {
		for (const cancel of this.timers.values()) cancel();
		this.timers.clear();
	}
}
