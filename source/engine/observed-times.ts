/**
 * The API server records no time for some writes (a scale subresource update, for one), so an
 * attribution may come without one; it then gets the time driftwatch first saw that field drift,
 * carried from one status to the next.
 */
import type {AppStatus} from '../core/app-status.js';
import {keyString} from '../core/kube-object.js';

/** Attribution without a server time gets the time driftwatch first saw that field drift. */
export function withObservedTimes(previous: AppStatus, next: AppStatus, now: Date): AppStatus {
	const seen = new Map<string, string>();
	for (const object of previous.objects) {
		for (const entry of object.attribution) if (entry.time) seen.set(`${keyString(object.key)}#${entry.path}#${entry.manager}`, entry.time);
	}
	let changed = false;
	const objects = next.objects.map(object => {
		if (!object.attribution.some(entry => !entry.time)) return object;
		changed = true;
		return {
			...object,
			attribution: object.attribution.map(entry =>
				entry.time
					? entry
					: {...entry, time: seen.get(`${keyString(object.key)}#${entry.path}#${entry.manager}`) ?? now.toISOString(), timeObserved: true},
			),
		};
	});
	return changed ? {...next, objects} : next;
}
