/**
 * The one place an app's state changes: a pure function from (state, event) to the next state.
 * Git, render and comparison events are folded here; sync and action events in
 * reduce-operations.ts. Timeline entries are added here, from the events' fields.
 */
import type {AppStatus} from '../core/app-status.js';
import {displayKey, keyString} from '../core/kube-object.js';
import {unknownStatus} from '../core/unknown-status.js';
import {type AppConditions, gitProblem, notifyProblem, withConditions} from './app-conditions.js';
import type {AppEvent, ObjectChange} from './app-events.js';
import type {AppState} from './app-state.js';
import {clusterUnavailableStatus, unknownLiveTree} from './cluster-unavailable.js';
import {reduceOperation, rolloutFinished} from './reduce-operations.js';
import {statusTransitions} from './status-transitions.js';
import {commitRef, withEntries, withStampedEntries} from './timeline-entries.js';
import type {TimelineEvent} from './timeline-event.js';
import {advanceRollouts} from './workload-rollouts.js';

export function reduceApp(state: AppState, event: AppEvent): AppState {
	switch (event.type) {
		case 'GitPolled':
			return withCondition({...state, poll: {...state.poll, lastFetch: iso(event.time), error: null}}, {git: null});
		case 'GitPollFailed': {
			const message = event.error.hint ? `${event.error.message} (${event.error.hint})` : event.error.message;
			let next: AppState = {...state, poll: {...state.poll, error: message}};
			if (state.poll.error !== message) {
				next = withEntries(next, event.time, [{type: 'error', operation: 'git', refused: false, ...messageOf(event.error)}]);
			}
			// Before the first render there is nothing else to show: the app is Unknown, with the error.
			// After it, the last good revision and its status stay, and a warning says why they are not newer.
			const shown = state.revisions[0];
			if (!shown) return publish(next, unknownStatus(state.definition, new Date(event.time), event.error, state.status), event.time);
			return withCondition(next, {git: gitProblem(event.error, shown.sha)});
		}
		case 'ClusterConnectionChanged':
			return withCondition(state, {cluster: event.problem});
		case 'NotificationFailed': {
			const problem = notifyProblem(event.error);
			if (problem === state.conditions.notify) return state;
			const next = withEntries(state, event.time, [{type: 'error', operation: 'notify', refused: false, ...messageOf(event.error)}]);
			return withCondition(next, {notify: problem});
		}
		case 'NotificationDelivered':
			return withCondition(state, {notify: null});
		case 'PollScheduled':
			return {...state, poll: {...state.poll, nextFetchAt: iso(event.nextFetchAt)}};
		case 'RevisionRendered': {
			const previous = state.revisions[0];
			const current = event.revisions[0];
			const changed = event.revisions.map(revision => revision.sha).join(',') !== state.revisions.map(revision => revision.sha).join(',');
			let next: AppState = {
				...state,
				desired: event.desired,
				revisions: event.revisions,
				notices: event.notices,
				renderError: null,
				renderEpoch: state.renderEpoch + 1,
			};
			if (changed && current) {
				// A new revision: what was in sync before says nothing about it, and old fights are over.
				next = {...next, syncedKeys: new Set(), heals: {...next.heals, streaks: new Map()}};
				next = withEntries(next, event.time, [{type: 'commit-seen', revision: commitRef(current), first: !previous}]);
			}
			return next;
		}
		case 'ClusterUnavailable': {
			// Git's side stays on screen; renderError makes the next poll try the cluster again. The
			// timeline gets the error once (statusTransitions), not on every retry.
			const next: AppState = {...state, renderError: event.error, tree: unknownLiveTree(state.desired)};
			return publish(
				next,
				clusterUnavailableStatus(state.definition, state.revisions, state.notices, event.error, new Date(event.time)),
				event.time,
			);
		}
		case 'RenderFailed':
			return publish(
				{...state, renderError: event.error},
				unknownStatus(state.definition, new Date(event.time), event.error, state.status),
				event.time,
			);
		case 'LiveCompared': {
			if (event.renderEpoch !== state.renderEpoch) return state;
			let next = publish({...state, tree: event.tree}, event.status, event.time, event.changes);
			if (state.adoptTracked) {
				// At start-up, objects driftwatch applied before (they carry this app's tracking) count as
				// deployed, so self-heal protects them even if they drifted while driftwatch was not running.
				next = {...next, adoptTracked: false, syncedKeys: union(next.syncedKeys, event.tracked)};
			}
			return next;
		}
		case 'PermissionsChecked':
			return {...state, permissions: event.permissions};
		case 'AutoSyncTriggered':
			return {...state, autoSyncedSha: event.revision};
		case 'HealScheduled': {
			const pending = new Map(state.heals.pending).set(event.key, {streak: event.streak, dueAt: event.time + event.delayMs});
			const next: AppState = {...state, heals: {...state.heals, pending}};
			if (!event.fight) return next;
			const object = state.status.objects.find(candidate => keyString(candidate.key) === event.key);
			const name = object ? displayKey(object.key) : event.key;
			return withEntries(next, event.time, [{type: 'heal-backoff', object: name, heals: event.streak, delayMs: event.delayMs}]);
		}
		case 'HealSkipped': {
			const pending = new Map(state.heals.pending);
			pending.delete(event.key);
			return {...state, heals: {...state.heals, pending}};
		}
		case 'HealStarted': {
			const pending = new Map(state.heals.pending);
			const streak = pending.get(event.key)?.streak ?? 0;
			pending.delete(event.key);
			const streaks = new Map(state.heals.streaks).set(event.key, {streak: streak + 1, lastHeal: event.time});
			return {...state, heals: {pending, streaks}};
		}
		default:
			return reduceOperation(state, event);
	}
}

