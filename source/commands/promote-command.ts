/**
 * `driftwatch promote --from ENV --to ENV [--values KEY ...]`: for apps with one source per
 * environment (Kustomize overlays, Helm value files), make the target environment run the source
 * environment's images (and, with --values, copy the chosen Helm values), as one commit of the
 * target environment's own files. The diff is shown and confirmed before anything is written.
 */
import type {AppDefinition, AppSource} from '../core/app-definition.js';
import {editRefused} from '../core/source-edit/edit-types.js';
import type {SourceWorkspace} from '../core/source-edit/source-workspace.js';
import {planPromotion} from '../core/source-edit/plan-promote.js';
import {environmentApp, environmentSource, requireSameBranch} from '../core/source-edit/promote-environments.js';
import {promoteCommitMessage} from '../presentation/source-edit-words.js';
import {type CommandIo, exitCodes} from './command-io.js';
import {
	confirmAndCommit,
	confirmationProblem,
	type EditFlags,
	type EditTarget,
	openTarget,
	failEdit,
	singleSource,
	type SourceEditPorts,
} from './source-edit-session.js';

export interface PromoteRequest extends EditFlags {
	/** The apps from --app manifests (each one an environment), or the one app the --repo flags describe. */
	apps: AppDefinition[];
	/** True when `apps` come from --app manifests. */
	fromManifests: boolean;
	from: string;
	to: string;
	/** --values: Helm value keys to copy as well. */
	keys: string[];
}

interface Environment {
	app: AppDefinition;
	source: AppSource;
}

type OpenWorkspace = (environment: Environment) => Promise<SourceWorkspace>;

export async function runPromote(request: PromoteRequest, ports: SourceEditPorts, io: CommandIo): Promise<number> {
	const usage = usageProblem(request, ports);
	if (usage) {
		io.err(`driftwatch promote: ${usage}`);
		return exitCodes.error;
	}
	let target: EditTarget | undefined;
	let appName: string | undefined;
	try {
		const [from, to] = request.fromManifests ? environmentsFromApps(request) : environmentsFromFlags(request);
		appName = to.app.name;
		requireSameBranch(from.source, to.source);
		target = await openTarget(to.source, ports);
		const root = target.root;
		const open: OpenWorkspace = environment =>
			ports.workspace({root, source: environment.source, namespace: environment.app.destination.namespace, appName: environment.app.name});
		const [source, destination] = request.fromManifests ? [from, to] : await environmentsUnderPath(from, request, open);
		if (JSON.stringify(source.source) === JSON.stringify(destination.source)) {
			throw editRefused(`--from ${request.from} and --to ${request.to} are the same environment`);
		}
		const promotion = await planPromotion(await open(source), await open(destination), request.keys);
		const notes = [
			...promotion.copies.map(copy => `value ${copy.key} copied from ${request.from}, in ${copy.file}`),
			...promotion.unmatched.map(container => `${container}: no counterpart in ${request.from}, left as it is`),
		];
		return await confirmAndCommit(
			{
				action: 'promote',
				app: appName,
				target,
				plan: promotion.plan,
				message: promoteCommitMessage(request.from, request.to, promotion.plan.placed, promotion.copies),
				notes,
				json: {from: request.from, to: request.to, copies: promotion.copies, unmatched: promotion.unmatched},
			},
			request,
			ports,
			io,
		);
	} catch (error) {
		return await failEdit('promote', appName, error, request.output, ports, io);
	} finally {
		await target?.dispose();
	}
}

function usageProblem(request: PromoteRequest, ports: SourceEditPorts): string | undefined {
	if (!request.from || !request.to) return 'usage: driftwatch promote --from ENV --to ENV [--values KEY ...] [app flags]';
	if (request.from === request.to) return '--from and --to name the same environment';
	if (!request.fromManifests && request.apps.length !== 1) return 'promote with --repo flags describes one app';
	return confirmationProblem('promote', request, ports);
}

function environmentsFromApps(request: PromoteRequest): [Environment, Environment] {
	const from = environmentApp(request.apps, request.from);
	const to = environmentApp(request.apps, request.to);
	return [
		{app: from, source: singleSource(from)},
		{app: to, source: singleSource(to)},
	];
}

/** With --repo flags both environments start as the app the flags describe; see {@link environmentsUnderPath}. */
function environmentsFromFlags(request: PromoteRequest): [Environment, Environment] {
	const [app] = request.apps;
	if (!app) throw new Error('no app');
	const environment = {app, source: singleSource(app)};
	return [environment, environment];
}

/** --from and --to under --path: value files when --path is a Helm chart, else directories. */
async function environmentsUnderPath(base: Environment, request: PromoteRequest, open: OpenWorkspace): Promise<[Environment, Environment]> {
	const chart = (await open(base)).kind === 'helm';
	return [
		{app: base.app, source: environmentSource(base.source, request.from, chart)},
		{app: base.app, source: environmentSource(base.source, request.to, chart)},
	];
}
