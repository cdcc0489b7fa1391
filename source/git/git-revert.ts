/**
 * Reverts a commit on a branch without touching anybody's working tree: the revert is made in a
 * temporary worktree detached at the branch tip, then published by a plain (never forced) push
 * for remotes, or by a compare-and-swap ref update for a local repository. A conflict aborts the
 * revert and leaves the branch as it was.
 */
import {mkdir, mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {SimpleGit} from 'simple-git';
import {DriftwatchError} from '../core/errors.js';
import type {CommitInfo} from './commit-info.js';
import {revisionProblem} from '../core/source-values.js';
import {exitCodeOf, gitAt, gitFailed} from './run-git.js';

/** What the revert needs from its GitSource. */
export interface RevertContext {
	/** The bare cache (remote) or the working repository's top level (local). */
	gitDir: string;
	remote: boolean;
	/** The repository as the user named it, for messages. */
	repo: string;
	resolve(revision: string): Promise<CommitInfo>;
	fetch(): Promise<void>;
}

export interface RevertOptions {
	/** The branch to commit the revert on. */
	branch: string;
	/** Replaces git's `Revert "<subject>"` message. */
	message?: string;
}

/** Used only when the user has no git identity configured. */
export const fallbackIdentity = {name: 'driftwatch', email: 'driftwatch@localhost'};

/**
 * Creates `git revert` of `sha` on `options.branch` and publishes it.
 *
 * @returns The new revert commit.
 * @throws DriftwatchError 'revision-not-found' (unknown branch or commit, or the commit is not
 * on the branch), 'conflict' (the revert does not apply; nothing was committed), 'git-failed'
 * (push rejected, the branch moved, or it is checked out in a local working tree).
 */
export async function revertCommit(context: RevertContext, sha: string, options: RevertOptions): Promise<CommitInfo> {
	const named = options.branch.trim();
	const problem = named ? revisionProblem(named) : 'must not be empty';
	if (problem) throw new DriftwatchError('revision-not-found', `invalid branch name ${JSON.stringify(options.branch)}: ${problem}`);
	if (context.remote) await context.fetch();
	const git = gitAt(context.gitDir);
	// An app that tracks HEAD reverts on the branch HEAD names (the remote's default branch).
	const branch = named === 'HEAD' ? await headBranch(git, context.repo) : named;
	const tip = await branchTip(git, branch, context.repo);
	const target = await context.resolve(sha);
	if (!(await isAncestor(git, target.sha, tip))) {
		throw new DriftwatchError('revision-not-found', `commit ${target.shortSha} is not on branch ${branch}`);
	}
	if (!context.remote) await refuseCheckedOutBranch(git, branch);

	const scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-revert-'));
	const worktree = path.join(scratch, 'worktree');
	// An empty hooks directory: the user's hooks assume their own working tree, not a scratch one.
	const noHooks = path.join(scratch, 'no-hooks');
	const hooksOff = `core.hooksPath=${noHooks}`;
	try {
		await mkdir(noHooks);
		await gitAt(context.gitDir, {config: [hooksOff]}).raw(['worktree', 'add', '--detach', '--quiet', worktree, tip]);
		const work = gitAt(worktree, {config: [hooksOff, ...(await identityFallback(git))]});
		const revertSha = await commitRevert(work, target, branch, options.message);
		if (context.remote) {
			await work.raw(['push', '--quiet', 'origin', `${revertSha}:refs/heads/${branch}`]).catch((error: unknown) => {
				throw gitFailed(
					error,
					`pushing the revert to ${branch} of ${context.repo}`,
					'nothing was changed on the remote; refresh and try again',
				);
			});
			await context.fetch();
		} else {
			// Compare-and-swap: fails instead of dropping commits made on the branch meanwhile.
			await git
				.raw(['update-ref', '-m', `driftwatch: revert ${target.shortSha}`, `refs/heads/${branch}`, revertSha, tip])
				.catch((error: unknown) => {
					throw gitFailed(error, `moving ${branch} to the revert`, 'the branch moved meanwhile; try again');
				});
		}
		return await context.resolve(revertSha);
	} finally {
		await git.raw(['worktree', 'remove', '--force', worktree]).catch(() => undefined);
		await rm(scratch, {recursive: true, force: true});
		await git.raw(['worktree', 'prune']).catch(() => undefined);
	}
}

async function commitRevert(work: SimpleGit, target: CommitInfo, branch: string, message: string | undefined): Promise<string> {
	const parents = (await work.raw(['rev-list', '--parents', '--max-count=1', target.sha])).trim().split(' ').length - 1;
	// Reverting a merge means undoing what it brought into its first parent (a merged pull request).
	const mainline = parents > 1 ? ['-m', '1'] : [];
	try {
		await work.raw(['revert', '--no-edit', ...mainline, target.sha]);
	} catch (error) {
		const unmerged = (await work.raw(['diff', '--name-only', '--diff-filter=U']).catch(() => '')).trim();
		if (unmerged) {
			await work.raw(['revert', '--abort']).catch(() => undefined);
			const files = unmerged.split('\n').join(', ');
			throw new DriftwatchError('conflict', `reverting ${target.shortSha} on ${branch} conflicts with later changes to ${files}`, {
				hint: 'nothing was committed; revert it by hand and resolve the conflict',
				cause: error,
			});
		}
		throw gitFailed(error, `reverting ${target.shortSha} on ${branch}`);
	}
	if (message) await work.raw(['commit', '--amend', '--quiet', '--message', message]);
	return (await work.raw(['rev-parse', 'HEAD'])).trim();
}

async function headBranch(git: SimpleGit, repo: string): Promise<string> {
	try {
		return (await git.raw(['symbolic-ref', '--short', 'HEAD'])).trim();
	} catch (error) {
		throw new DriftwatchError('revision-not-found', `HEAD of ${repo} names no branch (detached); name the branch to revert on`, {
			cause: error,
		});
	}
}

async function branchTip(git: SimpleGit, branch: string, repo: string): Promise<string> {
	try {
		return (await git.raw(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}^{commit}`])).trim();
	} catch (error) {
		if (exitCodeOf(error) === 1) throw new DriftwatchError('revision-not-found', `branch ${branch} not found in ${repo}`, {cause: error});
		throw gitFailed(error, `reading branch ${branch}`);
	}
}

async function isAncestor(git: SimpleGit, ancestor: string, descendant: string): Promise<boolean> {
	try {
		await git.raw(['merge-base', '--is-ancestor', ancestor, descendant]);
		return true;
	} catch (error) {
		if (exitCodeOf(error) === 1) return false;
		throw gitFailed(error, 'comparing commits');
	}
}

/**
 * Moving a branch that a working tree has checked out would leave that tree's files and index
 * describing the old tip: the user's `git status` would suddenly show the revert undone.
 */
async function refuseCheckedOutBranch(git: SimpleGit, branch: string): Promise<void> {
	const list = await git.raw(['worktree', 'list', '--porcelain']);
	let current = '';
	for (const line of list.split('\n')) {
		if (line.startsWith('worktree ')) current = line.slice('worktree '.length);
		if (line === `branch refs/heads/${branch}`) {
			throw new DriftwatchError(
				'git-failed',
				`branch ${branch} is checked out in ${current}; driftwatch does not move a checked-out branch`,
				{
					hint: `run git revert there yourself, or switch that working tree to another branch`,
				},
			);
		}
	}
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
