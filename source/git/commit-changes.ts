/**
 * Commits planned file changes on a branch without touching anybody's work: the commit is made in
 * a scratch worktree at the commit the plan was made on, rebased on the branch's head, and pushed
 * without force. A push rejected because someone pushed meanwhile is rebased once more and retried
 * when it applies cleanly; a conflict is refused with the files it is about. A local working
 * repository with uncommitted changes is never touched; a clean one that has the branch checked
 * out is fast-forwarded.
 */
import {lstat, mkdir, readFile, realpath, writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {SimpleGit} from 'simple-git';
import {DriftwatchError} from '../core/errors.js';
import {joinRepoPath} from '../core/source-edit/repo-path.js';
import type {CommitChangesOptions, CommittedChanges, FileWrite} from '../ports/git.js';
import type {RevertContext} from './git-revert.js';
import {exitCodeOf, gitAt, gitFailed, isOptionLike} from './run-git.js';
import {branchTip, headBranch, isAncestor, type ScratchWorktree, withScratchWorktree, worktreeBranches} from './scratch-worktree.js';

export type {CommitChangesOptions, CommittedChanges, FileWrite};

/**
 * Commits `options.files` on `options.branch` with `options.message` and publishes it.
 *
 * @throws DriftwatchError 'edit-refused' (uncommitted changes in a local working tree; invalid
 * paths; a plan made on a commit not on the branch), 'conflict' (the branch changed the same lines
 * meanwhile; nothing was pushed), 'revision-not-found', 'git-failed' (push rejected twice, no access).
 */
export async function commitChanges(context: RevertContext, options: CommitChangesOptions): Promise<CommittedChanges> {
	validate(options);
	if (context.remote) await context.fetch();
	const git = gitAt(context.gitDir, {config: context.config});
	const named = options.branch.trim();
	const branch = named === 'HEAD' ? await headBranch(git, context.repo) : named;
	await requireBranchName(git, branch);
	let tip = await branchTip(git, branch, context.repo);
	if (!(await isAncestor(git, options.base, tip))) {
		throw new DriftwatchError('edit-refused', `the edit was planned on ${options.base.slice(0, 7)}, which is not on branch ${branch}`, {
			hint: 'run the command again to plan on the branch as it is now',
		});
	}
	const checkedOutIn = context.remote ? undefined : await refuseUncommittedWork(git, branch, context.repo, context.config);
	return withScratchWorktree(context.gitDir, options.base, context.config, async worktree => {
		await writeFiles(worktree.dir, options.files);
		const paths = options.files.map(file => `:(literal)${file.path}`);
		await worktree.git.raw(['add', '--', ...paths]);
		await worktree.git.raw(['commit', '--quiet', '--no-verify', `--message=${options.message}`]);
		let rebased = false;
		if (tip !== options.base) {
			await rebaseOnto(worktree.git, tip, branch, context.repo);
			rebased = true;
		}
		if (context.remote) {
			for (let attempt = 1; ; attempt++) {
				const pushed = await push(worktree.git, branch);
				if (pushed.ok) break;
				// Rejected: if the branch moved, someone pushed meanwhile; rebase once more on their commits.
				await context.fetch();
				const moved = await branchTip(git, branch, context.repo);
				if (moved === tip || attempt > 1) {
					throw gitFailed(pushed.error, `pushing to ${branch} of ${context.repo}`, 'nothing was changed on the remote; try again');
				}
				tip = moved;
				await rebaseOnto(worktree.git, tip, branch, context.repo);
				rebased = true;
			}
			await context.fetch();
		} else {
			await publishLocally(git, worktree, branch, tip, checkedOutIn);
		}
		const sha = (await worktree.git.raw(['rev-parse', 'HEAD'])).trim();
		return {commit: await context.resolve(sha), branch, pushed: context.remote, rebased};
	});
}

function validate(options: CommitChangesOptions): void {
	if (options.files.length === 0) throw new DriftwatchError('edit-refused', 'there is nothing to commit');
	if (!options.message.trim()) throw new DriftwatchError('edit-refused', 'a commit needs a message');
	if (!/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(options.base))
		throw new DriftwatchError('edit-refused', `invalid base commit '${options.base}'`);
	for (const file of options.files) {
		const segments = file.path.split('/');
		if (joinRepoPath('', file.path) !== file.path || file.path === '' || segments.some(segment => segment.toLowerCase() === '.git')) {
			throw new DriftwatchError('edit-refused', `invalid repository path '${file.path}'`);
		}
	}
}

async function requireBranchName(git: SimpleGit, branch: string): Promise<void> {
	const valid =
		branch !== '' &&
		!isOptionLike(branch) &&
		(await git.raw(['check-ref-format', `refs/heads/${branch}`]).then(
			() => true,
			() => false,
		));
	if (!valid) throw new DriftwatchError('revision-not-found', `invalid branch name '${branch}'`);
}

/**
 * A local repository is written only when no working tree of it has uncommitted changes to
 * tracked files. Returns the working tree that has the branch checked out, if any.
 */
export async function refuseUncommittedWork(git: SimpleGit, branch: string, repo: string, config: string[]): Promise<string | undefined> {
	const worktrees = (await worktreeBranches(git)).filter(worktree => !worktree.bare);
	for (const worktree of worktrees) {
		// --no-optional-locks: a status check must not rewrite the user's index.
		const status = await gitAt(worktree.dir, {config}).raw(['--no-optional-locks', 'status', '--porcelain', '--untracked-files=no']);
		const changed = status
			.split('\n')
			.filter(Boolean)
			.map(line => line.slice(3));
		if (changed.length > 0) {
			const listed = changed.slice(0, 5).join(', ') + (changed.length > 5 ? ` and ${changed.length - 5} more` : '');
			throw new DriftwatchError(
				'edit-refused',
				`${worktree.dir} has uncommitted changes (${listed}); driftwatch does not touch a working tree with uncommitted work`,
				{
					hint: `commit or stash them in ${repo}, then run the command again`,
				},
			);
		}
	}
	return worktrees.find(worktree => worktree.branch === branch)?.dir;
}

/** Writes the planned files into the scratch worktree, after checking they are what the plan saw. */
async function writeFiles(root: string, files: readonly FileWrite[]): Promise<void> {
	const realRoot = await realpath(root);
	for (const file of files) {
		const absolute = path.join(realRoot, ...file.path.split('/'));
		await mkdir(path.dirname(absolute), {recursive: true});
		const parent = await realpath(path.dirname(absolute));
		if (parent !== realRoot && !parent.startsWith(realRoot + path.sep)) {
			throw new DriftwatchError('edit-refused', `${file.path} leads outside the repository through a symbolic link`);
		}
		const current = await readRegularFile(absolute, file.path);
		if (current !== file.before) {
			throw new DriftwatchError('edit-refused', `${file.path} at the planned commit is not what the edit was planned on`, {
				hint: 'run the command again',
			});
		}
		await writeFile(absolute, file.after, 'utf8');
	}
}

async function readRegularFile(absolute: string, name: string): Promise<string | null> {
	try {
		const info = await lstat(absolute);
		if (!info.isFile()) throw new DriftwatchError('edit-refused', `${name} is not a regular file; driftwatch does not write through links`);
		return await readFile(absolute, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
		throw error;
	}
}

async function rebaseOnto(work: SimpleGit, tip: string, branch: string, repo: string): Promise<void> {
	try {
		await work.raw(['rebase', '--quiet', tip]);
	} catch (error) {
		const unmerged = (await work.raw(['diff', '--name-only', '--diff-filter=U']).catch(() => '')).trim();
		await work.raw(['rebase', '--abort']).catch(() => undefined);
		if (unmerged) {
			throw new DriftwatchError(
				'conflict',
				`${branch} of ${repo} changed ${unmerged.split('\n').join(', ')} since the edit was planned, on the same lines`,
				{
					hint: 'nothing was pushed; run the command again to plan on the new head',
					cause: error,
				},
			);
		}
		throw gitFailed(error, `rebasing the edit on ${branch}`);
	}
}

/** Pushes HEAD to `branch`, never forced; a refusal by git (rejected, unreachable) comes back as a value. */
async function push(work: SimpleGit, branch: string): Promise<{ok: true} | {ok: false; error: unknown}> {
	try {
		const sha = (await work.raw(['rev-parse', 'HEAD'])).trim();
		await work.raw(['push', '--quiet', 'origin', `${sha}:refs/heads/${branch}`]);
		return {ok: true};
	} catch (error) {
		if (exitCodeOf(error) === undefined) throw error;
		return {ok: false, error};
	}
}

/**
 * A local repository: the branch moves by compare-and-swap; a clean working tree that has it
 * checked out is fast-forwarded so its files match the new commit.
 */
async function publishLocally(
	git: SimpleGit,
	worktree: ScratchWorktree,
	branch: string,
	tip: string,
	checkedOutIn: string | undefined,
): Promise<void> {
	const sha = (await worktree.git.raw(['rev-parse', 'HEAD'])).trim();
	try {
		if (checkedOutIn === undefined) {
			await git.raw(['update-ref', '-m', 'driftwatch: edit', `refs/heads/${branch}`, sha, tip]);
		} else {
			await gitAt(checkedOutIn, {config: worktree.config}).raw(['merge', '--ff-only', '--quiet', sha]);
		}
	} catch (error) {
		throw gitFailed(error, `moving ${branch} to the edit`, 'the branch moved meanwhile, or an untracked file is in the way; try again');
	}
}
