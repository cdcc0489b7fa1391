/**
 * A Git repository as an Application source. Remotes are cloned once into a cache and fetched on
 * demand; a local working repository is read in place through its object database only, so the
 * user's working tree, index and uncommitted changes stay exactly as they were.
 */
import {existsSync} from 'node:fs';
import {DriftwatchError} from '../core/errors.js';
import {checkoutTree, type CheckedOutTree} from './checkout-tree.js';
import {commitFormat, parseCommits, type CommitInfo} from './commit-info.js';
import {ensureCache, fetchCache} from './git-cache.js';
import {commitChanges, type CommitChangesOptions, type CommittedChanges, refuseUncommittedWork} from './commit-changes.js';
import {revertCommit, type RevertContext, type RevertOptions} from './git-revert.js';
import {isRemoteLocation, normalizeLocation, repoCacheDir} from './repo-location.js';
import {exitCodeOf, gitAt, gitFailed, isOptionLike} from './run-git.js';
import {repoURLProblem} from '../core/source-values.js';
import {maskUrlCredentials} from '../core/url-credentials.js';
import type {GitPort} from '../ports/git.js';
import {branchTip, headBranch} from './scratch-worktree.js';
import {repositoryOverrides} from './repository-overrides.js';

export type {CheckedOutTree} from './checkout-tree.js';
export type {CommitInfo} from './commit-info.js';
export type {RevertOptions} from './git-revert.js';
export type {CommitChangesOptions, CommittedChanges, FileWrite} from './commit-changes.js';

export interface GitSourceOptions {
	/** `repoURL`: https://, ssh://, git@host:path, file://, a bare repository's path, or a working repository's path. */
	repo: string;
	/** Where remotes are cloned; default `$DRIFTWATCH_CACHE/repos` (`~/.cache/driftwatch/repos`). */
	cacheRoot?: string;
}

export interface HistoryOptions {
	/** Default 'HEAD'. */
	revision?: string;
	/** Default 20. */
	limit?: number;
}

export class GitSource implements GitPort {
	/** The repository location, paths made absolute. */
	readonly repo: string;
	/** For remotes: the bare clone, `<cacheRoot>/<sha256(url) first 16 hex>`. */
	readonly cacheDir: string | undefined;
	readonly #remote: boolean;
	/** The location as messages name it: credentials in the URL masked. */
	readonly #shown: string;
	/** `-c` settings that neutralise what a working repository's own configuration would run; none for a cache we cloned. */
	#overrides: string[] = [];
	#ready: Promise<string> | undefined;

	constructor(options: GitSourceOptions) {
		const problem = repoURLProblem(options.repo);
		if (problem)
			throw new DriftwatchError('config-invalid', maskUrlCredentials(`invalid repository ${JSON.stringify(options.repo)}: ${problem}`));
		this.repo = normalizeLocation(options.repo);
		this.#shown = maskUrlCredentials(this.repo);
		this.#remote = isRemoteLocation(this.repo);
		this.cacheDir = this.#remote ? repoCacheDir(this.repo, options.cacheRoot) : undefined;
	}

	/** True for a remote (cloned into the cache), false for a local working repository. */
	get isRemote(): boolean {
		return this.#remote;
	}

	/**
	 * Clones the remote into the cache, or fetches when the cache exists; for a local repository,
	 * checks that it is one. Called implicitly by every other method.
	 *
	 * @throws DriftwatchError 'git-failed' with git's stderr (unreachable, authentication, not a repository).
	 */
	async prepare(): Promise<void> {
		await this.#gitDir();
	}

