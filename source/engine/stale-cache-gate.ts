/**
 * Policies never act on a stale picture. While a watch cache has not answered its first list (a
 * loaded API server can take longer than the runtime waits) or is reconnecting, an object may look
 * missing or drifted when it is not; a self-heal or an auto-sync then would act on a guess. The
 * gate holds the policies back and has them look again soon, since a relist that finds nothing
 * new reports no change to wake them. Self-heal also skips objects whose own cache is not current
 * (a kind whose list is refused shows its objects as missing for good).
 */
import type {ObjectState} from '../core/app-status.js';
import {keyString} from '../core/kube-object.js';
import type {Clock} from '../ports/clock.js';
import type {AppWatches} from './app-watches.js';

/** How often held-back policies look again while a cache is stale. */
const retryMs = 500;

export class StaleCacheGate {
	private cancelRetry: (() => void) | undefined;

	/** `retry` runs (once per hold) when held-back policies should look again. */
	constructor(
		private readonly watches: AppWatches,
		private readonly clock: Clock,
		private readonly retry: () => void,
	) {}

	/** True when policies may act; else false, and `retry` is scheduled. */
	allows(): boolean {
		if (this.watches.settled()) return true;
		this.cancelRetry ??= this.clock.schedule(retryMs, () => {
			this.cancelRetry = undefined;
			this.retry();
		});
		return false;
	}

	/** The objects whose own cache has listed and is live. */
	current(objects: readonly ObjectState[]): ObjectState[] {
		return objects.filter(object => this.watches.isCurrent(object.apiVersion, object.key.kind, object.key.namespace));
	}

	/** Whether a heal whose timer fired may act on `key` now (no cache stale, its own current). */
	mayHeal(objects: readonly ObjectState[], key: string): boolean {
		if (!this.watches.settled()) return false;
		const object = objects.find(candidate => keyString(candidate.key) === key);
		return object !== undefined && this.watches.isCurrent(object.apiVersion, object.key.kind, object.key.namespace);
	}

	dispose(): void {
		this.cancelRetry?.();
		this.cancelRetry = undefined;
	}
}
