/**
 * The engine snapshot, read with useSyncExternalStore but republished at most once per interval.
 * An event storm (a rollout of 500 pods, a relist) can change the store hundreds of times a
 * second; the screen needs it at most as often as Ink draws (60 frames a second), so frames never
 * pile up and the terminal is never flooded. The first change after a quiet spell shows at once
 * (leading edge) and the last one of a burst is never lost (trailing edge). While changes keep
 * coming (each one within an interval of the last publish), the interval stretches to the burst
 * interval: a storm redraws the screen ten times a second, not sixty, and leaves the time to keys.
 */
import {useMemo, useSyncExternalStore} from 'react';
import type {EngineSnapshot, EngineStore} from '../../engine/engine-state.js';

/**
 * Default republishing interval: Ink's frame interval at 60 frames a second (run-ui.tsx). Both are
 * leading-edge throttles, so a change that comes within one interval of the last frame waits for
 * the rest of it: at 100 ms (then 34 ms) that wait was most of a drift's way to the screen (bench:
 * drift on screen, median 93 -> 53 -> 20 ms at 1,000 objects). A frame of the app screen costs a
 * few ms, so a storm still leaves most of the time to the engine and to keys.
 */
export const defaultFrameIntervalMs = 17;

/**
 * Interval while a burst lasts. A frame of a 10,000-object app screen costs about 10 ms of a core
 * shared with the engine, the API server and everything else on the machine; during a storm a key's
 * frame waits behind the frame being drawn. The view is still current 100 ms after a storm ends.
 */
export const defaultBurstIntervalMs = 100;

/**
 * A store that republishes `store` at most once per `intervalMs`, and once per `burstIntervalMs`
 * after a publish that had to wait (a burst: the store changed again within the interval).
 */
export function throttleStore(
	store: EngineStore,
	intervalMs: number,
	burstIntervalMs = Math.max(intervalMs, defaultBurstIntervalMs),
): EngineStore {
	let published = store.getSnapshot();
	let lastPublish = 0;
	/** Whether the last publish waited for its timer: changes are still coming. */
	let inBurst = false;
	let timer: NodeJS.Timeout | undefined;
	let detach: (() => void) | undefined;
	const listeners = new Set<() => void>();

	const publish = (waited: boolean) => {
		timer = undefined;
		lastPublish = Date.now();
		inBurst = waited;
		const next = store.getSnapshot();
		if (next === published) return;
		published = next;
		for (const listener of [...listeners]) listener();
	};
	const onChange = () => {
		if (timer) return;
		const wait = lastPublish + (inBurst ? burstIntervalMs : intervalMs) - Date.now();
		if (wait <= 0) publish(false);
		else timer = setTimeout(() => publish(true), wait);
	};

	return {
		getSnapshot: () => published,
		subscribe(listener) {
			listeners.add(listener);
			if (!detach) {
				detach = store.subscribe(onChange);
				// A change between the first render and this subscription would otherwise be missed:
				// React compares getSnapshot() right after subscribing.
				published = store.getSnapshot();
			}
			return () => {
				listeners.delete(listener);
				if (listeners.size > 0) return;
				detach?.();
				detach = undefined;
				if (timer) clearTimeout(timer);
				timer = undefined;
			};
		},
	};
}

/**
 * The latest engine snapshot, at most once per `intervalMs` (default `defaultFrameIntervalMs`, 17 ms).
 * @param store the engine's store; a new store starts a new throttle.
 */
export function useThrottledSnapshot(store: EngineStore, intervalMs = defaultFrameIntervalMs): EngineSnapshot {
	const throttled = useMemo(() => throttleStore(store, intervalMs), [store, intervalMs]);
	// throttleStore's functions are closures that never use `this`.
	// eslint-disable-next-line @typescript-eslint/unbound-method
	return useSyncExternalStore(throttled.subscribe, throttled.getSnapshot);
}
