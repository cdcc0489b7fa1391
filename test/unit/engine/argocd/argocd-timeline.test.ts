import {describe, expect, it} from 'vitest';
import {readApplicationReport} from '../../../../source/core/argocd/application-report.js';
import {argoTimelineEntries} from '../../../../source/engine/argocd/argocd-timeline.js';

const now = '2025-03-01T10:00:05Z';
const report = (status: Record<string, unknown>, automated?: Record<string, unknown>) =>
	readApplicationReport({metadata: {name: 'web', namespace: 'argocd'}, spec: automated ? {syncPolicy: {automated}} : {}, status});
const state = (phase: string, operation: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
	operationState: {phase, startedAt: '2025-03-01T10:00:01Z', message: `${phase} message`, operation, ...extra},
});

describe("timeline entries from Argo CD's reports", () => {
	it('the first report is history, not news', () => {
		expect(argoTimelineEntries(null, report({health: {status: 'Degraded'}, ...state('Succeeded', {})}), now)).toEqual([]);
	});

	it('a self-heal Argo CD starts and ends in one step gives both entries, initiator self-heal', () => {
		const heal = {initiatedBy: {automated: true}, sync: {autoHealAttemptsCount: 1, revision: 'abcdef1234'}};
		const results = {syncResult: {revision: 'abcdef1234', resources: [{kind: 'Deployment', name: 'web', status: 'Synced'}]}};
		const entries = argoTimelineEntries(
			report({}),
			report(state('Succeeded', heal, {finishedAt: '2025-03-01T10:00:02Z', ...results})),
			now,
		);
		expect(entries).toEqual([
			{
				type: 'sync-started',
				time: '2025-03-01T10:00:01Z',
				app: 'web',
				revision: {sha: 'abcdef1234', shortSha: 'abcdef1', subject: '', author: ''},
				by: 'Argo CD (self-heal)',
			},
			expect.objectContaining({
				type: 'synced',
				time: '2025-03-01T10:00:02Z',
				initiator: 'self-heal',
				applied: 1,
				pruned: 0,
				outcome: 'Succeeded message',
			}),
		]);
	});

	it('a running operation that fails ends with its failing objects; the same operation seen again adds nothing', () => {
		const user = {initiatedBy: {username: 'ana'}, sync: {}};
		const running = report(state('Running', user));
		const failed = report(
			state('Failed', user, {
				syncResult: {resources: [{kind: 'Service', namespace: 'demo', name: 'web', status: 'SyncFailed', message: 'invalid port'}]},
			}),
		);
		expect(argoTimelineEntries(running, running, now)).toEqual([]);
		expect(argoTimelineEntries(running, failed, now)).toEqual([
			expect.objectContaining({
				type: 'sync-failed',
				initiator: 'user',
				cause: 'failed',
				reason: 'Failed message',
				errors: ['Service/demo/web: invalid port'],
			}),
		]);
	});

	it('health and policy changes', () => {
		const before = report({health: {status: 'Healthy'}});
		const after = report({health: {status: 'Degraded', message: 'x'}}, {selfHeal: true});
		expect(argoTimelineEntries(before, after, now)).toEqual([
			{type: 'health-changed', time: now, app: 'web', from: 'Healthy', to: 'Degraded', message: 'x'},
			{type: 'policy-changed', time: now, app: 'web', changes: {autoSync: true, selfHeal: true}},
		]);
	});
});
