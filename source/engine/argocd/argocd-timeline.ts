/**
 * Timeline entries from what Argo CD reports, as pure functions of two successive reports of one
 * Application: an operation that started or ended (with its initiator, counts and outcome), an app
 * health change, a sync policy change. The first report of an app (at start-up, or when it appears)
 * adds nothing: its past is Argo CD's history, not news.
 */
import {type ApplicationReport, type ArgoOperationState, effectivePolicy, operationEnded} from '../../core/argocd/application-report.js';
import {displayKey} from '../../core/kube-object.js';
import type {CommitRef, SyncInitiator, TimelineEvent} from '../timeline-event.js';

/** The entries `next` adds to `previous`, oldest first; `now` is the ISO time for changes Argo CD does not time. */
export function argoTimelineEntries(previous: ApplicationReport | null, next: ApplicationReport, now: string): TimelineEvent[] {
	if (previous === null) return [];
	const app = next.name;
	const entries: TimelineEvent[] = [];
	const before = previous.operationState;
	const after = next.operationState;
	if (after) {
		const isNew = !before || sameOperation(before, after) === false;
		const revision = commitOf(after.request.revision || next.revision);
		if (isNew) entries.push({type: 'sync-started', time: after.startedAt || now, app, revision, by: starter(after)});
		if (operationEnded(after) && (isNew || !operationEnded(before))) entries.push(endEntry(after, app, now));
	}
	if (previous.health && next.health && previous.health.status !== next.health.status) {
		entries.push({
			type: 'health-changed',
			time: now,
			app,
			from: previous.health.status,
			to: next.health.status,
			message: next.health.message,
		});
	}
	const was = effectivePolicy(previous.automated);
	const is = effectivePolicy(next.automated);
	const changes: {autoSync?: boolean; selfHeal?: boolean; prune?: boolean} = {};
	for (const name of ['autoSync', 'selfHeal', 'prune'] as const) if (was[name] !== is[name]) changes[name] = is[name];
	if (Object.keys(changes).length > 0) entries.push({type: 'policy-changed', time: now, app, changes});
	return entries;
}

/** How driftwatch names who started an operation: a policy, a rollback, or the user Argo CD recorded. */
export function initiatorOf(state: ArgoOperationState): SyncInitiator {
	const request = state.request;
	if (request.requestKind === 'rollback') return 'rollback';
	if (request.automated) return request.autoHealAttempts > 0 ? 'self-heal' : 'auto-sync';
	return 'user';
}

/** startedAt has a resolution of one second: two operations are the same when their request matches too. */
function sameOperation(a: ArgoOperationState, b: ArgoOperationState): boolean {
	return (
		a.startedAt === b.startedAt &&
		a.request.requestId === b.request.requestId &&
		a.request.initiatedBy === b.request.initiatedBy &&
		a.request.automated === b.request.automated &&
		a.request.autoHealAttempts === b.request.autoHealAttempts
	);
}

function starter(state: ArgoOperationState): string {
	const initiator = initiatorOf(state);
	if (initiator === 'auto-sync' || initiator === 'self-heal') return `Argo CD (${initiator})`;
	return state.request.initiatedBy || 'someone (Argo CD recorded no user)';
}

function endEntry(state: ArgoOperationState, app: string, now: string): TimelineEvent {
	const time = state.finishedAt ?? now;
	const initiator = initiatorOf(state);
	if (state.phase === 'Succeeded') {
		const applied = state.results.filter(result => result.status === 'Synced').length;
		const pruned = state.results.filter(result => result.status === 'Pruned').length;
		const revision = commitOf(state.syncedRevision ?? state.request.revision);
		return {type: 'synced', time, app, revision, initiator, applied, pruned, outcome: state.message || 'succeeded'};
	}
	const errors = state.results
		.filter(result => result.status === 'SyncFailed' || result.hookPhase === 'Failed' || result.hookPhase === 'Error')
		.map(result => `${displayKey(result.key)}: ${result.message}`);
	return {type: 'sync-failed', time, app, initiator, cause: 'failed', reason: state.message || state.phase, errors};
}

function commitOf(sha: string | null): CommitRef | null {
	if (!sha) return null;
	return {sha, shortSha: sha.slice(0, 7), subject: '', author: ''};
}
