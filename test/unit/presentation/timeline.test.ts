/**
 * Every kind of timeline entry in words, from its fields alone: the sentences the timeline screen,
 * the JSON-lines `message` and the notifications show.
 */
import {describe, expect, it} from 'vitest';
import type {TimelineEvent} from '../../../source/engine/timeline-event.js';
import {describeNotification} from '../../../source/presentation/notification.js';
import {describeTimelineChange, describeTimelineEvent, timelineObject} from '../../../source/presentation/timeline.js';

const time = '2025-03-01T10:00:00.000Z';
const now = Date.parse(time) + 12_000;
const commit = {sha: '3f9a1c2e7b5d4a6f', shortSha: '3f9a1c2', subject: 'bump UI', author: 'Ana Lopez'};
const scaled = {path: '/spec/replicas', manager: 'kubectl', operation: 'Update', subresource: 'scale', time};
const drift = {
	object: 'Deployment/demo/web',
	drift: 'modified' as const,
	changedPaths: ['/spec/replicas', '/spec/paused'],
	attribution: [scaled],
};

type Fields = TimelineEvent extends infer E ? (E extends {type: string} ? Omit<E, 'time' | 'app'> : never) : never;
const entry = (fields: Fields): TimelineEvent => ({time, app: 'shop', ...fields});

