/**
 * What keep, set-image and promote share as engine actions: plan on a checkout of the head of the
 * branch the app follows (nothing is written), show the plan with its exact file diff, then commit
 * exactly that plan (rebased, pushed without force) and report it as events. Refusals and failures
 * are ActionFailed events, audited with the kubeconfig user; nothing here changes state.
 */
import type {AppSource} from '../core/app-definition.js';
import {DriftwatchError, errorSummary} from '../core/errors.js';
import {displayKey, type ResourceKey, resourceKeyOf} from '../core/kube-object.js';
import {matchesKey} from '../core/source-edit/find-object-document.js';
import type {EditPlan, FieldChange} from '../core/source-edit/edit-types.js';
import {editRefused, isEditRefused} from '../core/source-edit/edit-types.js';
import type {SourceWorkspace} from '../core/source-edit/source-workspace.js';
import type {CommittedChanges} from '../ports/git.js';
import type {SourceEditPort} from '../ports/source-edit.js';
import type {AppContext} from './app-context.js';
import type {SourceEditFacts} from './app-events.js';
import type {ActionPlan, ActionResult} from './engine-state.js';
import {commitRef} from './timeline-entries.js';
import type {SourceEditAction} from './timeline-event.js';

/** A source edit planned and shown for confirmation; committing it writes exactly these files. */
export interface PlannedEdit {
	action: SourceEditAction;
	app: string;
	/** What the edit is about: the kept object's keyString, the assignments, 'dev→prod'. */
	id: string;
	repo: string;
	branch: string;
	/** The commit the plan was made on. */
	base: string;
	pushes: boolean;
	plan: EditPlan;
	/** The field changes the plan places (keep checks live still says them before committing). */
	intended: FieldChange[];
	message: string;
	notes: string[];
	/** keep: the field managers that changed the fields live. */
	changedBy: string[];
	/** When it was planned (epoch ms). */
	time: number;
}

/** The head of the branch an app's source follows, checked out, with a workspace over it. */
export interface EditCheckout {
	source: AppSource;
	open: (source: AppSource, appName: string) => Promise<SourceWorkspace>;
	workspace: SourceWorkspace;
}

/** What an edit's planner returns. */
export interface EditDraft {
	plan: EditPlan;
	intended: FieldChange[];
	message: string;
	notes: string[];
	changedBy?: string[];
}

/** Why no source edit can be made for `app` now, or undefined. */
export function editBlocked(app: AppContext, edits: SourceEditPort | undefined): string | undefined {
	if (app.readOnly) return 'read-only mode (--read-only): driftwatch does not write to Git';
	if (!edits) return 'source edits are not available here';
	if (app.definition.sources.length !== 1)
		return `${app.name} has ${app.definition.sources.length} sources; driftwatch edits apps with one`;
	const operation = app.state().operation;
	if (operation?.phase === 'Running') return `a ${operation.action} is running; try again when it has finished`;
	return undefined;
}

/**
 * Plans an edit at the head of the app's branch.
 *
 * @throws DriftwatchError 'edit-refused' (not a branch, not placeable...), and Git or render errors.
 */
export async function planEdit(
	app: AppContext,
	edits: SourceEditPort | undefined,
	action: SourceEditAction,
	id: string,
	draft: (checkout: EditCheckout) => Promise<EditDraft>,
): Promise<PlannedEdit> {
	const blocked = editBlocked(app, edits);
	const source = app.definition.sources[0];
	if (blocked || !edits || !source) throw editRefused(blocked ?? 'no source');
	const git = app.git(source.repoURL);
	const {branch, head} = await git.writableBranch(source.targetRevision);
	const tree = await git.checkout(head.sha);
	try {
		const open = (from: AppSource, appName: string) =>
			edits.openWorkspace({root: tree.dir, source: from, namespace: app.definition.destination.namespace, appName});
		const drafted = await draft({source, open, workspace: await open(source, app.name)});
		return {
			action,
			app: app.name,
			id,
			repo: source.repoURL,
			branch,
			base: head.sha,
			pushes: git.isRemote,
			plan: drafted.plan,
			intended: drafted.intended,
			message: drafted.message,
			notes: drafted.notes,
			changedBy: drafted.changedBy ?? [],
			time: app.clock.now(),
		};
	} finally {
		await tree.dispose();
	}
}

