/**
 * Checks a directory that a tool will read as a whole (a Helm chart: helm's loader follows
 * symlinks, so `templates/x.yaml -> ~/.kube/config` or `files/key -> ~/.ssh/id_rsa` would be
 * read and could be rendered into an object) before the tool runs: every symlink in it must
 * lead to a place inside the repository, and the tree must be of a sane size.
 */
import {readdir, realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import {DriftwatchError} from '../core/errors.js';
import {checkFileSize, isInside, outsideRepository} from './repository-paths.js';

/** The most entries (files and directories) a checked tree may hold. */
export const maxTreeEntries = 50_000;

/**
 * Walks `dir` (a real path inside the real path `root`), following symlinked directories that
 * stay inside (each real directory once, so a link cycle ends).
 *
 * @throws DriftwatchError 'render-failed' naming the first symlink that leads outside (or nowhere),
 * a file over the size limit, or a tree over {@link maxTreeEntries} entries.
 */
export async function checkTreeLinks(root: string, dir: string): Promise<void> {
	const visited = new Set<string>();
	let entries = 0;
	const shown = (absolute: string) => path.relative(root, absolute) || '.';
	const walk = async (realDir: string, shownDir: string): Promise<void> => {
		if (visited.has(realDir)) return;
		visited.add(realDir);
		for (const entry of await readdir(realDir, {withFileTypes: true})) {
			if (++entries > maxTreeEntries) {
				throw new DriftwatchError('render-failed', `${shown(dir)} holds more than ${maxTreeEntries} files and directories; refused`);
			}
			const name = `${shownDir}/${entry.name}`;
			const absolute = path.join(realDir, entry.name);
			if (entry.isDirectory()) {
				await walk(absolute, name);
				continue;
			}
			if (entry.isFile()) {
				checkFileSize((await stat(absolute)).size, name);
				continue;
			}
			if (!entry.isSymbolicLink()) continue;
			let target: string;
			try {
				target = await realpath(absolute);
			} catch (error) {
				throw new DriftwatchError('render-failed', `${name}: symlink target is missing`, {cause: error});
			}
			if (!isInside(root, target)) throw outsideRepository(name);
			const info = await stat(target);
			if (info.isDirectory()) await walk(target, name);
			else checkFileSize(info.size, name);
		}
	};
	await walk(dir, shown(dir));
}