describe('describeTimelineEvent', () => {
	it.each<[string, Fields, string]>([
		['the first commit', {type: 'commit-seen', revision: commit, first: true}, 'watching 3f9a1c2: bump UI'],
		['a new commit', {type: 'commit-seen', revision: commit, first: false}, 'new commit 3f9a1c2: bump UI (Ana Lopez)'],
		[
			'drift',
			{type: 'drift-detected', ...drift},
			'Deployment/demo/web: spec.replicas changed by kubectl (Update, scale); spec.paused changed',
		],
		[
			'a missing object',
			{type: 'drift-detected', object: 'ConfigMap/demo/c', drift: 'missing', changedPaths: [''], attribution: []},
			'ConfigMap/demo/c: missing in the cluster',
		],
		['drift resolved', {type: 'drift-resolved', object: 'Deployment/demo/web'}, 'Deployment/demo/web is in sync again'],
		['a sync started', {type: 'sync-started', revision: commit, by: 'ana'}, 'sync of 3f9a1c2 started by ana'],
		[
			'a sync',
			{type: 'synced', revision: commit, initiator: 'auto-sync', applied: 2, pruned: 1, outcome: 'synced: 2 applied, 1 pruned'},
			'synced 3f9a1c2 (auto-sync): synced: 2 applied, 1 pruned',
		],
		[
			'a read-only refusal',
			{type: 'sync-failed', initiator: 'user', cause: 'read-only', reason: 'read-only mode (--read-only)', errors: []},
			'sync refused: read-only mode (--read-only)',
		],
		[
			'a refusal',
			{type: 'sync-failed', initiator: 'auto-sync', cause: 'refused', reason: 'refusing to prune everything', errors: []},
			'sync refused: refusing to prune everything',
		],
		[
			'a failed heal',
			{type: 'sync-failed', initiator: 'self-heal', cause: 'failed', reason: 'apply failed', errors: ['Service/demo/web: invalid']},
			'self-heal failed: apply failed — Service/demo/web: invalid',
		],
		[
			'a heal',
			{type: 'healed', ...drift},
			'Deployment/demo/web: reverted (spec.replicas changed by kubectl (Update, scale); spec.paused changed)',
		],
		[
			'a backoff',
			{type: 'heal-backoff', object: 'Deployment/demo/web', heals: 4, delayMs: 6000},
			'Deployment/demo/web keeps changing back (4 heals in a row); next heal in 6s',
		],
		['a prune', {type: 'pruned', object: 'ConfigMap/demo/old'}, 'ConfigMap/demo/old deleted (no longer in Git)'],
		[
			'a health change',
			{type: 'health-changed', from: 'Healthy', to: 'Degraded', message: 'Caused by Pod/demo/web-1'},
			'Healthy → Degraded: Caused by Pod/demo/web-1',
		],
		['a policy change', {type: 'policy-changed', changes: {selfHeal: true, autoSync: false}}, 'auto-sync off, self-heal on'],
		['a revert', {type: 'reverted', target: 'aaaaaaa1bbbb', commit, pushed: true}, 'reverted aaaaaaa with 3f9a1c2: bump UI (pushed)'],
		[
			'a rollback',
			{type: 'rolled-back', revision: commit, turnedOff: ['auto-sync']},
			'rolled back to 3f9a1c2 (bump UI); auto-sync turned off so the next poll does not undo it',
		],
		[
			'a Rollouts action',
			{type: 'rollout-action', object: 'Rollout/demo/web', action: 'promote', full: true, patches: 1},
			'Rollout/demo/web: promote (full) sent (1 patch)',
		],
		[
			'a rollout a sync started',
			{type: 'rollout-started', object: 'Deployment/demo/web', images: ['nginx:1.28', 'busybox:1.36']},
			'Deployment/demo/web: rolling out nginx:1.28, busybox:1.36',
		],
		[
			'a rollout that ended Healthy',
			{type: 'rollout-finished', object: 'Deployment/demo/web', health: 'Healthy', message: '', durationMs: 4000},
			'Deployment/demo/web: rolled out in 4s: Healthy',
		],
		[
			'a rollout that ended Degraded',
			{
				type: 'rollout-finished',
				object: 'Deployment/demo/web',
				health: 'Degraded',
				message: 'Deployment "web" exceeded its progress deadline',
				durationMs: 600_000,
			},
			'Deployment/demo/web: rollout Degraded after 10m: Deployment "web" exceeded its progress deadline',
		],
		[
			'a Git error',
			{type: 'error', operation: 'git', refused: false, message: 'cannot fetch', hint: 'check the network'},
			'Git: cannot fetch (check the network)',
		],
		['an evaluation error', {type: 'error', operation: 'evaluation', refused: false, message: 'helm failed', hint: ''}, 'helm failed'],
		[
			'a refused revert',
			{type: 'error', operation: 'revert', refused: true, message: 'read-only mode (--read-only)', hint: ''},
			'revert refused: read-only mode (--read-only)',
		],
		[
			'a failed revert',
			{type: 'error', operation: 'revert', refused: false, message: 'merge conflict', hint: '', subject: 'aaaaaaa'},
			'revert of aaaaaaa failed: merge conflict',
		],
		[
			'a failed Rollouts action',
			{type: 'error', operation: 'rollout', action: 'abort', refused: false, message: 'not found', hint: '', subject: 'demo/web'},
			'rollout abort of demo/web failed: not found',
		],
		['an audit failure', {type: 'error', operation: 'audit', refused: false, message: 'EACCES', hint: ''}, 'audit log: EACCES'],
	])('says %s', (_name, fields, sentence) => {
		expect(describeTimelineEvent(entry(fields))).toBe(sentence);
	});

	it('adds ages to attributions when given the time, and leaves the object out for a column of its own', () => {
		const drifted = entry({type: 'drift-detected', ...drift});
		expect(timelineObject(drifted)).toBe('Deployment/demo/web');
		expect(describeTimelineChange(drifted, now)).toBe('spec.replicas changed by kubectl (Update, scale) 12s ago; spec.paused changed');
		expect(
			timelineObject(entry({type: 'synced', revision: null, initiator: 'user', applied: 0, pruned: 0, outcome: 'nothing to do'})),
		).toBeUndefined();
	});
});

describe('describeNotification', () => {
	it('says notifications as the timeline says their entries', () => {
		expect(describeNotification({kind: 'out-of-sync', app: 'shop', time, ...drift})).toBe(
			describeTimelineEvent(entry({type: 'drift-detected', ...drift})),
		);
		expect(
			describeNotification({kind: 'degraded', app: 'shop', time, from: 'Progressing', health: {status: 'Degraded', message: ''}}),
		).toBe('Progressing → Degraded');
	});
});
