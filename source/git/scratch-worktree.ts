/**
 * What every Git write shares: a temporary worktree detached at a commit (never anybody's working
 * tree), with the user's hooks off and a fallback identity when the user has none, and the branch
 * lookups a write starts from. Used by the revert and by source edits (set-image, promote, keep).
 */
import {mkdir, mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {SimpleGit} from 'simple-git';
import {DriftwatchError} from '../core/errors.js';
import {exitCodeOf, gitAt, gitFailed} from './run-git.js';

/** Used only when the user has no git identity configured. */
export const fallbackIdentity = {name: 'driftwatch', email: 'driftwatch@localhost'};

/** A worktree made for one write. `git` runs in it with hooks off and an identity. */
export interface ScratchWorktree {
	dir: string;
	git: SimpleGit;
	/** `-c` settings for commands about this write run elsewhere (hooks off). */
	config: string[];
}

/**
 * Runs `work` in a temporary worktree of the repository at `gitDir`, detached at `commit`, and
 * removes the worktree afterwards, whatever happens. `base`: the repository's overrides
 * (repository-overrides.ts), given to every command.
 */
export async function withScratchWorktree<T>(
	gitDir: string,
	commit: string,
	base: string[],
	work: (worktree: ScratchWorktree) => Promise<T>,
): Promise<T> {
	const git = gitAt(gitDir, {config: base});
	const scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-write-'));
	const dir = path.join(scratch, 'worktree');
	// An empty hooks directory: the user's hooks assume their own working tree, not a scratch one.
	const noHooks = path.join(scratch, 'no-hooks');
	const config = [...base, `core.hooksPath=${noHooks}`];
	try {
		await mkdir(noHooks);
		await gitAt(gitDir, {config}).raw(['worktree', 'add', '--detach', '--quiet', dir, commit]);
		return await work({dir, git: gitAt(dir, {config: [...config, ...(await identityFallback(git))]}), config});
	} finally {
		await git.raw(['worktree', 'remove', '--force', dir]).catch(() => undefined);
		await rm(scratch, {recursive: true, force: true});
		await git.raw(['worktree', 'prune']).catch(() => undefined);
	}
}

/** The branch HEAD names (a remote's default branch in the cache). */
export async function headBranch(git: SimpleGit, repo: string): Promise<string> {
	try {
		return (await git.raw(['symbolic-ref', '--short', 'HEAD'])).trim();
	} catch (error) {
		throw new DriftwatchError('revision-not-found', `HEAD of ${repo} names no branch (detached); name the branch to write on`, {
			cause: error,
		});
	}
}

/** The commit `branch` points at. */
export async function branchTip(git: SimpleGit, branch: string, repo: string): Promise<string> {
	try {
		return (await git.raw(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`])).trim();
	} catch (error) {
		if (exitCodeOf(error) === 1) throw new DriftwatchError('revision-not-found', `branch ${branch} not found in ${repo}`, {cause: error});
		throw gitFailed(error, `reading branch ${branch}`);
	}
}

export async function isAncestor(git: SimpleGit, ancestor: string, descendant: string): Promise<boolean> {
	try {
		await git.raw(['merge-base', '--is-ancestor', ancestor, descendant]);
		return true;
	} catch (error) {
		if (exitCodeOf(error) === 1) return false;
		throw gitFailed(error, 'comparing commits');
	}
}

/** The worktrees of a repository and the branch each has checked out. */
export async function worktreeBranches(git: SimpleGit): Promise<Array<{dir: string; branch?: string; bare: boolean}>> {
	const list = await git.raw(['worktree', 'list', '--porcelain']);
	const worktrees: Array<{dir: string; branch?: string; bare: boolean}> = [];
	for (const line of list.split('\n')) {
		if (line.startsWith('worktree ')) worktrees.push({dir: line.slice('worktree '.length), bare: false});
		const current = worktrees.at(-1);
		if (!current) continue;
		if (line.startsWith('branch refs/heads/')) current.branch = line.slice('branch refs/heads/'.length);
		if (line === 'bare') current.bare = true;
	}
	return worktrees;
}

async function identityFallback(git: SimpleGit): Promise<string[]> {
	const missing: string[] = [];
	for (const [key, value] of [
		['user.name', fallbackIdentity.name],
		['user.email', fallbackIdentity.email],
	] as const) {
		const configured = await git.raw(['config', '--get', key]).catch(() => '');
		if (!configured.trim()) missing.push(`${key}=${value}`);
	}
	return missing;
}
