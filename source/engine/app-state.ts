/**
 * Everything the engine knows about one app, as one immutable value. Only the reducer
 * (reduce-app.ts) makes a new one; the runtime holds the current one, and readers get an AppView
 * of it. Sets and maps in here are never changed in place: a change makes a new one.
 */
import type {DriftFacts} from './timeline-event.js';
import type {RolloutInProgress} from './workload-rollouts.js';
import type {AppDefinition} from '../core/app-definition.js';
import type {AppError, AppStatus, ResourceNode, RevisionInfo} from '../core/app-status.js';
import type {KubeObject} from '../core/kube-object.js';
import {unknownStatus} from '../core/unknown-status.js';
import {type AppConditions, noConditions} from './app-conditions.js';
import type {AppPolicy, AppView, Operation, Permission, PollState, SyncRecord, TimelineEvent} from './engine-state.js';

/** Self-heal bookkeeping per object key: heals waiting for their timer, and fights so far. */
export interface HealState {
	/** Scheduled heals: the streak measured when the drift came back, and when the timer fires (epoch ms). */
	readonly pending: ReadonlyMap<string, {streak: number; dueAt: number}>;
	/** Heals in a row of each object and when the last one ran (epoch ms). */
	readonly streaks: ReadonlyMap<string, {streak: number; lastHeal: number}>;
}

export interface AppState {
	readonly name: string;
	readonly definition: AppDefinition;
	readonly readOnly: boolean;
	readonly policy: AppPolicy;
	readonly status: AppStatus;
	/** False until the first evaluation or its failure. */
	readonly evaluated: boolean;
	readonly tree: ResourceNode[];
	/** Newest first, at most {@link timelineLimit}. */
	readonly timeline: TimelineEvent[];
	/** Entries ever added: the new ones of a step are the first (after - before) of `timeline`. */
	readonly timelineCount: number;
	readonly history: SyncRecord[];
	readonly operation: Operation | null;
	readonly poll: PollState;
	readonly permissions: AppView['permissions'];
	/** Desired objects of the current target revision, namespaces filled in. */
	readonly desired: readonly KubeObject[];
	readonly revisions: readonly RevisionInfo[];
	readonly notices: readonly string[];
	/** Set while the current revision cannot be rendered. */
	readonly renderError: AppError | null;
	/** Increases with every render, so a comparison of an older render is dropped. */
	readonly renderEpoch: number;
	/** The revision last synced by driftwatch (or found in sync at start). */
	readonly deployedSha: string | null;
	/** Auto-sync acts once per revision, as Argo CD does. */
	readonly autoSyncedSha: string | null;
	/** Objects seen Synced under the current revision (keyString): only those are self-healed. */
	readonly syncedKeys: ReadonlySet<string>;
	/** True until the first comparison adopted the objects that carry this app's tracking. */
	readonly adoptTracked: boolean;
	readonly heals: HealState;
	/** Faults that last (cluster unreachable, Git fetch failing, notifications failing): status warnings while they hold. */
	readonly conditions: AppConditions;
	/** Objects (keyString) whose live change is being kept, and until when (epoch ms): the policies leave them alone. */
	readonly keeping: ReadonlyMap<string, number>;
	/** Workloads (keyString) a sync is rolling out, until they are live at the applied spec and Healthy or Degraded. */
	readonly rollouts: ReadonlyMap<string, RolloutInProgress>;
	/**
	 * While a self-heal runs: what had drifted when it started (by display key). The watch event of a
	 * healed object can be compared before the sync's result is folded, so its drift is gone by then.
	 */
	readonly healing?: ReadonlyMap<string, DriftFacts>;
}

export const timelineLimit = 200;

/** The state of an app before anything happened: status "Not evaluated yet". */
export function initialAppState(definition: AppDefinition, policy: AppPolicy, readOnly: boolean, now: number): AppState {
	const pending: Permission = {allowed: !readOnly, reason: readOnly ? 'read-only mode (--read-only)' : ''};
	return {
		name: definition.name,
		definition,
		readOnly,
		policy: {...policy},
		status: unknownStatus(definition, new Date(now)),
		evaluated: false,
		tree: [],
		timeline: [],
		timelineCount: 0,
		history: [],
		operation: null,
		poll: {lastFetch: null, nextFetchAt: null, error: null},
		permissions: {sync: pending, prune: pending, revert: pending},
		desired: [],
		revisions: [],
		notices: [],
		renderError: null,
		renderEpoch: 0,
		deployedSha: null,
		autoSyncedSha: null,
		syncedKeys: new Set(),
		adoptTracked: true,
		heals: {pending: new Map(), streaks: new Map()},
		conditions: noConditions,
		keeping: new Map(),
		rollouts: new Map(),
	};
}

/** The timeline entries `next` added to `previous`, oldest first. */
export function addedEntries(previous: AppState, next: AppState): TimelineEvent[] {
	const added = Math.min(next.timelineCount - previous.timelineCount, next.timeline.length);
	return next.timeline.slice(0, added).reverse();
}

/** What readers see of an app. */
export function viewOf(state: AppState, destination: {context: string; server: string}): AppView {
	const source = state.definition.sources[0];
	return {
		name: state.name,
		evaluated: state.evaluated,
		source: {repoURL: source?.repoURL ?? '', path: source?.path ?? '', targetRevision: source?.targetRevision ?? ''},
		destination: {namespace: state.definition.destination.namespace, context: destination.context, server: destination.server},
		policy: state.policy,
		status: state.status,
		poll: state.poll,
		notifyError: state.conditions.notify,
		tree: state.tree,
		timeline: state.timeline,
		history: state.history,
		operation: state.operation,
		permissions: state.permissions,
	};
}
