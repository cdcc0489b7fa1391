/**
 * kustomize keeps the files of a kustomization inside its own directory (its load restrictor),
 * but a directory named in `resources`, `components` (or a generator/transformer kustomization)
 * may be anywhere: `resources: [../../../../home/user/other-repo/prod]` would build a directory
 * outside the repository, secret generators included. Before kubectl runs, this walks every local
 * kustomization the build would visit, by real path, and refuses any that leads outside.
 * Remote bases (git URLs) are left to kustomize, which keeps each clone's bases inside the clone;
 * `file://` clones are blocked by the protocol list run-kustomize passes to git.
 */
import {readFile, realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import {load} from 'js-yaml';
import {DriftwatchError} from '../core/errors.js';
import {isRecord} from '../core/json-value.js';
import {kustomizationFileNames} from './detect-source-type.js';
import {checkFileSize, isInside, outsideRepository, resolveInside} from './repository-paths.js';

/** The most kustomization directories one build may visit. */
export const maxKustomizations = 1000;

/** Fields whose entries may name another kustomization directory. */
const directoryFields = ['resources', 'bases', 'components', 'generators', 'transformers', 'validators'] as const;

/**
 * Checks the kustomization in `dir` (a real path inside the real path `root`) and every local
 * directory it pulls in, transitively.
 *
 * @throws DriftwatchError 'render-failed' naming the kustomization file and the entry that leads
 * outside the repository, or a kustomization file that cannot be read as YAML.
 */
export async function checkKustomizationPaths(root: string, dir: string): Promise<void> {
	const visited = new Set<string>();
	const queue = [dir];
	for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
		if (visited.has(next)) continue;
		visited.add(next);
		if (visited.size > maxKustomizations) {
			throw new DriftwatchError('render-failed', `the kustomization pulls in more than ${maxKustomizations} directories; refused`);
		}
		const file = await kustomizationFile(root, next);
		if (file === undefined) continue;
		for (const {field, entry} of await directoryEntries(root, file)) {
			const shown = `${path.relative(root, file)}: ${field}: ${JSON.stringify(entry)}`;
			const target = path.resolve(next, entry);
			// Not on disk: a remote base (kustomize clones it, contained) or a mistake kustomize reports.
			const real = await realpath(target).catch(() => undefined);
			if (real === undefined) continue;
			if (!isInside(root, real)) throw outsideRepository(shown);
			if ((await stat(real)).isDirectory()) queue.push(real);
		}
	}
}

async function kustomizationFile(root: string, dir: string): Promise<string | undefined> {
	for (const name of kustomizationFileNames) {
		const candidate = path.join(dir, name);
		const exists = await stat(candidate).then(
			() => true,
			() => false,
		);
		if (exists) return resolveInside(root, dir, name, path.relative(root, candidate));
	}
	return undefined;
}

async function directoryEntries(root: string, file: string): Promise<Array<{field: string; entry: string}>> {
	const shown = path.relative(root, file);
	checkFileSize((await stat(file)).size, shown);
	let document: unknown;
	try {
		document = load(await readFile(file, 'utf8'), {filename: shown});
	} catch (error) {
		// What we cannot read we cannot check; kustomize might read it differently, so refuse.
		throw new DriftwatchError(
			'render-failed',
			`${shown}: not readable as YAML: ${error instanceof Error ? error.message : String(error)}`,
			{
				cause: error,
			},
		);
	}
	if (!isRecord(document)) return [];
	const entries: Array<{field: string; entry: string}> = [];
	for (const field of directoryFields) {
		const value = document[field];
		if (!Array.isArray(value)) continue;
		value.forEach((entry, index) => {
			if (typeof entry === 'string' && entry.trim() !== '') entries.push({field: `${field}[${index}]`, entry: entry.trim()});
		});
	}
	return entries;
}
