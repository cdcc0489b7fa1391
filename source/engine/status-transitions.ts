/**
 * Timeline events from two consecutive statuses of one app: drift detected (with who changed
 * what), drift resolved, health changed, errors. Pure, so the reconciler's event stream is
 * testable on plain objects.
 */
import type {AppStatus} from '../core/app-status.js';
import {describeDrift} from '../presentation/drift.js';
import {displayKey, keyString} from '../core/kube-object.js';
import type {TimelineEvent} from './engine-state.js';

export function statusTransitions(previous: AppStatus | null, next: AppStatus, now: Date): TimelineEvent[] {
	const time = now.toISOString();
	const events: TimelineEvent[] = [];
	const event = (type: TimelineEvent['type'], message: string, extra: Partial<TimelineEvent> = {}) =>
		events.push({time, type, app: next.name, message, ...extra});

	if (next.error && next.error.message !== previous?.error?.message) {
		event('error', next.error.hint ? `${next.error.message} (${next.error.hint})` : next.error.message);
	}
	if (next.error) return events;

	const before = new Map((previous?.objects ?? []).map(object => [keyString(object.key), object]));
	const sameRevision = previous?.revision?.sha === next.revision?.sha;
	for (const object of next.objects) {
		const old = before.get(keyString(object.key));
		const name = displayKey(object.key);
		if (object.syncStatus === 'OutOfSync' && (!old || old.syncStatus === 'Synced' || old.drift !== object.drift)) {
			// At start-up and on a new commit, OutOfSync is Git moving ahead, not someone's drift.
			if (previous && sameRevision && (old || object.drift === 'extra')) {
				event('drift-detected', `${name}: ${describeDrift(object)}`, {object: name, attribution: object.attribution});
			}
		} else if (object.syncStatus === 'Synced' && old?.syncStatus === 'OutOfSync') {
			event('drift-resolved', `${name} is in sync again`, {object: name});
		}
	}
	if (previous && previous.health.status !== next.health.status) {
		const message = next.health.message ? `: ${next.health.message}` : '';
		event('health-changed', `${previous.health.status} → ${next.health.status}${message}`);
	}
	return events;
}
