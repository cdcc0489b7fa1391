/**
 * What set-image and promote share: open an app source at the head of the branch it follows, show
 * the exact file diff, ask before writing (or honour --yes / --dry-run), commit and push, and
 * report in text or JSON with the exit codes of the other commands (0 done, 1 refused or failed).
 */
import type {AppDefinition, AppSource} from '../core/app-definition.js';
import type {AuditEntry} from '../core/audit-entry.js';
import {errorSummary} from '../core/errors.js';
import {displayKey} from '../core/kube-object.js';
import type {AuditPort} from '../ports/audit.js';
import {type EditPlan, editRefused, type PlacedChange} from '../core/source-edit/edit-types.js';
import type {SourceWorkspace} from '../core/source-edit/source-workspace.js';
import {describeFieldChange, describePlacement} from '../presentation/source-edit-words.js';
import {type CommandIo, exitCodes, type OutputFormat} from './command-io.js';
import {terminalSafe} from '../presentation/terminal-text.js';

/** The Git side of a source edit (GitSource implements it). */
export interface EditableRepository {
	readonly repo: string;
	readonly isRemote: boolean;
	writableBranch(revision: string): Promise<{branch: string; head: {sha: string; shortSha: string}}>;
	checkout(sha: string): Promise<{dir: string; dispose(): Promise<void>}>;
	commitChanges(options: {
		branch: string;
		base: string;
		files: ReadonlyArray<{path: string; before: string | null; after: string}>;
		message: string;
	}): Promise<{
		commit: {sha: string; shortSha: string; subject: string; author: string};
		branch: string;
		pushed: boolean;
		rebased: boolean;
	}>;
}

/** The adapters a source-editing command needs; cli.tsx wires the real ones. */
export interface SourceEditPorts {
	repository(repoURL: string): EditableRepository;
	workspace(options: {root: string; source: AppSource; namespace: string; appName: string}): Promise<SourceWorkspace>;
	/** True when a person can answer a question on this terminal. */
	interactive: boolean;
	confirm(question: string): Promise<boolean>;
	/** Where commits and refusals are recorded, with `user` (the kubeconfig user, else the OS user). */
	audit?: AuditPort;
	user?: string;
}

/** --yes, --dry-run, --output and --read-only, as every source edit takes them. */
export interface EditFlags {
	yes: boolean;
	dryRun: boolean;
	output: OutputFormat;
	/** --read-only: nothing is written to Git; a --dry-run still shows the plan. */
	readOnly?: boolean;
}

/** A checkout of the branch head an app follows. */
export interface EditTarget {
	repository: EditableRepository;
	branch: string;
	base: {sha: string; shortSha: string};
	root: string;
	dispose(): Promise<void>;
}

/** Why a write cannot be confirmed here, or undefined when it can (asked, --yes, or --dry-run). */
export function confirmationProblem(command: string, flags: EditFlags, ports: Pick<SourceEditPorts, 'interactive'>): string | undefined {
	if (flags.dryRun) return undefined;
	if (flags.readOnly)
		return `${command} writes to Git, and --read-only writes nothing: drop --read-only, or add --dry-run to see the change`;
	if (flags.yes) return undefined;
	if (flags.output === 'json') return `${command} --output json needs --yes (or --dry-run): there is no one to confirm`;
	if (!ports.interactive) return `${command} needs --yes (or --dry-run) when standard input is not a terminal`;
	return undefined;
}

/** Checks out the head of the branch `source` follows. */
export async function openTarget(source: AppSource, ports: SourceEditPorts): Promise<EditTarget> {
	const repository = ports.repository(source.repoURL);
	const {branch, head} = await repository.writableBranch(source.targetRevision);
	const tree = await repository.checkout(head.sha);
	return {repository, branch, base: head, root: tree.dir, dispose: () => tree.dispose()};
}

/** The source of a single-source app, or a refusal for apps with several. */
export function singleSource(app: AppDefinition): AppSource {
	const [only, ...others] = app.sources;
	if (!only || others.length > 0)
		throw editRefused(`${app.name} has ${app.sources.length} sources; this command edits apps with one source`);
	return only;
}

/** What a command shows and commits. */
export interface EditProposal {
	action: string;
	app: string;
	target: EditTarget;
	plan: EditPlan;
	message: string;
	/** Lines shown after the changes (notes, copied values). */
	notes: string[];
	/** Extra JSON fields. */
	json?: Record<string, unknown>;
}

