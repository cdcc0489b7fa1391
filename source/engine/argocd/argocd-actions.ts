/**
 * The actions of the Argo CD mode, carried out by Argo CD: a sync, a sync with prune and a rollback
 * are operations set on the Application (Argo CD's controller runs them, with its hooks, waves and
 * retries, and records them in its history), so driftwatch only plans, asks, and reports. Plans are
 * pure functions of the attached app's view; the requests are JSON merge patches (core/argocd).
 */
import {effectivePolicy} from '../../core/argocd/application-report.js';
import type {ApplicationReport} from '../../core/argocd/application-report.js';
import {displayKey, keyString, type ResourceKey} from '../../core/kube-object.js';
import type {ActionPlan, ActionResult, AppView, SyncRequest} from '../engine-state.js';

/** Why nothing is written in read-only mode. */
export const readOnlyReason = 'read-only mode (--read-only)';
export const revertUnavailable =
	'revert is not available in Argo CD mode: it writes Git behind Argo CD; roll back to a history entry (Argo CD syncs that revision), or revert the commit in Git';
export const gitEditUnavailable =
	'not available in Argo CD mode yet: keep, set-image and promote write Git, and here the source is pinned to the revision Argo CD compared; run them without --argocd on the Application manifest (--app), and Argo CD deploys the commit';
export const syncNote =
	"Argo CD runs the sync (its hooks, sync waves, retries and project rules apply); driftwatch sets the Application's operation and follows it.";

/** What keeps an operation from starting now, if anything. */
export function operationBlocker(app: AppView, report: ApplicationReport, permission: AppView['permissions']['sync']): string | undefined {
	if (!permission.allowed) return permission.reason;
	const operation = app.argocd?.operation;
	if (operation && (operation.phase === 'Requested' || operation.phase === 'Running' || operation.phase === 'Terminating')) {
		return `an operation is already running (${operation.message || operation.phase}); wait for it to end`;
	}
	if (report.syncStatus === null) return 'Argo CD has not compared this app yet';
	return undefined;
}

/** The objects a sync would apply and delete, as Argo CD reports them OutOfSync (or the ones asked for). */
export function planArgoSync(app: AppView, report: ApplicationReport, request: SyncRequest): ActionPlan {
	const prune = request.prune ?? false;
	const wanted = request.resources && request.resources.length > 0 ? new Set(request.resources) : undefined;
	const picked = (key: ResourceKey) =>
		!wanted || wanted.has(keyString(key)) || wanted.has(`${key.kind}/${key.name}`) || wanted.has(displayKey(key));
	const objects = app.status.objects.filter(object => picked(object.key));
	const apply = objects
		.filter(object => object.syncStatus === 'OutOfSync' && object.drift !== 'extra')
		.map(object => displayKey(object.key));
	const extras = objects.filter(object => object.drift === 'extra').map(object => displayKey(object.key));
	const notes = [syncNote];
	if (!prune && extras.length > 0) notes.push(`${extras.length} object(s) that Git no longer has stay: sync with prune to delete them`);
	const blockedReason = operationBlocker(app, report, prune ? app.permissions.prune : app.permissions.sync);
	return {
		action: 'sync',
		app: app.name,
		apply,
		delete: prune ? extras : [],
		notes,
		...(blockedReason ? {blockedReason} : {}),
	};
}

/** A rollback to a history entry; Argo CD refuses one while auto-sync is on (its next sync would undo it). */
export function planArgoRollback(app: AppView, report: ApplicationReport, historyId: number): ActionPlan {
	const entry = report.history.find(candidate => candidate.id === historyId);
	const revision = entry ? entry.revision || entry.revisions[0] || '' : '';
	const notes = entry
		? [`Argo CD syncs revision ${revision.slice(0, 7)} again (history #${historyId}, deployed ${entry.deployedAt}).`, syncNote]
		: [];
	const blockedReason = !entry
		? `no sync with id ${historyId} in Argo CD's history (known: ${report.history.map(candidate => candidate.id).join(', ') || 'none'})`
		: rollbackBlocker(app, report);
	return {
		action: 'rollback',
		app: app.name,
		apply: [],
		delete: [],
		...(entry ? {commit: {sha: revision, subject: ''}} : {}),
		notes,
		...(blockedReason ? {blockedReason} : {}),
	};
}

export function rollbackBlocker(app: AppView, report: ApplicationReport): string | undefined {
	if (effectivePolicy(report.automated).autoSync) {
		return 'auto-sync is on: Argo CD refuses a rollback it would undo at its next sync; turn auto-sync off first';
	}
	return operationBlocker(app, report, app.permissions.sync);
}

/** The plan of a Git edit (keep, set-image, promote), which this mode does not offer. */
export function gitEditPlan(action: 'keep' | 'set-image' | 'promote', app: string): ActionPlan {
	return {action, app, apply: [], delete: [], notes: [], blockedReason: `${action} is ${gitEditUnavailable}`};
}

/** An action that did not start. */
export function refused(message: string): ActionResult {
	return {ok: false, message, applied: [], deleted: [], errors: [message]};
}

/** The result of an operation Argo CD ended, in the shape every action returns. */
export function operationResult(report: ApplicationReport): ActionResult {
	const state = report.operationState;
	if (!state) return refused('Argo CD reported no operation');
	const of = (status: string) => state.results.filter(result => result.status === status).map(result => displayKey(result.key));
	const errors = state.results
		.filter(result => result.status === 'SyncFailed' || result.hookPhase === 'Failed' || result.hookPhase === 'Error')
		.map(result => `${displayKey(result.key)}: ${result.message}`);
	const ok = state.phase === 'Succeeded';
	return {
		ok,
		message: `Argo CD: ${state.message || state.phase}`,
		applied: of('Synced'),
		deleted: of('Pruned'),
		errors: ok ? errors : errors.length > 0 ? errors : [state.message || state.phase],
	};
}
