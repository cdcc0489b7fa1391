/**
 * The engine's published state and its actions: the contract between the engine and its readers
 * (the Ink UI, the headless JSON-lines mode, the one-shot commands). Plain immutable data.
 */
import type {ArgoResourceResult, OperationPhase} from '../core/argocd/application-report.js';
import type {AppStatus, ResourceNode} from '../core/app-status.js';
import type {UnifiedLine} from '../core/line-diff.js';
import type {HealthStatus, ResourceKey, SyncStatusCode} from '../core/kube-object.js';
import type {LogsPort} from '../ports/logs.js';
import type {WatchState} from '../ports/watch.js';
import type {PlacedChange} from '../core/source-edit/edit-types.js';
import type {RolloutAction, SourceEditAction, TimelineEvent} from './timeline-event.js';

export type {ResourceNode} from '../core/app-status.js';

export type {WatchPhase, WatchState} from '../ports/watch.js';
export type {
	CommitRef,
	DriftFacts,
	FailedOperation,
	RolloutAction,
	SourceEditAction,
	SyncInitiator,
	TimelineEvent,
	TimelineEventType,
} from './timeline-event.js';

export interface AppPolicy {
	/** Apply new commits automatically. */
	autoSync: boolean;
	/** Revert live drift automatically. */
	selfHeal: boolean;
	/** Delete tracked objects that Git no longer has. */
	prune: boolean;
}

export interface SyncRecord {
	id: number;
	revision: string;
	subject: string;
	time: string;
	/** The kubeconfig user, or 'auto-sync' / 'self-heal'. */
	initiatedBy: string;
}

export interface Operation {
	action: 'sync' | 'prune' | 'heal' | 'revert' | 'rollback' | 'rollout';
	phase: 'Running' | 'Succeeded' | 'Failed' | 'Error';
	message: string;
	startedAt: string;
	finishedAt?: string;
}

export interface Permission {
	allowed: boolean;
	/** Why not, in plain words (read-only mode, RBAC verb denied...). */
	reason: string;
}

export interface PollState {
	lastFetch: string | null;
	nextFetchAt: string | null;
	error: string | null;
}

export interface AppView {
	name: string;
	/** False until the first evaluation (or its failure): the status is a placeholder until then. */
	evaluated: boolean;
	source: {repoURL: string; path: string; targetRevision: string};
	destination: {namespace: string; context: string; server: string};
	policy: AppPolicy;
	status: AppStatus;
	poll: PollState;
	/** Why the last notification could not be delivered; null when it was (or none was sent). */
	notifyError: string | null;
	tree: ResourceNode[];
	/** Newest first, bounded. */
	timeline: TimelineEvent[];
	/** Last 10 successful syncs, newest first. */
	history: SyncRecord[];
	operation: Operation | null;
	permissions: {sync: Permission; prune: Permission; revert: Permission};
	/** Set in Argo CD mode (`--argocd`): what Argo CD reports, and which facts are driftwatch's own. */
	argocd?: ArgoCdAppFacts;
}

/**
 * An app attached from Argo CD. Its sync status, health, operation, history and policy are Argo CD's;
 * diffs, attribution and the resource tree are driftwatch's, from its own render of the
 * Application's source at the revision Argo CD compared (Argo CD's rendered manifests are only
 * served by its API server) and the live objects.
 */
export interface ArgoCdAppFacts {
	/** The Application's namespace and project. */
	namespace: string;
	project: string;
	/** Argo CD's last comparison (`status.reconciledAt`). */
	reconciledAt: string | null;
	/** The revision Argo CD compared against. */
	revision: string | null;
	/**
	 * Per-object health: Argo CD's (`status.resources[].health`), or driftwatch's rules on the live
	 * objects when Argo CD keeps it out of the Application (v3's default, `resourceHealthSource: appTree`).
	 */
	resourceHealth: 'argocd' | 'driftwatch';
	/** The app's health message: Argo CD's, or driftwatch's from the objects' health (Argo CD v3 leaves it empty). */
	healthMessage: 'argocd' | 'driftwatch' | 'none';
	/** driftwatch's own verdict on its render, beside Argo CD's; null while it has none (and `error` says why). */
	driftwatch: {syncStatus: SyncStatusCode; health: HealthStatus} | null;
	/** Why driftwatch has no comparison of its own (the source cannot be rendered here, no kubeconfig context for the destination...). */
	comparisonError: string | null;
	conditions: Array<{type: string; message: string}>;
	/** Set while a refresh asked of Argo CD is pending. */
	refreshing: 'normal' | 'hard' | null;
	/** The current or last operation as Argo CD reports it, with each object's result. */
	operation: ArgoCdOperationFacts | null;
}

export interface ArgoCdOperationFacts {
	phase: OperationPhase | 'Requested';
	message: string;
	startedAt: string | null;
	finishedAt: string | null;
	initiatedBy: string;
	automated: boolean;
	revision: string;
	prune: boolean;
	retryCount: number;
	results: ArgoResourceResult[];
}

