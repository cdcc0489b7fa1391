/**
 * A notification in words, for the terminal bell's companions: the chat webhook's message text.
 * The same sentences as the timeline (source/presentation/timeline.ts).
 */
import type {Notification} from '../core/notification.js';
import {describeDrift} from './drift.js';

/** The text of a notification's message. */
export function describeNotification(notification: Notification): string {
	switch (notification.kind) {
		case 'out-of-sync':
			return `${notification.object}: ${describeDrift(notification)}`;
		case 'degraded':
			return `${notification.from} → ${notification.health.status}${notification.health.message ? `: ${notification.health.message}` : ''}`;
		case 'healed':
			return notification.objects.join(', ');
		case 'sync-failed':
			return [notification.reason, ...notification.errors].join('\n');
	}
}
