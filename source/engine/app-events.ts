/**
 * Everything that can happen to one app, as past-tense facts with the data they carry. The
 * runtime and the operations dispatch them; the pure reducer (reduce-app.ts) folds them into the
 * app's state; audit entries and notifications are derived from them too. Times are epoch ms.
 */
import type {RolloutFacts} from './workload-rollouts.js';
import type {AppError, AppStatus, ObjectState, ResourceNode, RevisionInfo} from '../core/app-status.js';
import type {KubeObject} from '../core/kube-object.js';
import type {AppPolicy, AppView, HookResult} from './engine-state.js';
import type {CommitRef, FailedOperation, RolloutAction, SourceEditAction, SyncInitiator} from './timeline-event.js';

/** What a sync's outcome says, as the reducer and the audit need it. */
export interface SyncResultFacts {
	ok: boolean;
	phase: 'Succeeded' | 'Failed' | 'Error';
	/** execute-sync's own summary ("synced: 2 applied, 0 pruned", "dry run failed for ..."). */
	message: string;
	/** Display keys, in the order done. */
	applied: string[];
	deleted: string[];
	/** 'Kind/ns/name: message' per failure. */
	errors: string[];
	/** The hooks run, with their result. */
	hooks?: HookResult[];
}

/** One object's state before and after a comparison (undefined: not an object of the app). */
export interface ObjectChange {
	/** keyString of the object. */
	key: string;
	before: ObjectState | undefined;
	after: ObjectState | undefined;
}

export type AppEvent =
	| {type: 'GitPolled'; time: number}
	| {type: 'GitPollFailed'; time: number; error: AppError}
	| {type: 'PollScheduled'; nextFetchAt: number}
	| {type: 'RevisionRendered'; time: number; desired: readonly KubeObject[]; revisions: RevisionInfo[]; notices: string[]}
	| {type: 'RenderFailed'; time: number; error: AppError}
	/** Git rendered (RevisionRendered came first), but the cluster could not be asked about it. */
	| {type: 'ClusterUnavailable'; time: number; error: AppError}
	| {
			type: 'LiveCompared';
			time: number;
			/** The render this comparison was made for; an older one is dropped. */
			renderEpoch: number;
			status: AppStatus;
			tree: ResourceNode[];
			/** The objects this comparison reassessed, in the order of `status.objects`; the others did not change. */
			changes: ObjectChange[];
			/** Keys of live objects carrying this app's tracking (first comparison only: they count as deployed). */
			tracked: string[];
	  }
	| {type: 'ClusterConnectionChanged'; time: number; problem: string | null}
	| {type: 'NotificationFailed'; time: number; error: AppError}
	| {type: 'NotificationDelivered'; time: number}
	| {type: 'PermissionsChecked'; permissions: AppView['permissions']}
	| {type: 'AutoSyncTriggered'; revision: string}
	| {type: 'HealScheduled'; time: number; key: string; streak: number; delayMs: number; fight: boolean}
	| {type: 'HealSkipped'; key: string}
	| {type: 'HealStarted'; time: number; key: string}
	| {
			type: 'SyncRefused';
			time: number;
			initiator: SyncInitiator;
			cause: 'read-only' | 'refused';
			reason: string;
			revision: string | null;
			objects: string[];
			user: string;
	  }
	| {
			type: 'SyncStarted';
			time: number;
			initiator: SyncInitiator;
			revision: RevisionInfo | null;
			dryRun: boolean;
			applies: number;
			prunes: number;
			by: string;
	  }
	/** A running sync moved on or waits: what for, in Argo CD's words ("waiting for completion of hook ..."). */
	| {type: 'SyncProgressed'; time: number; message: string}
	| {
			type: 'SyncFinished';
			time: number;
			initiator: SyncInitiator;
			revision: RevisionInfo | null;
			dryRun: boolean;
			result: SyncResultFacts;
			/** Keys (keyString) of the objects applied: seen in sync from now on. */
			appliedKeys: string[];
			/** The workloads applied with a changed pod template: their rollouts start now. */
			rollouts: RolloutFacts[];
			/** Display keys of everything planned, for the audit. */
			objects: string[];
			/** Who it was for the history: the user, 'auto-sync' or 'self-heal'. */
			by: string;
			user: string;
	  }
	| {type: 'PolicyChanged'; time: number; patch: Partial<AppPolicy>; user: string}
	| {type: 'Reverted'; time: number; target: string; commit: CommitRef; pushed: boolean; user: string}
	| {type: 'RollbackStarted'; time: number}
	| {type: 'RolledBack'; time: number; revision: CommitRef; turnedOff: Array<'auto-sync' | 'self-heal'>; ok: boolean; user: string}
	| {type: 'RolloutActionSent'; time: number; object: string; action: RolloutAction; full: boolean; patches: number; user: string}
	/** Self-heal and auto-sync leave the object alone while its live change is kept: until `until` (epoch ms; Infinity while the commit runs). */
	| {type: 'KeepHeld'; time: number; key: string; until: number}
	/** The keep ended, was cancelled, or its confirmation expired: the policies may act on the object again. */
	| {type: 'KeepReleased'; key: string}
	| {type: 'SourceEdited'; time: number; edit: SourceEditFacts; user: string}
	| {
			type: 'ActionFailed';
			time: number;
			operation: Exclude<FailedOperation, 'git' | 'evaluation'>;
			refused: boolean;
			error: AppError;
			subject?: string;
			action?: RolloutAction;
			/** Set when the failure is audited (the audit log's own failures are not). */
			audit?: {user: string; revision?: string; objects?: string[]};
	  };

export type AppEventType = AppEvent['type'];

/** A commit of a source edit (keep, set-image, promote), as the timeline and the audit record it. */
export interface SourceEditFacts {
	action: SourceEditAction;
	/** Display keys of the objects whose fields changed. */
	objects: string[];
	/** JSON pointers of the changed fields. */
	fields: string[];
	/** keep: who changed the fields live (field managers). */
	changedBy: string[];
	commit: CommitRef;
	branch: string;
	pushed: boolean;
	rebased: boolean;
	/** Repository paths of the files changed. */
	files: string[];
}
