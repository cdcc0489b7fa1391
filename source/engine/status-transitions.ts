/**
 * Timeline entries from two consecutive statuses of one app: drift detected (with who changed
 * what), drift resolved, health changed, errors. Pure, so the reconciler's event stream is
 * testable on plain objects.
 */
import type {AppStatus} from '../core/app-status.js';
import {displayKey, keyString} from '../core/kube-object.js';
import type {TimelineEvent} from './timeline-event.js';

type Entry = TimelineEvent extends infer E ? (E extends {type: string} ? Omit<E, 'time' | 'app'> : never) : never;

export function statusTransitions(previous: AppStatus | null, next: AppStatus, now: Date): TimelineEvent[] {
	const time = now.toISOString();
	const events: TimelineEvent[] = [];
	const add = (entry: Entry) => events.push({time, app: next.name, ...entry} as TimelineEvent);

	if (next.error && next.error.message !== previous?.error?.message) {
		add({type: 'error', operation: 'evaluation', refused: false, message: next.error.message, hint: next.error.hint});
	}
	if (next.error) return events;

	const before = new Map((previous?.objects ?? []).map(object => [keyString(object.key), object]));
	const sameRevision = previous?.revision?.sha === next.revision?.sha;
	for (const object of next.objects) {
		const old = before.get(keyString(object.key));
		const name = displayKey(object.key);
		if (object.drift !== 'none' && (!old || old.syncStatus === 'Synced' || old.drift !== object.drift)) {
			// At start-up and on a new commit, OutOfSync is Git moving ahead, not someone's drift.
			if (previous && sameRevision && (old || object.drift === 'extra')) {
				add({
					type: 'drift-detected',
					object: name,
					drift: object.drift,
					changedPaths: object.changedPaths,
					attribution: object.attribution,
				});
			}
		} else if (object.syncStatus === 'Synced' && old?.syncStatus === 'OutOfSync') {
			add({type: 'drift-resolved', object: name});
		}
	}
	if (previous && previous.health.status !== next.health.status) {
		add({type: 'health-changed', from: previous.health.status, to: next.health.status, message: next.health.message});
	}
	return events;
}
