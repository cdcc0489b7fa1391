/**
 * The planners' SourceWorkspace over a tree checked out into a private temporary directory: files
 * are read from it, and a render with replaced files writes them into the tree, renders with the
 * real renderer, and puts the originals back. Renders run one at a time. Every path is checked to
 * stay inside the tree, and symbolic links are never written through, so a hostile repository
 * cannot make a probe write elsewhere. A Helm probe value file lives outside the tree.
 */
import {lstat, mkdir, mkdtemp, readFile, realpath, rm, rmdir, stat, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {AppSource} from '../core/app-definition.js';
import {DriftwatchError} from '../core/errors.js';
import {editRefused} from '../core/source-edit/edit-types.js';
import {joinRepoPath} from '../core/source-edit/repo-path.js';
import type {RenderedSource, SourceWorkspace} from '../core/source-edit/source-workspace.js';
import {detectSourceType} from './detect-source-type.js';
import {renderSource} from './render-source.js';

/** The render in progress per tree, so renders of one tree never overlap. */
const queues = new Map<string, Promise<void>>();

/** Files larger than this are not manifests or value files anyone edits by hand. */
const maxFileBytes = 4 * 1024 * 1024;

export interface WorkspaceOptions {
	/** The checked-out tree (a temporary directory driftwatch owns). */
	root: string;
	source: AppSource;
	/** The destination namespace. */
	namespace: string;
	/** The app name (Helm's default release name). */
	appName: string;
}

/**
 * A workspace over `options.root`.
 *
 * @throws DriftwatchError 'config-invalid' when the source path leaves the tree; 'render-failed'
 * when it does not exist.
 */
export async function openSourceWorkspace(options: WorkspaceOptions): Promise<SourceWorkspace> {
	const root = await realpath(options.root);
	const sourcePath = joinRepoPath('', options.source.path);
	if (sourcePath === undefined) throw new DriftwatchError('config-invalid', `source path "${options.source.path}" leaves the repository`);
	const sourceDir = path.join(root, sourcePath);
	const kind = await detectSourceType(sourceDir);
	const workspace: SourceWorkspace = {
		source: {...options.source, path: sourcePath},
		kind,
		namespace: options.namespace,
		read: async file => readInside(root, file),
		render: (files = new Map(), helmValues) => {
			// Workspaces over the same tree (promote's two environments) take turns: a render writes into it.
			const run = (queues.get(root) ?? Promise.resolve()).then(() =>
				renderWith(root, sourceDir, sourcePath, kind, options, files, helmValues),
			);
			const settled = run.then(
				() => undefined,
				() => undefined,
			);
			queues.set(root, settled);
			void settled.then(() => {
				if (queues.get(root) === settled) queues.delete(root);
			});
			return run;
		},
	};
	return workspace;
}

async function readInside(root: string, file: string): Promise<string | undefined> {
	const absolute = insidePath(root, file);
	if (absolute === undefined) return undefined;
	try {
		const real = await realpath(absolute);
		if (!isInside(root, real)) return undefined;
		const info = await stat(real);
		if (!info.isFile() || info.size > maxFileBytes) return undefined;
		return await readFile(real, 'utf8');
	} catch {
		return undefined;
	}
}

async function renderWith(
	root: string,
	sourceDir: string,
	sourcePath: string,
	kind: SourceWorkspace['kind'],
	options: WorkspaceOptions,
	files: ReadonlyMap<string, string>,
	helmValues: string | undefined,
): Promise<RenderedSource> {
	const restore: Array<() => Promise<void>> = [];
	const scratch = helmValues === undefined ? undefined : await mkdtemp(path.join(os.tmpdir(), 'driftwatch-probe-'));
	try {
		for (const [file, text] of files) restore.push(await replaceFile(root, file, text));
		const trustedValueFiles: string[] = [];
		if (scratch !== undefined && helmValues !== undefined) {
			const probeFile = path.join(scratch, 'probe-values.yaml');
			await writeFile(probeFile, helmValues, 'utf8');
			trustedValueFiles.push(probeFile);
		}
		const result = await renderSource({
			dir: sourceDir,
			repoRoot: root,
			sourceType: kind,
			directory: options.source.directory,
			helm: options.source.helm,
			// The probe file is ours, outside the tree: the repository's own value files stay held to it.
			trustedValueFiles,
			namespace: options.namespace,
			appName: options.appName,
		});
		const rendered: RenderedSource = {objects: result.objects};
		if (result.files) rendered.files = result.files.flatMap(file => joinRepoPath(sourcePath, file) ?? []);
		return rendered;
	} finally {
		for (const undo of restore.reverse()) await undo();
		if (scratch !== undefined) await rm(scratch, {recursive: true, force: true});
	}
}

/** Writes `text` at `file`; returns what puts the tree back as it was. */
async function replaceFile(root: string, file: string, text: string): Promise<() => Promise<void>> {
	const absolute = insidePath(root, file);
	if (absolute === undefined) throw editRefused(`${file} is outside the repository`);
	const created = await makeParents(root, path.dirname(absolute));
	let original: Buffer | undefined;
	try {
		const info = await lstat(absolute);
		if (!info.isFile()) throw editRefused(`${file} is not a regular file (a link or a directory); driftwatch does not write through it`);
		original = await readFile(absolute);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
	}
	await writeFile(absolute, text, 'utf8');
	return async () => {
		if (original === undefined) await rm(absolute, {force: true});
		else await writeFile(absolute, original);
		for (const dir of created.reverse()) await rmdir(dir).catch(() => undefined);
	};
}

/** Creates the missing directories above a new file, refusing any that resolve outside the tree. */
async function makeParents(root: string, dir: string): Promise<string[]> {
	const missing: string[] = [];
	let current = dir;
	while (current !== root && !(await exists(current))) {
		missing.unshift(current);
		current = path.dirname(current);
	}
	if (!isInside(root, await realpath(current))) throw editRefused(`${path.relative(root, dir)} leads outside the repository`);
	for (const directory of missing) await mkdir(directory);
	return missing;
}

async function exists(file: string): Promise<boolean> {
	try {
		await lstat(file);
		return true;
	} catch {
		return false;
	}
}

/** The absolute path of a repository path, or undefined when it is not a normalized path inside the tree. */
function insidePath(root: string, file: string): string | undefined {
	if (joinRepoPath('', file) !== file || file === '') return undefined;
	const absolute = path.join(root, ...file.split('/'));
	return isInside(root, absolute) ? absolute : undefined;
}

function isInside(root: string, candidate: string): boolean {
	return candidate === root || candidate.startsWith(root + path.sep);
}
