/**
 * Rollback: re-deploy an earlier revision (a sync of its objects, no prune) and turn auto-sync and
 * self-heal off, as Argo CD does, so the next poll does not undo it. Reported as events.
 */
import {describeError, errorSummary} from '../core/errors.js';
import type {AppContext} from './app-context.js';
import {assignNamespaces} from './assign-namespaces.js';
import type {ActionPlan, ActionResult} from './engine-state.js';
import {renderRevisions, resolveRevisions} from './render-app.js';
import {runSync} from './sync-operation.js';
import {commitRef} from './timeline-entries.js';

/** The plan of a rollback to the sync with `historyId`. */
export function planRollback(app: AppContext, historyId: number): ActionPlan {
	const record = app.state().history.find(entry => entry.id === historyId);
	return {
		action: 'rollback',
		app: app.name,
		apply: [],
		delete: [],
		...(record ? {commit: {sha: record.revision, subject: record.subject}} : {}),
		notes: ['the objects of that revision are applied (no prune); auto-sync and self-heal are turned off'],
		...(app.readOnly ? {blockedReason: 'read-only mode (--read-only)'} : record ? {} : {blockedReason: `no sync with id ${historyId}`}),
	};
}

/** A rollback refused before anything was tried (read-only, an unknown sync id): on the timeline and in the audit log. */
export async function refuseRollback(app: AppContext, reason: string, revision?: string): Promise<ActionResult> {
	await app.dispatch({
		type: 'ActionFailed',
		time: app.clock.now(),
		operation: 'rollback',
		refused: true,
		error: {code: 'sync-refused', message: reason, hint: ''},
		audit: {user: app.cluster.user, ...(revision ? {revision} : {})},
	});
	const message = `rollback refused: ${reason}`;
	return {ok: false, message, applied: [], deleted: [], errors: [message]};
}

/** Rolls back to `revision` (a SHA, tag or branch of the first source). */
export async function runRollback(app: AppContext, revision: string): Promise<ActionResult> {
	const user = app.cluster.user;
	if (app.readOnly) return refuseRollback(app, 'read-only mode (--read-only)', revision);
	try {
		const sources = app.definition.sources.map((source, index) => (index === 0 ? {...source, targetRevision: revision} : source));
		const revisions = await resolveRevisions(sources, app.git);
		const rendered = await renderRevisions({...app.definition, sources}, revisions, app);
		const desired = await assignNamespaces(rendered.objects, app.definition.destination.namespace, app.cluster);
		const target = revisions[0];
		if (!target) throw new Error(`${app.name} has no source to roll back`);
		const {policy} = app.state();
		const turnedOff = [...(policy.autoSync ? (['auto-sync'] as const) : []), ...(policy.selfHeal ? (['self-heal'] as const) : [])];
		await app.dispatch({type: 'RollbackStarted', time: app.clock.now()});
		const result = await runSync(app, {prune: false}, 'rollback', {desired, revision: target});
		await app.dispatch({type: 'RolledBack', time: app.clock.now(), revision: commitRef(target), turnedOff, ok: result.ok, user});
		const message = `rolled back to ${target.shortSha} (${target.subject})${turnedOff.length > 0 ? `; ${turnedOff.join(' and ')} turned off so the next poll does not undo it` : ''}`;
		return {...result, message: `${message}: ${result.message}`};
	} catch (error) {
		// Failed before its sync (the revision does not resolve or render): audited all the same.
		await app.dispatch({
			type: 'ActionFailed',
			time: app.clock.now(),
			operation: 'rollback',
			refused: false,
			error: errorSummary(error),
			audit: {user, revision},
		});
		const message = `rollback failed: ${describeError(error)}`;
		return {ok: false, message, applied: [], deleted: [], errors: [message]};
	}
}
