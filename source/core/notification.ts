/**
 * A transition worth telling people about (bell, chat webhook), as data: the engine says what
 * happened, and the composition root gives the notifier a formatter (source/presentation) that
 * turns it into words.
 */
import type {DriftKind, FieldAttribution} from './app-status.js';
import type {HealthStatus, HealthStatusCode} from './kube-object.js';

interface NotificationBase {
	app: string;
	/** ISO time of the transition. */
	time: string;
	/** The Git revision (full SHA) involved, when there is one. */
	revision?: string;
}

/** An object drifted from Git under the deployed revision. */
export interface OutOfSyncNotification extends NotificationBase {
	kind: 'out-of-sync';
	/** Display key: 'Deployment/demo/web'. */
	object: string;
	drift: Exclude<DriftKind, 'none'>;
	changedPaths: string[];
	attribution: FieldAttribution[];
}

/** The app's health became Degraded. */
export interface DegradedNotification extends NotificationBase {
	kind: 'degraded';
	from: HealthStatusCode;
	health: HealthStatus;
}

/** Self-heal re-applied drifted objects. */
export interface HealedNotification extends NotificationBase {
	kind: 'healed';
	/** Display keys of the objects re-applied. */
	objects: string[];
}

/** A sync (manual, auto-sync or self-heal) failed after it started. */
export interface SyncFailedNotification extends NotificationBase {
	kind: 'sync-failed';
	initiator: string;
	/** The sync's outcome, as execute-sync reports it. */
	reason: string;
	/** 'Kind/ns/name: message' per failed object. */
	errors: string[];
}

export type Notification = OutOfSyncNotification | DegradedNotification | HealedNotification | SyncFailedNotification;

export type NotificationKind = Notification['kind'];
