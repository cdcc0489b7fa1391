/**
 * One entry of an app's timeline, as data: what happened, to what, by whom, with the numbers.
 * The engine writes no sentences; source/presentation/timeline.ts says each entry in words for
 * the UI, the JSON-lines stream and notifications alike.
 */
import type {DriftKind, FieldAttribution} from '../core/app-status.js';
import type {HealthStatusCode} from '../core/kube-object.js';

/** Who started a sync: the user, a policy, or a rollback. */
export type SyncInitiator = 'user' | 'auto-sync' | 'self-heal' | 'rollback';

/** An Argo Rollouts action. */
export type RolloutAction = 'promote' | 'abort' | 'pause' | 'resume';

/** A commit, as the timeline names it. */
export interface CommitRef {
	sha: string;
	shortSha: string;
	subject: string;
	author: string;
}

interface EntryBase {
	/** ISO time. */
	time: string;
	app: string;
}

/** What drifted on one object (the fields `describeDrift` reads). */
export interface DriftFacts {
	/** Display key: 'Deployment/demo/web'. */
	object: string;
	drift: Exclude<DriftKind, 'none'>;
	changedPaths: string[];
	attribution: FieldAttribution[];
}

/** The edits of the app's source that driftwatch commits. */
export type SourceEditAction = 'keep' | 'set-image' | 'promote';

/** The operations whose failures and refusals the timeline records ('policy' and 'refresh': asked of Argo CD). */
export type FailedOperation =
	'git' | 'evaluation' | 'audit' | 'notify' | 'revert' | 'rollback' | 'rollout' | 'policy' | 'refresh' | SourceEditAction;

export type TimelineEvent = EntryBase &
	(
		| {type: 'commit-seen'; revision: CommitRef; first: boolean}
		| ({type: 'drift-detected'} & DriftFacts)
		| {type: 'drift-resolved'; object: string}
		| {type: 'sync-started'; revision: CommitRef | null; by: string}
		| {type: 'synced'; revision: CommitRef | null; initiator: SyncInitiator; applied: number; pruned: number; outcome: string}
		| {
				type: 'sync-failed';
				initiator: SyncInitiator;
				/** read-only: --read-only; refused: the plan cannot run (reason says why); failed: it ran and failed. */
				cause: 'read-only' | 'refused' | 'failed';
				reason: string;
				errors: string[];
		  }
		| ({type: 'healed'} & DriftFacts)
		| {type: 'heal-backoff'; object: string; heals: number; delayMs: number}
		| {type: 'pruned'; object: string}
		| {type: 'health-changed'; from: HealthStatusCode; to: HealthStatusCode; message: string}
		| {type: 'policy-changed'; changes: {autoSync?: boolean; selfHeal?: boolean; prune?: boolean}}
		| {type: 'reverted'; target: string; commit: CommitRef; pushed: boolean}
		| {type: 'rolled-back'; revision: CommitRef; turnedOff: Array<'auto-sync' | 'self-heal'>}
		| {type: 'rollout-action'; object: string; action: RolloutAction; full: boolean; patches: number}
		/** A sync changed a workload's pod template: its controller rolls out new pods with `images`. */
		| {type: 'rollout-started'; object: string; images: string[]}
		/** That rollout ended: the workload is live at the applied spec, Healthy or Degraded (`message`: why). */
		| {type: 'rollout-finished'; object: string; health: 'Healthy' | 'Degraded'; message: string; durationMs: number}
		| {
				type: 'source-edited';
				action: SourceEditAction;
				/** Display keys of the objects whose fields changed. */
				objects: string[];
				/** JSON pointers of the changed fields. */
				fields: string[];
				/** keep: the field managers that changed them live. */
				changedBy: string[];
				commit: CommitRef;
				pushed: boolean;
		  }
		| {
				type: 'error';
				operation: FailedOperation;
				refused: boolean;
				message: string;
				hint: string;
				/** What the operation was about: the reverted SHA, the Rollout action's object. */
				subject?: string;
				/** For a rollout: the action. */
				action?: RolloutAction;
		  }
	);

export type TimelineEventType = TimelineEvent['type'];
