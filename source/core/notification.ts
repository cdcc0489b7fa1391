/** A transition worth telling people about (bell, chat webhook). */

export type NotificationKind = 'out-of-sync' | 'degraded' | 'healed' | 'sync-failed' | 'synced';

export interface Notification {
	kind: NotificationKind;
	app: string;
	message: string;
	revision?: string;
	/** ISO time of the transition. */
	time: string;
}
