/**
 * set-image as an engine action (the UI's key on a workload): the images of the named containers
 * set in the app's source the way its renderer expects, committed and pushed. With auto-sync the
 * poll then deploys it; without, it waits for a sync, as any new commit does.
 */
import {planFieldChanges} from '../core/source-edit/plan-field-changes.js';
import {editRefused} from '../core/source-edit/edit-types.js';
import {type ImageAssignment, imageChanges, parseImageAssignment} from '../core/source-edit/plan-set-image.js';
import type {SourceEditPort} from '../ports/source-edit.js';
import type {AppContext} from './app-context.js';
import type {ActionResult} from './engine-state.js';
import {commitEdit, editBlocked, editFailed, planEdit, type PlannedEdit} from './source-edit-operation.js';

/** Reads `CONTAINER=IMAGE[:TAG]` assignments. @throws DriftwatchError 'edit-refused'. */
export function parseAssignments(texts: readonly string[]): ImageAssignment[] {
	if (texts.length === 0) throw editRefused('name at least one CONTAINER=IMAGE:TAG');
	return texts.map(text => {
		const parsed = parseImageAssignment(text);
		if ('error' in parsed) throw editRefused(parsed.error);
		return parsed;
	});
}

/** What follows the commit, in the plan's notes. */
export function deployNote(app: AppContext): string {
	return app.state().policy.autoSync
		? 'auto-sync deploys the new commit after the next poll'
		: 'auto-sync is off: the new commit waits for a sync (s)';
}

/** @throws DriftwatchError 'edit-refused' and what Git and the renderers throw. */
export async function planSetImage(
	app: AppContext,
	edits: SourceEditPort | undefined,
	texts: readonly string[],
	resources: readonly string[] = [],
): Promise<PlannedEdit> {
	const assignments = parseAssignments(texts);
	return planEdit(app, edits, 'set-image', [...resources, ...texts].join(' '), async ({workspace}) => {
		const intended = imageChanges((await workspace.render()).objects, assignments, resources);
		const plan = await planFieldChanges(workspace, intended);
		return {plan, intended, message: edits?.messages.setImage(assignments, plan.placed) ?? '', notes: [deployNote(app)]};
	});
}

/** Commits `planned` (planned anew when absent), then polls so auto-sync can deploy it. Never throws. */
export async function runSetImage(
	app: AppContext,
	edits: SourceEditPort | undefined,
	texts: readonly string[],
	resources: readonly string[],
	planned?: PlannedEdit,
): Promise<ActionResult> {
	try {
		const blocked = editBlocked(app, edits);
		if (blocked) throw editRefused(blocked);
		const committed = await commitEdit(app, planned ?? (await planSetImage(app, edits, texts, resources)));
		await app.pollOnce();
		const where = committed.pushed ? `pushed to ${committed.branch}` : `committed on ${committed.branch}`;
		return {ok: true, message: `${committed.commit.shortSha} ${where}; ${deployNote(app)}`, applied: [], deleted: [], errors: []};
	} catch (error) {
		return editFailed(app, 'set-image', texts.join(' '), error);
	}
}
