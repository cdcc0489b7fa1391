/**
 * Revert: `git revert` of a commit (default: the deployed one), pushed for a remote, then deployed
 * (by the poll's auto-sync, or by a sync here). Reported as events; nothing here changes state.
 */
import {errorSummary} from '../core/errors.js';
import type {AppContext} from './app-context.js';
import type {ActionPlan, ActionResult} from './engine-state.js';
import {runSync} from './sync-operation.js';
import {commitRef} from './timeline-entries.js';

/** The commit to revert: the one asked for, else the deployed one, else Git's current one. */
function targetOf(app: AppContext, sha?: string): string | undefined {
	const state = app.state();
	return sha ?? state.deployedSha ?? state.status.revision?.sha;
}

export async function planRevert(app: AppContext, sha?: string): Promise<ActionPlan> {
	const source = app.definition.sources[0];
	const target = targetOf(app, sha);
	const git = app.git(source?.repoURL ?? '');
	const commits = await git.history(source?.path ?? '.', {limit: 50});
	const commit = commits.find(candidate => target && candidate.sha.startsWith(target));
	return {
		action: 'revert',
		app: app.name,
		apply: [],
		delete: [],
		...(commit ? {commit: {sha: commit.sha, subject: commit.subject}} : {}),
		notes: [
			`a new commit reverting ${target?.slice(0, 7) ?? '?'} is created on ${source?.targetRevision ?? 'HEAD'}${git.isRemote ? ' and pushed' : ''}; then the app is synced`,
		],
		...(app.readOnly ? {blockedReason: 'read-only mode (--read-only)'} : target ? {} : {blockedReason: 'no deployed revision to revert'}),
	};
}

export async function runRevert(app: AppContext, sha?: string): Promise<ActionResult> {
	const source = app.definition.sources[0];
	const target = targetOf(app, sha);
	const user = app.cluster.user;
	if (app.readOnly || !source || !target) {
		const reason = app.readOnly ? 'read-only mode (--read-only)' : 'no deployed revision to revert';
		const error = {code: 'sync-refused', message: reason, hint: ''};
		await app.dispatch({
			type: 'ActionFailed',
			time: app.clock.now(),
			operation: 'revert',
			refused: true,
			error,
			audit: {user, ...(target ? {revision: target} : {})},
		});
		const message = `revert refused: ${reason}`;
		return {ok: false, message, applied: [], deleted: [], errors: [message]};
	}
	const git = app.git(source.repoURL);
	try {
		const branch = source.targetRevision === 'HEAD' ? 'HEAD' : source.targetRevision;
		const commit = await git.revert(target, {branch});
		await app.dispatch({type: 'Reverted', time: app.clock.now(), target, commit: commitRef(commit), pushed: git.isRemote, user});
		const message = `reverted ${target.slice(0, 7)} with ${commit.shortSha}: ${commit.subject}${git.isRemote ? ' (pushed)' : ''}`;
		await app.pollOnce();
		// With auto-sync the poll has deployed it; otherwise deploy it now, as the user asked.
		const state = app.state();
		const result = state.status.syncStatus === 'OutOfSync' && state.operation?.phase !== 'Running' ? await runSync(app) : undefined;
		return {
			ok: result?.ok ?? true,
			message: result ? `${message}; ${result.message}` : message,
			applied: result?.applied ?? [],
			deleted: result?.deleted ?? [],
			errors: result?.errors ?? [],
		};
	} catch (error) {
		const summary = errorSummary(error);
		await app.dispatch({
			type: 'ActionFailed',
			time: app.clock.now(),
			operation: 'revert',
			refused: false,
			error: summary,
			subject: target.slice(0, 7),
			audit: {user, revision: target},
		});
		const message = `revert of ${target.slice(0, 7)} failed: ${summary.hint ? `${summary.message} (${summary.hint})` : summary.message}`;
		return {ok: false, message, applied: [], deleted: [], errors: [message]};
	}
}
