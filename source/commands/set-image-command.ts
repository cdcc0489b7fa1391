/**
 * `driftwatch set-image [app flags] CONTAINER=IMAGE[:TAG] ...`: the CI hand-off of GitOps. Sets the
 * image of the named containers in the app's source, the way its renderer expects (the manifest in
 * place, the kustomization's images: entry, the Helm value that fills the field), shows the exact
 * diff, and commits and pushes it. With auto-sync the app then rolls it out.
 */
import type {AppDefinition} from '../core/app-definition.js';
import {type ImageAssignment, imageChanges, parseImageAssignment} from '../core/source-edit/plan-set-image.js';
import {planFieldChanges} from '../core/source-edit/plan-field-changes.js';
import {setImageCommitMessage} from '../presentation/source-edit-words.js';
import {type CommandIo, exitCodes} from './command-io.js';
import {
	confirmAndCommit,
	confirmationProblem,
	type EditFlags,
	openTarget,
	failEdit,
	singleSource,
	type SourceEditPorts,
} from './source-edit-session.js';

export interface SetImageRequest extends EditFlags {
	apps: AppDefinition[];
	/** The positional arguments: CONTAINER=IMAGE ... */
	assignments: string[];
	/** --resource KIND/NAME filters. */
	resources: string[];
}

export async function runSetImage(request: SetImageRequest, ports: SourceEditPorts, io: CommandIo): Promise<number> {
	const usage = usageProblem(request, ports);
	if (typeof usage === 'string') {
		io.err(`driftwatch set-image: ${usage}`);
		return exitCodes.error;
	}
	const [app] = request.apps;
	if (!app) return exitCodes.error;
	let target;
	try {
		const source = singleSource(app);
		target = await openTarget(source, ports);
		const workspace = await ports.workspace({root: target.root, source, namespace: app.destination.namespace, appName: app.name});
		const changes = imageChanges((await workspace.render()).objects, usage, request.resources);
		const plan = await planFieldChanges(workspace, changes);
		return await confirmAndCommit(
			{action: 'set-image', app: app.name, target, plan, message: setImageCommitMessage(usage, plan.placed), notes: []},
			request,
			ports,
			io,
		);
	} catch (error) {
		return await failEdit('set-image', app.name, error, request.output, ports, io);
	} finally {
		await target?.dispose();
	}
}

/** The parsed assignments, or what is wrong with the invocation. */
function usageProblem(request: SetImageRequest, ports: SourceEditPorts): ImageAssignment[] | string {
	if (request.assignments.length === 0) return 'usage: driftwatch set-image [app flags] CONTAINER=IMAGE[:TAG] ...';
	if (request.apps.length !== 1) return `set-image acts on one app; --app named ${request.apps.length}`;
	const assignments: ImageAssignment[] = [];
	for (const text of request.assignments) {
		const parsed = parseImageAssignment(text);
		if ('error' in parsed) return parsed.error;
		assignments.push(parsed);
	}
	return confirmationProblem('set-image', request, ports) ?? assignments;
}
