/**
 * Writes the tree of a commit into a fresh temporary directory, reading only the object database:
 * `git read-tree` into a private index file (GIT_INDEX_FILE), then `git checkout-index` with the
 * temp directory as work tree (GIT_WORK_TREE). The repository's own index, working tree, HEAD and
 * refs are never written, so a user's uncommitted changes are neither visible nor touched, and no
 * worktree is registered that a crash could leave behind. Unlike `git archive`, `export-ignore`
 * attributes do not drop files, and symlinks and executable bits come out as committed.
 */
import {mkdir, mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {DriftwatchError} from '../core/errors.js';
import {exitCodeOf, gitAt, gitFailed, isOptionLike} from './run-git.js';

export interface CheckedOutTree {
	/** The directory holding the files of the commit; read-only by convention. */
	dir: string;
	/** Deletes the directory; safe to call twice. */
	dispose(): Promise<void>;
}

/**
 * Checks out `sha` (any commit-ish) of the repository at `gitDir` (a bare repository or a working
 * repository's top level) into a temporary directory. `config`: the repository's overrides
 * (repository-overrides.ts: no smudge filter of a working repository's own runs).
 *
 * @throws DriftwatchError 'revision-not-found' when `sha` is not a commit of the repository,
 * 'git-failed' for other git failures.
 */
export async function checkoutTree(gitDir: string, sha: string, config: string[] = []): Promise<CheckedOutTree> {
	if (isOptionLike(sha)) throw new DriftwatchError('revision-not-found', `revision ${sha} not found`);
	const scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-tree-'));
	const dir = path.join(scratch, 'tree');
	// The index lives beside the tree, not in it, so it never shows up as a manifest.
	const git = gitAt(gitDir, {config, env: {GIT_INDEX_FILE: path.join(scratch, 'index'), GIT_WORK_TREE: dir}});
	const dispose = () => rm(scratch, {recursive: true, force: true});
	try {
		await mkdir(dir);
		try {
			await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${sha}^{commit}`]);
		} catch (error) {
			if (exitCodeOf(error) === 1) throw new DriftwatchError('revision-not-found', `commit ${sha} not found in ${gitDir}`, {cause: error});
			throw error;
		}
		await git.raw(['read-tree', '--end-of-options', `${sha}^{tree}`]);
		await git.raw(['checkout-index', '--all', '--force']);
	} catch (error) {
		await dispose();
		throw gitFailed(error, `checking out ${sha}`);
	}
	return {dir, dispose};
}