/** Shows the plan, confirms, commits and reports. Returns the exit code. */
export async function confirmAndCommit(proposal: EditProposal, flags: EditFlags, ports: SourceEditPorts, io: CommandIo): Promise<number> {
	const {target, plan} = proposal;
	const where = `${target.branch} of ${target.repository.repo}`;
	const json = (extra: Record<string, unknown>) =>
		io.out(JSON.stringify({...baseJson(proposal), dryRun: flags.dryRun, ...proposal.json, ...extra}, null, 2));
	if (plan.files.length === 0) {
		if (flags.output === 'json') json({ok: true, commit: null, pushed: false, message: 'nothing to change'});
		else io.out(`${proposal.action}: nothing to change, ${proposal.app} already has it`);
		return exitCodes.ok;
	}
	if (flags.output === 'text') printPlan(proposal, io);
	if (flags.dryRun) {
		if (flags.output === 'json') json({ok: true, commit: null, pushed: false, message: 'dry run: nothing was written'});
		else io.out(io.style.dim('dry run: nothing was written'));
		return exitCodes.ok;
	}
	if (!flags.yes && !(await ports.confirm(`Commit this to ${where}${target.repository.isRemote ? ' and push' : ''}?`))) {
		io.out('nothing was written');
		return exitCodes.failed;
	}
	const committed = await target.repository.commitChanges({
		branch: target.branch,
		base: target.base.sha,
		files: plan.files,
		message: proposal.message,
	});
	await audit(ports, io, {
		app: proposal.app,
		action: proposal.action,
		revision: committed.commit.sha,
		objects: objectsOf(plan),
		result: 'succeeded',
		message: `${committed.commit.shortSha} "${committed.commit.subject}" by ${committed.commit.author}, ${committed.pushed ? 'pushed to' : 'committed on'} ${where}`,
	});
	const rebased = committed.rebased ? ' (rebased on newer commits)' : '';
	const published = committed.pushed ? `pushed to ${where}` : `committed on ${where} (a local repository: nothing to push)`;
	if (flags.output === 'json') {
		json({
			ok: true,
			commit: {sha: committed.commit.sha, subject: committed.commit.subject},
			pushed: committed.pushed,
			rebased: committed.rebased,
		});
	} else {
		io.out(
			io.style.green(`${proposal.action}: ${committed.commit.shortSha} "${terminalSafe(committed.commit.subject)}" ${published}${rebased}`),
		);
	}
	return exitCodes.ok;
}

/** A refusal or failure, audited, then reported as {@link reportFailure} does. */
export async function failEdit(
	action: string,
	app: string | undefined,
	error: unknown,
	output: OutputFormat,
	ports: SourceEditPorts,
	io: CommandIo,
): Promise<number> {
	const summary = errorSummary(error);
	const refused = summary.code === 'edit-refused' || summary.code === 'conflict';
	const reason = summary.hint ? `${summary.message} (${summary.hint})` : summary.message;
	if (app)
		await audit(ports, io, {
			app,
			action,
			result: refused ? 'refused' : 'failed',
			message: `${action} ${refused ? 'refused' : 'failed'}: ${reason}`,
		});
	return reportFailure(action, app, error, output, io);
}

async function audit(ports: SourceEditPorts, io: CommandIo, fields: Omit<AuditEntry, 'time' | 'user'>): Promise<void> {
	if (!ports.audit) return;
	try {
		await ports.audit.record({time: new Date().toISOString(), user: ports.user ?? '', ...fields});
	} catch (error) {
		io.err(`driftwatch ${fields.action}: the audit log could not be written: ${terminalSafe(errorSummary(error).message)}`);
	}
}

function objectsOf(plan: EditPlan): string[] {
	return [...new Set(plan.placed.map(placed => displayKey(placed.change.object)))];
}

/** A refusal or failure, as text on stderr or as JSON. Returns the exit code (1). */
export function reportFailure(action: string, app: string | undefined, error: unknown, output: OutputFormat, io: CommandIo): number {
	const summary = errorSummary(error);
	if (output === 'json') {
		io.out(JSON.stringify({action, ok: false, ...(app ? {app} : {}), error: summary}, null, 2));
	} else {
		io.err(`driftwatch ${action}: ${terminalSafe(summary.message)}${summary.hint ? ` (${terminalSafe(summary.hint)})` : ''}`);
	}
	return exitCodes.failed;
}

function printPlan(proposal: EditProposal, io: CommandIo): void {
	printEdit(proposal.plan.files, proposal.plan.placed, proposal.notes, io);
}

/** The exact file diff (colored), one line per field change and where it goes, then the notes. */
export function printEdit(
	files: ReadonlyArray<{diff: string}>,
	placed: readonly PlacedChange[],
	notes: readonly string[],
	io: CommandIo,
): void {
	for (const file of files) {
		for (const line of file.diff.replace(/\n$/, '').split('\n')) {
			const shown = terminalSafe(line);
			if (line.startsWith('+++') || line.startsWith('---') || line.startsWith('@@')) io.out(io.style.cyan(shown));
			else if (line.startsWith('+')) io.out(io.style.green(shown));
			else if (line.startsWith('-')) io.out(io.style.red(shown));
			else io.out(shown);
		}
		io.out('');
	}
	for (const entry of placed)
		io.out(`${terminalSafe(describeFieldChange(entry))}  ${io.style.dim(terminalSafe(`in ${describePlacement(entry)}`))}`);
	for (const note of notes) io.out(io.style.dim(terminalSafe(note)));
}

function baseJson(proposal: EditProposal): Record<string, unknown> {
	return {
		action: proposal.action,
		app: proposal.app,
		repo: proposal.target.repository.repo,
		branch: proposal.target.branch,
		base: proposal.target.base.sha,
		changes: proposal.plan.placed.map(placed => ({
			object: placed.change.object,
			path: placed.change.path,
			from: placed.change.from ?? null,
			to: placed.change.to ?? null,
			file: placed.file,
			via: placed.via,
		})),
		files: proposal.plan.files.map(file => ({path: file.path, created: file.before === null, diff: file.diff})),
		commitMessage: proposal.message,
	};
}
