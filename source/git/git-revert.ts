/**
 * Reverts a commit on a branch without touching anybody's working tree: the revert is made in a
 * temporary worktree detached at the branch tip, then published by a plain (never forced) push
 * for remotes, or by a compare-and-swap ref update for a local repository. A conflict aborts the
 * revert and leaves the branch as it was.
 */
import type {SimpleGit} from 'simple-git';
import {DriftwatchError} from '../core/errors.js';
import type {CommitInfo} from './commit-info.js';
import {revisionProblem} from '../core/source-values.js';
import {gitAt, gitFailed} from './run-git.js';
import {branchTip, headBranch, isAncestor, withScratchWorktree, worktreeBranches} from './scratch-worktree.js';

export {fallbackIdentity} from './scratch-worktree.js';

/** What the revert needs from its GitSource. */
export interface RevertContext {
	/** The bare cache (remote) or the working repository's top level (local). */
	gitDir: string;
	remote: boolean;
	/** The repository as the user named it, for messages (credentials masked). */
	repo: string;
	/** `-c` settings that neutralise what the repository's own configuration would run (repository-overrides.ts). */
	config: string[];
	resolve(revision: string): Promise<CommitInfo>;
	fetch(): Promise<void>;
}

export interface RevertOptions {
	/** The branch to commit the revert on. */
	branch: string;
	/** Replaces git's `Revert "<subject>"` message. */
	message?: string;
}

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
	const git = gitAt(context.gitDir, {config: context.config});
	// An app that tracks HEAD reverts on the branch HEAD names (the remote's default branch).
	const branch = named === 'HEAD' ? await headBranch(git, context.repo) : named;
	const tip = await branchTip(git, branch, context.repo);
	const target = await context.resolve(sha);
	if (!(await isAncestor(git, target.sha, tip))) {
		throw new DriftwatchError('revision-not-found', `commit ${target.shortSha} is not on branch ${branch}`);
	}
	if (!context.remote) await refuseCheckedOutBranch(git, branch);

	return withScratchWorktree(context.gitDir, tip, context.config, async ({git: work}) => {
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
		return context.resolve(revertSha);
	});
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

/**
 * Moving a branch that a working tree has checked out would leave that tree's files and index
 * describing the old tip: the user's `git status` would suddenly show the revert undone.
 */
async function refuseCheckedOutBranch(git: SimpleGit, branch: string): Promise<void> {
	const holder = (await worktreeBranches(git)).find(worktree => worktree.branch === branch);
	if (holder) {
		throw new DriftwatchError(
			'git-failed',
			`branch ${branch} is checked out in ${holder.dir}; driftwatch does not move a checked-out branch`,
			{
				hint: `run git revert there yourself, or switch that working tree to another branch`,
			},
		);
	}
}
