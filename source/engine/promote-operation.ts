/**
 * promote as an engine action (`:promote FROM TO` in the UI): environment FROM's images made
 * environment TO's, as one commit of TO's own files. Environments are the engine's apps when two
 * are named FROM and TO (or *-FROM, *-TO); else directories (Kustomize overlays) or value files (a
 * Helm chart) under the app's path, as `driftwatch promote --repo ... --path ...` reads them.
 */
import type {AppDefinition} from '../core/app-definition.js';
import {editRefused, isEditRefused} from '../core/source-edit/edit-types.js';
import {planPromotion} from '../core/source-edit/plan-promote.js';
import {environmentApp, environmentSource, requireSameBranch} from '../core/source-edit/promote-environments.js';
import type {SourceEditPort} from '../ports/source-edit.js';
import type {AppContext} from './app-context.js';
import type {ActionResult} from './engine-state.js';
import {deployNote} from './set-image-operation.js';
import {commitEdit, editBlocked, editFailed, planEdit, type PlannedEdit} from './source-edit-operation.js';

/** The app whose source is written: environment `to` among the apps, else `app` itself. */
export function promoteTarget(
	app: AppContext,
	apps: readonly AppContext[],
	from: string,
	to: string,
): {target: AppContext; fromApp?: AppDefinition} {
	const definitions = apps.map(candidate => candidate.definition);
	try {
		const fromApp = environmentApp(definitions, from);
		const toApp = environmentApp(definitions, to);
		const target = apps.find(candidate => candidate.definition === toApp);
		if (target) return {target, fromApp};
	} catch (error) {
		if (!isEditRefused(error)) throw error;
	}
	return {target: app};
}

/** @throws DriftwatchError 'edit-refused' and what Git and the renderers throw. */
export async function planPromote(
	app: AppContext,
	apps: readonly AppContext[],
	edits: SourceEditPort | undefined,
	from: string,
	to: string,
): Promise<PlannedEdit> {
	if (!from || !to || from === to) throw editRefused('name two different environments: :promote FROM TO');
	const {target, fromApp} = promoteTarget(app, apps, from, to);
	return planEdit(target, edits, 'promote', `${from}→${to}`, async ({source, open, workspace}) => {
		let fromWorkspace;
		let toWorkspace = workspace;
		if (fromApp) {
			const fromSource = fromApp.sources[0];
			if (!fromSource || fromApp.sources.length !== 1)
				throw editRefused(`${fromApp.name} has ${fromApp.sources.length} sources; promote edits apps with one`);
			requireSameBranch(fromSource, source);
			fromWorkspace = await open(fromSource, fromApp.name);
		} else {
			const chart = workspace.kind === 'helm';
			fromWorkspace = await open(environmentSource(source, from, chart), app.name);
			toWorkspace = await open(environmentSource(source, to, chart), app.name);
		}
		const promotion = await planPromotion(fromWorkspace, toWorkspace);
		const notes = [...promotion.unmatched.map(container => `${container}: no counterpart in ${from}, left as it is`), deployNote(target)];
		const message = edits?.messages.promote(from, to, promotion.plan.placed, promotion.copies) ?? '';
		return {plan: promotion.plan, intended: promotion.plan.placed.map(placed => placed.change), message, notes};
	});
}

/** Commits `planned` (planned anew when absent) to the target environment's app. Never throws. */
export async function runPromote(
	app: AppContext,
	apps: readonly AppContext[],
	edits: SourceEditPort | undefined,
	from: string,
	to: string,
	planned?: PlannedEdit,
): Promise<ActionResult> {
	const {target} = promoteTarget(app, apps, from, to);
	try {
		const blocked = editBlocked(target, edits);
		if (blocked) throw editRefused(blocked);
		const committed = await commitEdit(target, planned ?? (await planPromote(app, apps, edits, from, to)));
		await target.pollOnce();
		const where = committed.pushed ? `pushed to ${committed.branch}` : `committed on ${committed.branch}`;
		return {ok: true, message: `${committed.commit.shortSha} ${where}; ${deployNote(target)}`, applied: [], deleted: [], errors: []};
	} catch (error) {
		return editFailed(target, 'promote', `${from}→${to}`, error);
	}
}
