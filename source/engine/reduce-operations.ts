/**
 * The reducer's half for what operations do: syncs (manual, auto-sync, self-heal, rollback),
 * policy changes, reverts, rollbacks, Rollouts actions and failed actions. Pure.
 */
import {displayKey} from '../core/kube-object.js';
import type {AppEvent} from './app-events.js';
import type {AppState} from './app-state.js';
import {commitRef, type EntryFields, withEntries} from './timeline-entries.js';
import type {DriftFacts} from './timeline-event.js';
import {advanceRollouts, type RolloutEnd} from './workload-rollouts.js';

type OperationEvent = Exclude<
	AppEvent,
	{
		type:
			| 'GitPolled'
			| 'GitPollFailed'
			| 'ClusterConnectionChanged'
			| 'NotificationFailed'
			| 'NotificationDelivered'
			| 'PollScheduled'
			| 'RevisionRendered'
			| 'RenderFailed'
			| 'ClusterUnavailable'
			| 'LiveCompared'
			| 'PermissionsChecked'
			| 'AutoSyncTriggered'
			| 'HealScheduled'
			| 'HealSkipped'
			| 'HealStarted';
	}
>;

export function reduceOperation(state: AppState, event: OperationEvent): AppState {
	switch (event.type) {
		case 'SyncRefused':
			return withEntries(state, event.time, [
				{type: 'sync-failed', initiator: event.initiator, cause: event.cause, reason: event.reason, errors: []},
			]);
		case 'SyncStarted': {
			const next: AppState = {
				...state,
				operation: {
					action: event.initiator === 'self-heal' ? 'heal' : 'sync',
					phase: 'Running',
					message: `applying ${event.applies}, pruning ${event.prunes}`,
					startedAt: iso(event.time),
				},
				healing: event.initiator === 'self-heal' && !event.dryRun ? driftOf(state) : undefined,
			};
			if (event.dryRun || event.initiator !== 'user') return next;
			return withEntries(next, event.time, [
				{type: 'sync-started', revision: event.revision ? commitRef(event.revision) : null, by: event.by},
			]);
		}
		case 'SyncProgressed':
			if (state.operation?.phase !== 'Running' || state.operation.message === event.message) return state;
			return {...state, operation: {...state.operation, message: event.message}};
		case 'SyncFinished':
			return syncFinished(state, event);
		case 'PolicyChanged':
			return withEntries({...state, policy: {...state.policy, ...event.patch}}, event.time, [
				{type: 'policy-changed', changes: {...event.patch}},
			]);
		case 'Reverted':
			return withEntries(state, event.time, [{type: 'reverted', target: event.target, commit: event.commit, pushed: event.pushed}]);
		case 'RollbackStarted':
			// Otherwise the next poll would deploy Git's revision again, and self-heal undo the rollback.
			return {...state, policy: {...state.policy, autoSync: false, selfHeal: false}};
		case 'RolledBack':
			// The cluster now runs an older revision: Git's is no longer "auto-synced already" (turning
			// auto-sync back on deploys it, as in Argo CD), and what the rollback changed is not drift.
			return withEntries({...state, autoSyncedSha: null, syncedKeys: new Set()}, event.time, [
				{type: 'rolled-back', revision: event.revision, turnedOff: event.turnedOff},
			]);
		case 'RolloutActionSent':
			return withEntries(state, event.time, [
				{type: 'rollout-action', object: event.object, action: event.action, full: event.full, patches: event.patches},
			]);
		case 'KeepHeld':
			return {...state, keeping: new Map(state.keeping).set(event.key, event.until)};
		case 'KeepReleased': {
			if (!state.keeping.has(event.key)) return state;
			const keeping = new Map(state.keeping);
			keeping.delete(event.key);
			return {...state, keeping};
		}
		case 'SourceEdited': {
			const {edit} = event;
			return withEntries(state, event.time, [
				{
					type: 'source-edited',
					action: edit.action,
					objects: edit.objects,
					fields: edit.fields,
					changedBy: edit.changedBy,
					commit: edit.commit,
					pushed: edit.pushed,
				},
			]);
		}
		case 'ActionFailed':
			return withEntries(state, event.time, [
				{
					type: 'error',
					operation: event.operation,
					refused: event.refused,
					message: event.error.message,
					hint: event.error.hint,
					...(event.subject ? {subject: event.subject} : {}),
					...(event.action ? {action: event.action} : {}),
				},
			]);
	}
}

/** The drifted objects of `state`, by display key. */
function driftOf(state: AppState): Map<string, DriftFacts> {
	const drifted = new Map<string, DriftFacts>();
	for (const object of state.status.objects) {
		if (object.drift === 'none') continue;
		const key = displayKey(object.key);
		drifted.set(key, {object: key, drift: object.drift, changedPaths: object.changedPaths, attribution: object.attribution});
	}
	return drifted;
}

function syncFinished(state: AppState, event: Extract<AppEvent, {type: 'SyncFinished'}>): AppState {
	const {result} = event;
	const operation = state.operation && {...state.operation, phase: result.phase, message: result.message, finishedAt: iso(event.time)};
	let next: AppState = {...state, operation, healing: undefined};
	if (event.dryRun) return next;
	if (!result.ok) {
		return withEntries(next, event.time, [
			{type: 'sync-failed', initiator: event.initiator, cause: 'failed', reason: result.message, errors: result.errors},
		]);
	}
	const entries: EntryFields[] = [];
	next = {...next, syncedKeys: new Set([...state.syncedKeys, ...event.appliedKeys])};
	if (event.initiator === 'self-heal') {
		// What drifted when the heal started: the applied object's own watch event may have put it
		// back in sync before this result was folded.
		const drifted = state.healing ?? driftOf(state);
		for (const applied of result.applied) {
			const facts = drifted.get(applied);
			if (facts) entries.push({type: 'healed', ...facts});
		}
	} else {
		const revision = event.revision;
		next = {...next, deployedSha: revision?.sha ?? state.deployedSha};
		entries.push({
			type: 'synced',
			revision: revision ? commitRef(revision) : null,
			initiator: event.initiator,
			applied: result.applied.length,
			pruned: result.deleted.length,
			outcome: result.message,
		});
		if (revision) {
			const record = {
				id: (state.history[0]?.id ?? 0) + 1,
				revision: revision.sha,
				subject: revision.subject,
				time: iso(event.time),
				initiatedBy: event.by,
			};
			next = {...next, history: [record, ...state.history].slice(0, state.definition.revisionHistoryLimit)};
		}
	}
	for (const deleted of result.deleted) entries.push({type: 'pruned', object: deleted});
	if (event.rollouts.length > 0) {
		const started = new Map(next.rollouts);
		for (const rollout of event.rollouts) {
			started.set(rollout.key, {object: rollout.object, images: rollout.images, since: event.time});
			entries.push({type: 'rollout-started', object: rollout.object, images: rollout.images});
		}
		// A sync that waited for health (waves, hooks) may find a rollout already over.
		const {inProgress, ended} = advanceRollouts(started, next.status.objects, event.time);
		next = {...next, rollouts: inProgress};
		entries.push(...ended.map(rolloutFinished));
	}
	return withEntries(next, event.time, entries);
}

/** The timeline entry of a rollout that ended. */
export function rolloutFinished(end: RolloutEnd): EntryFields {
	return {type: 'rollout-finished', object: end.object, health: end.health, message: end.message, durationMs: end.durationMs};
}

function iso(time: number): string {
	return new Date(time).toISOString();
}
