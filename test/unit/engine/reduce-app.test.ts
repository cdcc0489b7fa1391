/**
 * The reducer alone: each event's effect on an app's state and timeline, on plain values. The
 * runtime and the operations only dispatch these events, so this is where state changes are
 * pinned down.
 */
import {describe, expect, it} from 'vitest';
import {keyString} from '../../../source/core/kube-object.js';
import type {AppEvent, SyncResultFacts} from '../../../source/engine/app-events.js';
import {addedEntries, timelineLimit} from '../../../source/engine/app-state.js';
import {appStatus, compared, configKey, fold, initial, objectState, rendered, revision, t0, webKey} from './support/states.js';

const ok: SyncResultFacts = {
	ok: true,
	phase: 'Succeeded',
	message: 'synced: 2 applied, 0 pruned',
	applied: ['Deployment/demo/web', 'ConfigMap/demo/config'],
	deleted: [],
	errors: [],
};

function started(fields: Partial<Extract<AppEvent, {type: 'SyncStarted'}>> = {}): AppEvent {
	return {
		type: 'SyncStarted',
		time: t0,
		initiator: 'user',
		revision: revision('bbbbbbb2', 'second'),
		dryRun: false,
		applies: 2,
		prunes: 0,
		by: 'ana',
		...fields,
	};
}

function finished(fields: Partial<Extract<AppEvent, {type: 'SyncFinished'}>> = {}): AppEvent {
	return {
		type: 'SyncFinished',
		time: t0 + 1000,
		initiator: 'user',
		revision: revision('bbbbbbb2', 'second'),
		dryRun: false,
		result: ok,
		appliedKeys: [keyString(webKey), keyString(configKey)],
		rollouts: [],
		objects: ['Deployment/demo/web', 'ConfigMap/demo/config'],
		by: 'ana',
		user: 'ana',
		...fields,
	};
}

describe('reduceApp: Git and comparisons', () => {
	it('records the first revision as watched and later ones as new commits', () => {
		const state = rendered(rendered(initial(), 'aaaaaaa1'), 'bbbbbbb2');
		expect(state.timeline.map(entry => entry.type === 'commit-seen' && [entry.revision.shortSha, entry.first])).toEqual([
			['bbbbbbb', false],
			['aaaaaaa', true],
		]);
		expect(state.renderEpoch).toBe(2);
	});

	it('drops a comparison made for an older render', () => {
		const state = rendered(initial());
		const stale = fold(state, {
			type: 'LiveCompared',
			time: t0,
			renderEpoch: state.renderEpoch - 1,
			status: appStatus([]),
			tree: [],
			changes: [],
			tracked: [],
		});
		expect(stale).toBe(state);
	});

	it('marks the app evaluated, remembers objects seen in sync, and the deployed revision found at start', () => {
		const state = compared(rendered(initial()), [objectState(webKey), objectState(configKey, 'modified')]);
		expect(state.evaluated).toBe(true);
		expect([...state.syncedKeys]).toEqual([keyString(webKey)]);
		expect(state.deployedSha).toBeNull();
		expect(compared(state, [objectState(webKey), objectState(configKey)]).deployedSha).toBe('aaaaaaa1');
	});

	it('keeps the same set of synced keys when nothing new is in sync (no copy per watch event)', () => {
		const state = compared(rendered(initial()), [objectState(webKey)]);
		expect(compared(state, [objectState(webKey)]).syncedKeys).toBe(state.syncedKeys);
	});

	it('makes the app Unknown on a render failure, keeping what was known', () => {
		const state = compared(rendered(initial()), [objectState(webKey)]);
		const failed = fold(state, {
			type: 'RenderFailed',
			time: t0,
			error: {code: 'render-failed', message: 'helm failed', hint: 'fix values.yaml'},
		});
		expect(failed.status).toMatchObject({
			syncStatus: 'Unknown',
			health: {status: 'Unknown', message: 'helm failed (fix values.yaml)'},
			objects: state.status.objects,
		});
		expect(failed.renderError?.code).toBe('render-failed');
		expect(failed.timeline[0]).toMatchObject({type: 'error', operation: 'evaluation', message: 'helm failed', hint: 'fix values.yaml'});
	});

	it('bounds the timeline and counts what each step added', () => {
		let state = compared(rendered(initial()), [objectState(webKey)]);
		for (let index = 0; index < timelineLimit + 5; index++)
			state = fold(state, {type: 'PolicyChanged', time: t0 + index, patch: {prune: index % 2 === 0}, user: 'ana'});
		expect(state.timeline).toHaveLength(timelineLimit);
		const next = fold(state, {type: 'PolicyChanged', time: t0, patch: {autoSync: true}, user: 'ana'});
		expect(addedEntries(state, next)).toEqual([expect.objectContaining({type: 'policy-changed', changes: {autoSync: true}})]);
		expect(next.policy.autoSync).toBe(true);
	});
});

