/**
 * The engine snapshot, read with useSyncExternalStore but republished at most once per interval.
 * An event storm (a rollout of 500 pods, a relist) can change the store hundreds of times a
 * second; the screen needs it at most as often as Ink draws (60 frames a second), so frames never
 * pile up and the terminal is never flooded. The first change after a quiet spell shows at once
 * (leading edge) and the last one of a burst is never lost (trailing edge).
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

/** A store that republishes `store` at most once per `intervalMs`. */
export function throttleStore(store: EngineStore, intervalMs: number): EngineStore {
	let published = store.getSnapshot();
	let lastPublish = 0;
	let timer: NodeJS.Timeout | undefined;
	let detach: (() => void) | undefined;
	const listeners = new Set<() => void>();

	const publish = () => {
		timer = undefined;
		lastPublish = Date.now();
		const next = store.getSnapshot();
		if (next === published) return;
		published = next;
		for (const listener of [...listeners]) listener();
	};
	const onChange = () => {
		if (timer) return;
		const wait = lastPublish + intervalMs - Date.now();
		if (wait <= 0) publish();
		else timer = setTimeout(publish, wait);
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