/**
 * A new status: transitions recorded, rollouts that ended said (before the app's health change they
 * cause), objects seen in sync remembered (self-heal protects only those), and the deployed
 * revision found at start. With `changes`, only the reassessed objects are looked at (a watch
 * event costs what it touched).
 */
function publish(state: AppState, next: AppStatus, time: number, changes?: readonly ObjectChange[]): AppState {
	const now = new Date(time);
	const transitions = statusTransitions(state.evaluated ? state.status : null, next, now, changes);
	const {inProgress: rollouts, ended} = next.error
		? {inProgress: state.rollouts, ended: []}
		: advanceRollouts(state.rollouts, next.objects, time, changes);
	const stamp = {time: now.toISOString(), app: next.name};
	const finished: TimelineEvent[] = ended.map(end => ({...stamp, ...rolloutFinished(end)}));
	const entries = [
		...transitions.filter(entry => entry.type !== 'health-changed'),
		...finished,
		...transitions.filter(entry => entry.type === 'health-changed'),
	];
	const assessed = changes ? changes.map(change => change.after).filter(after => after !== undefined) : next.objects;
	const synced = assessed.filter(object => object.syncStatus === 'Synced').map(object => keyString(object.key));
	const deployedSha = state.deployedSha ?? (next.syncStatus === 'Synced' ? (next.revision?.sha ?? null) : null);
	const status = withConditions(next, state.conditions, state.conditions);
	return withStampedEntries(
		{...state, status, evaluated: true, syncedKeys: union(state.syncedKeys, synced), deployedSha, rollouts},
		entries,
	);
}

/** `state` with some conditions changed, and its status's warnings with them; the same state when none changes. */
function withCondition(state: AppState, patch: Partial<AppConditions>): AppState {
	const conditions = {...state.conditions, ...patch};
	if (
		conditions.git === state.conditions.git &&
		conditions.cluster === state.conditions.cluster &&
		conditions.notify === state.conditions.notify
	)
		return state;
	// Before the first evaluation the status is a placeholder: the first real one gets the conditions.
	const status = state.evaluated ? withConditions(state.status, state.conditions, conditions) : state.status;
	return {...state, conditions, status};
}

/** `set` with `keys` added; the same set when nothing is new (no copy per watch event). */
function union(set: ReadonlySet<string>, keys: readonly string[]): ReadonlySet<string> {
	if (keys.every(key => set.has(key))) return set;
	return new Set([...set, ...keys]);
}

function messageOf(error: {message: string; hint: string}): {message: string; hint: string} {
	return {message: error.message, hint: error.hint};
}

function iso(time: number): string {
	return new Date(time).toISOString();
}