describe('reduceApp: syncs', () => {
	const base = () => compared(rendered(initial()), [objectState(webKey, 'modified'), objectState(configKey, 'missing')]);

	it('a user sync: operation running, then the history, the deployed revision and the synced entry', () => {
		const running = fold(base(), started());
		expect(running.operation).toMatchObject({action: 'sync', phase: 'Running', message: 'applying 2, pruning 0'});
		expect(running.timeline[0]).toMatchObject({type: 'sync-started', by: 'ana', revision: {shortSha: 'bbbbbbb'}});
		const done = fold(running, finished());
		expect(done.operation).toMatchObject({phase: 'Succeeded', finishedAt: new Date(t0 + 1000).toISOString()});
		expect(done.deployedSha).toBe('bbbbbbb2');
		expect(done.history).toEqual([
			{id: 1, revision: 'bbbbbbb2', subject: 'second', time: new Date(t0 + 1000).toISOString(), initiatedBy: 'ana'},
		]);
		expect(done.timeline[0]).toMatchObject({
			type: 'synced',
			initiator: 'user',
			applied: 2,
			pruned: 0,
			outcome: 'synced: 2 applied, 0 pruned',
		});
		expect(done.syncedKeys.has(keyString(configKey))).toBe(true);
	});

	it('a self-heal: healed entries from the drift it fixed, no history', () => {
		const done = fold(base(), finished({initiator: 'self-heal', by: 'self-heal', result: {...ok, applied: ['Deployment/demo/web']}}));
		expect(done.history).toEqual([]);
		expect(done.timeline.map(entry => entry.type)).toEqual(['healed', 'commit-seen']);
		expect(done.timeline[0]).toMatchObject({object: 'Deployment/demo/web', drift: 'modified', changedPaths: ['/spec/replicas']});
	});

	it('a self-heal whose object is seen back in sync before its result: still a healed entry, with the drift it fixed', () => {
		const healing = fold(base(), started({initiator: 'self-heal', revision: revision('aaaaaaa1', 'first'), applies: 1, by: 'self-heal'}));
		// The apply's own watch event is compared first: the Deployment is in sync again.
		const seenInSync = compared(healing, [objectState(webKey), objectState(configKey, 'missing')]);
		const done = fold(seenInSync, finished({initiator: 'self-heal', by: 'self-heal', result: {...ok, applied: ['Deployment/demo/web']}}));
		const healed = done.timeline.filter(entry => entry.type === 'healed');
		expect(healed).toEqual([expect.objectContaining({object: 'Deployment/demo/web', drift: 'modified', changedPaths: ['/spec/replicas']})]);
		expect(done.healing).toBeUndefined();
	});

	it('a dry run changes nothing but the operation; a failure records why; prunes are entries of their own', () => {
		const dry = fold(base(), finished({dryRun: true}));
		expect(dry.history).toEqual([]);
		expect(dry.timeline).toEqual(base().timeline);
		const failed = fold(
			base(),
			finished({
				result: {ok: false, phase: 'Failed', message: 'dry run failed', applied: [], deleted: [], errors: ['Service/demo/web: invalid']},
			}),
		);
		expect(failed.timeline[0]).toMatchObject({
			type: 'sync-failed',
			cause: 'failed',
			reason: 'dry run failed',
			errors: ['Service/demo/web: invalid'],
		});
		expect(failed.deployedSha).toBeNull();
		const pruned = fold(base(), finished({result: {...ok, deleted: ['ConfigMap/demo/old']}}));
		expect(pruned.timeline.slice(0, 2).map(entry => entry.type)).toEqual(['pruned', 'synced']);
	});

	it('keeps revisionHistoryLimit syncs, newest first', () => {
		let state = base();
		for (let index = 0; index < 12; index++) state = fold(state, finished({revision: revision(`c${index}`)}));
		expect(state.history.map(record => record.id)).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3]);
	});

	it('a rollback turns auto-sync and self-heal off, then forgets the auto-synced revision and what was in sync', () => {
		let state = fold(initial({policy: {autoSync: true, selfHeal: true, prune: true}}), {type: 'AutoSyncTriggered', revision: 'aaaaaaa1'});
		state = compared(rendered(state), [objectState(webKey)]);
		state = fold(state, {type: 'RollbackStarted', time: t0});
		expect(state.policy).toEqual({autoSync: false, selfHeal: false, prune: true});
		state = fold(state, {
			type: 'RolledBack',
			time: t0,
			revision: {sha: 'aaaaaaa0', shortSha: 'aaaaaaa', subject: 'first', author: 'Ana'},
			turnedOff: ['auto-sync', 'self-heal'],
			ok: true,
			user: 'ana',
		});
		expect(state.autoSyncedSha).toBeNull();
		expect(state.syncedKeys.size).toBe(0);
		expect(state.timeline[0]).toMatchObject({type: 'rolled-back', turnedOff: ['auto-sync', 'self-heal']});
	});
});
