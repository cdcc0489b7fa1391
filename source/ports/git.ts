/**
 * What the engine needs from Git (source/git implements it): prepare and fetch a repository,
 * resolve a revision to a commit, check a commit out, read history, and revert a commit.
 */
import type {CommitInfo} from '../core/commit-info.js';

export type {CommitInfo};

/** A commit's tree on disk; `dispose` removes it. */
export interface Checkout {
	dir: string;
	dispose(): Promise<void>;
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
}

/** The Git port of each repository, by its repoURL (one clone and one fetch per repository). */
export type GitPorts = (repoURL: string) => GitPort;