/** The plan as the confirmation and `--dry-run` show it. */
export function editActionPlan(planned: PlannedEdit): ActionPlan {
	return {
		action: planned.action,
		app: planned.app,
		apply: [],
		delete: [],
		notes: planned.notes,
		edit: {
			repo: planned.repo,
			branch: planned.branch,
			base: planned.base,
			pushes: planned.pushes,
			files: planned.plan.files.map(file => ({path: file.path, created: file.before === null, diff: file.diff})),
			changes: planned.plan.placed,
			message: planned.message,
		},
		...(planned.plan.files.length === 0 ? {blockedReason: 'nothing to change: Git already says this'} : {}),
	};
}

/** A refused plan as the confirmation shows it. */
export function refusedActionPlan(app: string, action: SourceEditAction, error: unknown): ActionPlan {
	const summary = errorSummary(error);
	return {
		action,
		app,
		apply: [],
		delete: [],
		notes: [],
		blockedReason: summary.hint ? `${summary.message} (${summary.hint})` : summary.message,
	};
}

/**
 * Commits `planned` and reports it (SourceEdited). Throws what Git throws; the caller reports it.
 */
export async function commitEdit(app: AppContext, planned: PlannedEdit): Promise<CommittedChanges> {
	const source = app.definition.sources[0];
	if (!source) throw editRefused('no source');
	if (planned.plan.files.length === 0) throw editRefused('nothing to change: Git already says this');
	const committed = await app.git(source.repoURL).commitChanges({
		branch: planned.branch,
		base: planned.base,
		files: planned.plan.files.map(file => ({path: file.path, before: file.before, after: file.after})),
		message: planned.message,
	});
	await app.dispatch({type: 'SourceEdited', time: app.clock.now(), edit: factsOf(app, planned, committed), user: app.cluster.user});
	return committed;
}

function factsOf(app: AppContext, planned: PlannedEdit, committed: CommittedChanges): SourceEditFacts {
	const objects = [...new Set(planned.plan.placed.map(placed => deployedName(app, placed.change.object)))];
	return {
		action: planned.action,
		objects,
		fields: planned.plan.placed.map(placed => placed.change.path),
		changedBy: planned.changedBy,
		commit: commitRef(committed.commit),
		branch: committed.branch,
		pushed: committed.pushed,
		rebased: committed.rebased,
		files: planned.plan.files.map(file => file.path),
	};
}

/** The object as the app deploys it (the render of a workspace leaves namespaces to the destination). */
function deployedName(app: AppContext, key: ResourceKey): string {
	const deployed = app.state().desired.find(object => matchesKey(object, key));
	return displayKey(deployed ? resourceKeyOf(deployed) : key);
}

/** Reports a refused or failed edit (ActionFailed, audited) and returns the result. */
export async function editFailed(app: AppContext, action: SourceEditAction, subject: string, error: unknown): Promise<ActionResult> {
	const summary = errorSummary(error);
	const refused = isEditRefused(error) || (error instanceof DriftwatchError && error.code === 'conflict');
	await app.dispatch({
		type: 'ActionFailed',
		time: app.clock.now(),
		operation: action,
		refused,
		error: summary,
		subject,
		audit: {user: app.cluster.user},
	});
	const reason = summary.hint ? `${summary.message} (${summary.hint})` : summary.message;
	const message = `${action} ${refused ? 'refused' : 'failed'}: ${reason}`;
	return {ok: false, message, applied: [], deleted: [], errors: [message]};
}
