/**
 * The engine's published state and its actions: the contract between the engine and its readers
 * (the Ink UI, the headless JSON-lines mode, the one-shot commands). Plain immutable data.
 */
import type {AppStatus, FieldAttribution, ResourceNode} from '../core/app-status.js';
import type {ResourceKey} from '../core/kube-object.js';
import type {LogsPort} from '../ports/logs.js';
import type {WatchState} from '../ports/watch.js';

export type {ResourceNode} from '../core/app-status.js';

export type {WatchPhase, WatchState} from '../ports/watch.js';

export interface AppPolicy {
	/** Apply new commits automatically. */
	autoSync: boolean;
	/** Revert live drift automatically. */
	selfHeal: boolean;
	/** Delete tracked objects that Git no longer has. */
	prune: boolean;
}

export type TimelineEventType =
	| 'commit-seen'
	| 'drift-detected'
	| 'drift-resolved'
	| 'sync-started'
	| 'synced'
	| 'sync-failed'
	| 'healed'
	| 'heal-backoff'
	| 'pruned'
	| 'health-changed'
	| 'policy-changed'
	| 'reverted'
	| 'rolled-back'
	| 'rollout-action'
	| 'error';

export interface TimelineEvent {
	/** ISO time. */
	time: string;
	type: TimelineEventType;
	app: string;
	message: string;
	/** 'Deployment/demo/web' when the event is about one object. */
	object?: string;
	attribution?: FieldAttribution[];
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
	source: {repoURL: string; path: string; targetRevision: string};
	destination: {namespace: string; context: string; server: string};
	policy: AppPolicy;
	status: AppStatus;
	poll: PollState;
	tree: ResourceNode[];
	/** Newest first, bounded. */
	timeline: TimelineEvent[];
	/** Last 10 successful syncs, newest first. */
	history: SyncRecord[];
	operation: Operation | null;
	permissions: {sync: Permission; prune: Permission; revert: Permission};
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
}

export interface SyncRequest {
	/** Only these objects (keyString form 'group/Kind/namespace/name' or 'Kind/name'); default all. */
	resources?: string[];
	prune?: boolean;
	dryRun?: boolean;
}

/** The plan a mutating action would carry out, shown for confirmation before it runs. */
export interface ActionPlan {
	action: 'sync' | 'revert' | 'rollback';
	app: string;
	apply: string[];
	delete: string[];
	commit?: {sha: string; subject: string};
	notes: string[];
	/** Set when the action cannot run at all (read-only, forbidden, nothing to do). */
	blockedReason?: string;
}

export interface ActionResult {
	ok: boolean;
	message: string;
	applied: string[];
	deleted: string[];
	errors: string[];
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
	/** Fetch Git and relist now. */
	refresh(app?: string): Promise<void>;
	commits(app: string, limit?: number): Promise<CommitView[]>;
	liveObject(app: string, key: ResourceKey): Promise<unknown>;
	/**
	 * Streams a pod's log lines until the returned function is called. `previous`: the log of the
	 * container's previous run (what crashed, for a CrashLoopBackOff), not followed.
	 */
	followLogs: LogsPort;
}

export interface EngineStore {
	getSnapshot(): EngineSnapshot;
	subscribe(listener: () => void): () => void;
}
