/**
 * The notifications a step of an app's life calls for, from the event and the timeline entries it
 * added: drift (out-of-sync), health becoming Degraded, a self-heal done, a sync that failed.
 * Decided on fields, never on words. Pure.
 */
import type {Notification} from '../core/notification.js';
import type {AppEvent} from './app-events.js';
import type {TimelineEvent} from './timeline-event.js';

export function notificationsOf(app: string, event: AppEvent, added: readonly TimelineEvent[]): Notification[] {
	const notifications: Notification[] = [];
	for (const entry of added) {
		if (entry.type === 'drift-detected') {
			const {object, drift, changedPaths, attribution, time} = entry;
			notifications.push({kind: 'out-of-sync', app, time, object, drift, changedPaths, attribution});
		}
		if (entry.type === 'health-changed' && entry.to === 'Degraded') {
			notifications.push({kind: 'degraded', app, time: entry.time, from: entry.from, health: {status: entry.to, message: entry.message}});
		}
	}
	if (event.type === 'SyncFinished' && !event.dryRun) {
		const time = new Date(event.time).toISOString();
		const revision = event.revision ? {revision: event.revision.sha} : {};
		if (event.result.ok && event.initiator === 'self-heal') {
			notifications.push({kind: 'healed', app, time, ...revision, objects: event.result.applied});
		} else if (!event.result.ok) {
			const {message, errors} = event.result;
			notifications.push({kind: 'sync-failed', app, time, ...revision, initiator: event.initiator, reason: message, errors});
		}
	}
	return notifications;
}
