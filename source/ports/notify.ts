/** Who is told about transitions (source/notify/notifier.ts implements it). */
import type {AppError} from '../core/app-status.js';
import type {Notification} from '../core/notification.js';

/** What became of one notification: posted, not posted (why), or nothing to post (a bell only). */
export type NotifyOutcome = {delivered: true} | {delivered: false; error: AppError} | undefined;

export interface NotifyPort {
	/** Best effort: never rejects; a failed delivery is returned, for the engine to show. */
	notify(notification: Notification): Promise<NotifyOutcome>;
}
