/**
 * `driftwatch keep KIND/NAME [app flags] [--yes|--dry-run] [--output json]`: the on-call's "keep
 * this hand change": the live values of the object's drifted fields are written to the files in Git
 * that produce them, through the same engine action as the UI's K: the exact diff is shown, asked
 * for (or --yes / --dry-run), committed and pushed, then the object is synced (nothing changes live).
 */
import type {ResourceKey} from '../core/kube-object.js';
import {displayKey} from '../core/kube-object.js';
import {matchesResourceFilter} from '../core/source-edit/plan-set-image.js';
import type {ActionPlan, ActionResult, AppView, EngineActions} from '../engine/engine-state.js';
import {terminalSafe} from '../presentation/terminal-text.js';
import {type CommandIo, exitCodes} from './command-io.js';
import {confirmationProblem, type EditFlags, printEdit} from './source-edit-session.js';

export interface KeepRequest extends EditFlags {
	app: string;
	/** KIND/NAME or KIND/NAMESPACE/NAME. */
	object: string | undefined;
}

/** What the command needs of the engine (DriftEngine) and of the terminal. */
export interface KeepPorts {
	engine: Pick<EngineActions, 'planKeep' | 'keep' | 'releaseKeep'> & {app(name: string): AppView};
	interactive: boolean;
	confirm(question: string): Promise<boolean>;
}

export async function runKeepCommand(request: KeepRequest, ports: KeepPorts, io: CommandIo): Promise<number> {
	const usage = !request.object
		? 'usage: driftwatch keep KIND/NAME [app flags] [--yes|--dry-run] [--output text|json]'
		: confirmationProblem('keep', request, {interactive: ports.interactive});
	if (usage) {
		io.err(`driftwatch keep: ${usage}`);
		return exitCodes.error;
	}
	const found = findObject(ports.engine.app(request.app), request.object ?? '');
	if (typeof found === 'string') return fail(request, found, io);
	const plan = await ports.engine.planKeep(request.app, found);
	if (plan.blockedReason) {
		ports.engine.releaseKeep(request.app, found);
		return fail(request, plan.blockedReason, io, plan);
	}
	if (request.output === 'text' && plan.edit) printEdit(plan.edit.files, plan.edit.changes, plan.notes, io);
	if (request.dryRun) {
		ports.engine.releaseKeep(request.app, found);
		if (request.output === 'json')
			io.out(JSON.stringify(json(request, plan, {ok: true, commit: null, message: 'dry run: nothing was written'}), null, 2));
		else io.out(io.style.dim('dry run: nothing was written'));
		return exitCodes.ok;
	}
	const where = plan.edit ? `${plan.edit.branch} of ${plan.edit.repo}${plan.edit.pushes ? ' and push' : ''}` : '';
	if (!request.yes && !(await ports.confirm(`Commit this to ${where}?`))) {
		ports.engine.releaseKeep(request.app, found);
		io.out('nothing was written');
		return exitCodes.failed;
	}
	const result = await ports.engine.keep(request.app, found);
	const entry = ports.engine.app(request.app).timeline.find(event => event.type === 'source-edited');
	const commit =
		result.ok && entry?.type === 'source-edited' ? {sha: entry.commit.sha, subject: entry.commit.subject, pushed: entry.pushed} : null;
	if (request.output === 'json') io.out(JSON.stringify(json(request, plan, {...resultJson(result), commit}), null, 2));
	else if (result.ok) io.out(io.style.green(`keep: ${terminalSafe(result.message)}`));
	else io.err(`driftwatch keep: ${terminalSafe(result.message)}`);
	return result.ok ? exitCodes.ok : exitCodes.failed;
}

/** The object KIND/NAME names among the app's objects, or why none (or several) does. */
function findObject(app: AppView, filter: string): ResourceKey | string {
	const matches = app.status.objects.filter(object => matchesResourceFilter(object.key, filter));
	const [only, second] = matches;
	if (!only) return `${app.name} has no object ${filter}`;
	if (second) return `${filter} names ${matches.map(object => displayKey(object.key)).join(' and ')}; name it as KIND/NAMESPACE/NAME`;
	return only.key;
}

function fail(request: KeepRequest, reason: string, io: CommandIo, plan?: ActionPlan): number {
	if (request.output === 'json')
		io.out(
			JSON.stringify(
				{action: 'keep', app: request.app, object: request.object, ok: false, error: reason, ...(plan?.edit ? {plan: plan.edit} : {})},
				null,
				2,
			),
		);
	else io.err(`driftwatch keep: ${terminalSafe(reason)}`);
	return exitCodes.failed;
}

function resultJson(result: ActionResult): Record<string, unknown> {
	return {ok: result.ok, message: result.message, applied: result.applied, errors: result.errors};
}

function json(request: KeepRequest, plan: ActionPlan, extra: Record<string, unknown>): Record<string, unknown> {
	const edit = plan.edit;
	return {
		action: 'keep',
		app: request.app,
		object: request.object,
		dryRun: request.dryRun,
		...(edit
			? {
					repo: edit.repo,
					branch: edit.branch,
					base: edit.base,
					changes: edit.changes.map(placed => ({
						path: placed.change.path,
						from: placed.change.from ?? null,
						to: placed.change.to ?? null,
						file: placed.file,
						via: placed.via,
					})),
					files: edit.files,
					commitMessage: edit.message,
				}
			: {}),
		...extra,
	};
}
