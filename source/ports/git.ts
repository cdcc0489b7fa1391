/**
 * What the engine needs from Git (source/git implements it): prepare and fetch a repository,
 * resolve a revision to a commit, check a commit out, read history, revert a commit, and commit
 * planned file changes (keep, set-image, promote).
 */
import type {CommitInfo} from '../core/commit-info.js';

export type {CommitInfo};

/** A commit's tree on disk; `dispose` removes it. */
export interface Checkout {
	dir: string;
	dispose(): Promise<void>;
}

/** One file as a plan saw it and as it should be. */
export interface FileWrite {
	/** Repository-relative, '/' separators. */
	path: string;
	/** The text at the plan's base commit; null for a new file. */
	before: string | null;
	after: string;
}

export interface CommitChangesOptions {
	/** The branch to commit on; 'HEAD' means the branch HEAD names. */
	branch: string;
	/** The commit the plan was made on: each `before` is its file. */
	base: string;
	files: readonly FileWrite[];
	message: string;
}

export interface CommittedChanges {
	commit: CommitInfo;
	branch: string;
	/** True for a remote (pushed), false for a local repository (its branch moved). */
	pushed: boolean;
	/** True when the commit was rebased on commits that arrived after the plan's base. */
	rebased: boolean;
}

export interface GitPort {
	/** True for a remote clone (fetched, pushed to), false for a local repository read in place. */
	readonly isRemote: boolean;
	prepare(): Promise<void>;
	fetch(): Promise<void>;
	resolve(revision: string): Promise<CommitInfo>;
	checkout(sha: string): Promise<Checkout>;
	history(path: string, options?: {revision?: string; limit?: number}): Promise<CommitInfo[]>;
	revert(sha: string, options: {branch: string; message?: string}): Promise<CommitInfo>;
	/**
	 * The branch a write for an app that follows `revision` goes to, and its head after a fetch.
	 *
	 * @throws DriftwatchError 'edit-refused' when `revision` is a tag or a commit, not a branch.
	 */
	writableBranch(revision: string): Promise<{branch: string; head: CommitInfo}>;
	/**
	 * Commits planned file changes on a branch in a scratch worktree, rebased on its head and pushed
	 * without force (a local repository: moved only when no working tree has uncommitted work).
	 *
	 * @throws DriftwatchError 'edit-refused', 'conflict', 'revision-not-found', 'git-failed'.
	 */
	commitChanges(options: CommitChangesOptions): Promise<CommittedChanges>;
}

/** The Git port of each repository, by its repoURL (one clone and one fetch per repository). */
export type GitPorts = (repoURL: string) => GitPort;