export interface EngineSnapshot {
	apps: AppView[];
	readOnly: boolean;
	user: string;
	context: string;
	server: string;
	watches: WatchState[];
	/** Increases with every change; cheap equality for renderers. */
	version: number;
	/** Set in Argo CD mode: the namespace whose Applications are shown. */
	argocd?: {namespace: string};
}

export interface SyncRequest {
	/** Only these objects (keyString form 'group/Kind/namespace/name' or 'Kind/name'); default all. */
	resources?: string[];
	prune?: boolean;
	dryRun?: boolean;
}

/** A commit of a source edit as planned: the exact file diff, shown before anything is written. */
export interface EditView {
	repo: string;
	branch: string;
	/** The commit the plan was made on (the commit is rebased on the branch head when it moved). */
	base: string;
	/** True for a remote (the commit is pushed). */
	pushes: boolean;
	/** `git diff`-style unified diff per file. */
	files: Array<{path: string; created: boolean; diff: string}>;
	/** Each field change and where it is written. */
	changes: PlacedChange[];
	message: string;
}

/** The plan a mutating action would carry out, shown for confirmation before it runs. */
export interface ActionPlan {
	action: 'sync' | 'revert' | 'rollback' | SourceEditAction;
	app: string;
	apply: string[];
	delete: string[];
	commit?: {sha: string; subject: string};
	notes: string[];
	/** keep, set-image, promote: the commit to be made. */
	edit?: EditView;
	/** Set when the action cannot run at all (read-only, forbidden, nothing to do). */
	blockedReason?: string;
}

export interface ActionResult {
	ok: boolean;
	message: string;
	applied: string[];
	deleted: string[];
	errors: string[];
	/** A sync's hooks, in the order run, with their result. */
	hooks?: HookResult[];
}

/** One hook a sync ran (or, for a dry run, would run). */
export interface HookResult {
	/** 'Job/demo/migrate' */
	object: string;
	phase: string;
	state: 'Running' | 'Succeeded' | 'Failed';
	message: string;
	/** Deleted by its hook-delete-policy. */
	deleted: boolean;
}

export interface CommitView {
	sha: string;
	shortSha: string;
	subject: string;
	author: string;
	date: string;
	deployed: boolean;
}

export interface EngineActions {
	planSync(app: string, request?: SyncRequest): Promise<ActionPlan>;
	sync(app: string, request?: SyncRequest): Promise<ActionResult>;
	planRevert(app: string, sha?: string): Promise<ActionPlan>;
	revert(app: string, sha?: string): Promise<ActionResult>;
	planRollback(app: string, historyId: number): Promise<ActionPlan>;
	rollback(app: string, historyId: number): Promise<ActionResult>;
	setPolicy(app: string, patch: Partial<AppPolicy>): void;
	/** Fetch Git and relist now; in Argo CD mode also ask Argo CD to compare again (`hard`: and to read Git again). */
	refresh(app?: string, options?: {hard?: boolean}): Promise<void>;
	commits(app: string, limit?: number): Promise<CommitView[]>;
	liveObject(app: string, key: ResourceKey): Promise<unknown>;
	/** Rollback to any commit of the source (the CLI's `rollback REVISION`). */
	rollbackToRevision(app: string, revision: string): Promise<ActionResult>;
	/** Argo Rollouts promote / abort / pause / resume of a Rollout in the app's namespace; `full`: promote past every step. */
	rollout(app: string, name: string, action: RolloutAction, options?: {full?: boolean}): Promise<ActionResult>;
	/** One object's unified diff with the whole object as context (the diff screen's full mode). */
	fullDiff(app: string, key: ResourceKey): Promise<UnifiedLine[]>;
	/**
	 * Streams a pod's log lines until the returned function is called. `previous`: the log of the
	 * container's previous run (what crashed, for a CrashLoopBackOff), not followed.
	 */
	followLogs: LogsPort;
	/**
	 * Keep the live change of a drifted object: its drifted fields' live values, written to the files
	 * in Git that produce them. While planned (and until the confirmation is answered or expires) and
	 * while it runs, self-heal and auto-sync leave the object alone.
	 */
	planKeep(app: string, key: ResourceKey): Promise<ActionPlan>;
	/** Commits the plan shown by planKeep (planned anew if none), then syncs the kept object (a no-op live). */
	keep(app: string, key: ResourceKey): Promise<ActionResult>;
	/** The keep's confirmation was cancelled: the policies may act on the object again. */
	releaseKeep(app: string, key: ResourceKey): void;
	/** `CONTAINER=IMAGE[:TAG]` assignments, set in the app's source; `resources`: only these workloads ('Deployment/web'). */
	planSetImage(app: string, assignments: string[], resources?: string[]): Promise<ActionPlan>;
	setImage(app: string, assignments: string[], resources?: string[]): Promise<ActionResult>;
	/** Environment `from`'s images to environment `to` (apps named `to` or `*-to`, else directories or value files under the app's path). */
	planPromote(app: string, from: string, to: string): Promise<ActionPlan>;
	promote(app: string, from: string, to: string): Promise<ActionResult>;
}

export interface EngineStore {
	getSnapshot(): EngineSnapshot;
	subscribe(listener: () => void): () => void;
}