	/**
	 * Fetches new commits, branches and tags from the remote; for a local repository, reads its
	 * configuration again (its overrides follow it).
	 */
	async fetch(): Promise<void> {
		const first = this.#ready === undefined;
		const dir = await this.#gitDir();
		// The first prepare has just cloned or fetched.
		if (first) return;
		if (this.#remote) await fetchCache(this.repo, dir);
		else this.#overrides = await repositoryOverrides(gitAt(dir));
	}

	/**
	 * The commit `revision` names: a branch (for a local repository also `origin/x`, and `x` falls
	 * back to `origin/x`), a tag, a full or short SHA, or HEAD (the remote's default branch).
	 *
	 * @throws DriftwatchError 'revision-not-found'.
	 */
	async resolve(revision: string): Promise<CommitInfo> {
		const dir = await this.#gitDir();
		const git = gitAt(dir, {config: this.#overrides});
		const wanted = revision.trim() || 'HEAD';
		if (!isOptionLike(wanted)) {
			for (const candidate of this.#candidates(wanted)) {
				let sha: string;
				try {
					sha = (await git.raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${candidate}^{commit}`])).trim();
				} catch (error) {
					if (exitCodeOf(error) === 1) continue;
					throw gitFailed(error, `resolving ${wanted} in ${this.#shown}`);
				}
				const [commit] = parseCommits(await git.raw(['log', '--max-count=1', `--format=${commitFormat}`, '--end-of-options', sha]));
				if (commit) return commit;
			}
		}
		throw new DriftwatchError('revision-not-found', `revision ${wanted} not found in ${this.#shown}`, {
			hint: this.#remote ? 'check the branch, tag or commit, and that it was pushed' : 'check the branch, tag or commit',
		});
	}

	/** The files of commit `sha` in a new temporary directory; call `dispose()` when done. */
	async checkout(sha: string): Promise<CheckedOutTree> {
		const dir = await this.#gitDir();
		return checkoutTree(dir, sha, this.#overrides);
	}

	/** The last `limit` commits reachable from `revision` that touch `path` (repository-relative), newest first. */
	async history(path: string, options: HistoryOptions = {}): Promise<CommitInfo[]> {
		const head = await this.resolve(options.revision ?? 'HEAD');
		const limit = Math.max(1, Math.floor(options.limit ?? 20));
		const relative = path.replace(/^(?:\.?\/)+/u, '').replace(/\/+$/u, '');
		const pathspec = relative === '' || relative === '.' ? [] : ['--', `:(literal)${relative}`];
		try {
			const output = await gitAt(await this.#gitDir(), {config: this.#overrides}).raw([
				'log',
				`--max-count=${limit}`,
				`--format=${commitFormat}`,
				'--end-of-options',
				head.sha,
				...pathspec,
			]);
			return parseCommits(output);
		} catch (error) {
			throw gitFailed(error, `reading the history of ${path || '/'} in ${this.#shown}`);
		}
	}

	/**
	 * Commits `git revert` of `sha` on `options.branch`, in a temporary worktree: pushed (never
	 * forced) for a remote; for a local repository, the branch is moved if no working tree has it
	 * checked out. Uses the user's git identity, else `driftwatch <driftwatch@localhost>`.
	 *
	 * @returns The new revert commit.
	 * @throws DriftwatchError 'conflict' (aborted, nothing committed), 'revision-not-found', 'git-failed'.
	 */
	async revert(sha: string, options: RevertOptions): Promise<CommitInfo> {
		return revertCommit(await this.#writeContext(), sha, options);
	}

	/**
	 * Commits planned file changes on `options.branch`, made in a temporary worktree at the plan's
	 * base, rebased on the branch head and pushed without force (a remote), or moved onto the branch
	 * (a local repository with no uncommitted changes; a clean checked-out branch is fast-forwarded).
	 *
	 * @throws DriftwatchError 'edit-refused', 'conflict', 'revision-not-found', 'git-failed'.
	 */
	async commitChanges(options: CommitChangesOptions): Promise<CommittedChanges> {
		return commitChanges(await this.#writeContext(), options);
	}

	/**
	 * The branch a write for an app that follows `revision` goes to, and its head after a fetch:
	 * HEAD means the branch HEAD names; a tag or a commit cannot be written to, nor a local
	 * repository whose working trees have uncommitted changes.
	 *
	 * @throws DriftwatchError 'edit-refused' when `revision` is not a branch, or work is uncommitted.
	 */
	async writableBranch(revision: string): Promise<{branch: string; head: CommitInfo}> {
		await this.fetch();
		const git = gitAt(await this.#gitDir(), {config: this.#overrides});
		const wanted = revision.trim() || 'HEAD';
		const named = this.#remote && wanted.startsWith('origin/') ? wanted.slice('origin/'.length) : wanted;
		const branch = named === 'HEAD' ? await headBranch(git, this.#shown) : named;
		const notBranch = () =>
			new DriftwatchError('edit-refused', `the app follows ${wanted}, which is not a branch of ${this.#shown}`, {
				hint: 'driftwatch commits only to a branch; point the app at a branch, or edit the repository by hand',
			});
		if (isOptionLike(branch)) throw notBranch();
		try {
			const tip = await branchTip(git, branch, this.#shown);
			// Said before anything is planned, not after the user confirmed the diff.
			if (!this.#remote) await refuseUncommittedWork(git, branch, this.#shown, this.#overrides);
			return {branch, head: await this.resolve(tip)};
		} catch (error) {
			if (error instanceof DriftwatchError && error.code === 'revision-not-found') throw notBranch();
			throw error;
		}
	}

	async #writeContext(): Promise<RevertContext> {
		const gitDir = await this.#gitDir();
		// `repo` only names the repository in messages.
		return {
			gitDir,
			remote: this.#remote,
			repo: this.#shown,
			config: this.#overrides,
			resolve: revision => this.resolve(revision),
			fetch: () => this.fetch(),
		};
	}

	#candidates(revision: string): string[] {
		if (this.#remote) {
			// The cache mirrors the remote's branches as local ones: `origin/x` is `x` there.
			return revision.startsWith('origin/') ? [revision, revision.slice('origin/'.length)] : [revision];
		}
		return revision === 'HEAD' ? [revision] : [revision, `refs/remotes/origin/${revision}`];
	}

	#gitDir(): Promise<string> {
		this.#ready ??= this.#open().catch((error: unknown) => {
			// A failed clone is retried on the next call instead of failing forever.
			this.#ready = undefined;
			throw error;
		});
		return this.#ready;
	}

	async #open(): Promise<string> {
		if (this.cacheDir !== undefined) {
			if ((await ensureCache(this.repo, this.cacheDir)) === 'reused') await fetchCache(this.repo, this.cacheDir);
			return this.cacheDir;
		}
		try {
			if (!existsSync(this.repo)) throw new Error(`${this.#shown} does not exist`);
			const top = (await gitAt(this.repo).raw(['rev-parse', '--show-toplevel'])).trim();
			this.#overrides = await repositoryOverrides(gitAt(top));
			return top;
		} catch (error) {
			throw gitFailed(error, `opening ${this.#shown}`, 'the path must be a Git working repository, a bare repository or a URL');
		}
	}
}
