/**
 * The API server records no time for some writes (a scale subresource update, for one), so an
 * attribution may come without one; it then gets the time driftwatch first saw that field drift,
 * carried from one assessment of the object to the next.
 */
import type {ObjectState} from '../core/app-status.js';

/** `next` with each attribution lacking a server time given the time it was first seen (`previous`, else now). */
export function withObservedTimes(previous: ObjectState | undefined, next: ObjectState, now: Date): ObjectState {
	if (!next.attribution.some(entry => !entry.time)) return next;
	const seen = new Map<string, string>();
	for (const entry of previous?.attribution ?? []) if (entry.time) seen.set(`${entry.path}#${entry.manager}`, entry.time);
	return {
		...next,
		attribution: next.attribution.map(entry =>
			entry.time ? entry : {...entry, time: seen.get(`${entry.path}#${entry.manager}`) ?? now.toISOString(), timeObserved: true},
		),
	};
}
