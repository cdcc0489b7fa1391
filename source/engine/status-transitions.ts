/**
 * Timeline entries from two consecutive statuses of one app: drift detected (with who changed
 * what), drift resolved, health changed, errors. Pure, so the reconciler's event stream is
 * testable on plain objects.
 */
import type {AppStatus, ObjectState} from '../core/app-status.js';
import {displayKey, keyString} from '../core/kube-object.js';
import type {ObjectChange} from './app-events.js';
import type {TimelineEvent} from './timeline-event.js';

type Entry = TimelineEvent extends infer E ? (E extends {type: string} ? Omit<E, 'time' | 'app'> : never) : never;

/**
 * `changes`: the objects that were reassessed (the others are the same as in `previous`); without
 * it every object of `next` is compared with `previous`.
 */
export function statusTransitions(
	previous: AppStatus | null,
	next: AppStatus,
	now: Date,
	changes?: readonly ObjectChange[],
): TimelineEvent[] {
	const time = now.toISOString();
	const events: TimelineEvent[] = [];
	const add = (entry: Entry) => events.push({time, app: next.name, ...entry});

	if (next.error && next.error.message !== previous?.error?.message) {
		add({type: 'error', operation: 'evaluation', refused: false, message: next.error.message, hint: next.error.hint});
	}
	if (next.error) return events;

	const sameRevision = previous?.revision?.sha === next.revision?.sha;
	for (const [old, object] of pairs(previous, next, changes)) {
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

/** Each object of `next` (or each changed one) with its previous state. */
function pairs(
	previous: AppStatus | null,
	next: AppStatus,
	changes?: readonly ObjectChange[],
): Array<[ObjectState | undefined, ObjectState]> {
	if (changes) return changes.filter(change => change.after !== undefined).map(change => [change.before, change.after as ObjectState]);
	const before = new Map((previous?.objects ?? []).map(object => [keyString(object.key), object]));
	return next.objects.map(object => [before.get(keyString(object.key)), object]);
}
