/** Who is told about transitions (source/notify/notifier.ts implements it). */
import type {Notification} from '../core/notification.js';

export interface NotifyPort {
	/** Best effort: never rejects. */
	notify(notification: Notification): Promise<void>;
}
