import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {fallbackIdentity} from '../../../source/git/git-revert.js';
import {GitSource} from '../../../source/git/git-source.js';
import {commitFiles, git, isolateGitConfig, makeRemote, makeWorkingRepo, removeTempDirs, tempDir} from './git-fixtures.js';

let restore: () => void;
beforeAll(() => {
	// No global git identity: driftwatch must fall back to its own.
	restore = isolateGitConfig();
});
afterAll(() => {
	restore();
	removeTempDirs();
});

/** Worktrees git knows of; a bare repository lists itself as one. */
function worktreeCount(gitDir: string): number {
	return git(gitDir, 'worktree', 'list', '--porcelain')
		.split('\n')
		.filter(line => line.startsWith('worktree ')).length;
}

describe('GitSource.revert on a remote', () => {
	it('commits a revert on the branch and pushes it, without force', async () => {
		const remote = makeRemote();
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});
		const revert = await source.revert(remote.commits.third, {branch: 'main'});

		expect(revert.subject).toBe('Revert "Scale app to 2"');
		expect(revert.message).toContain(`This reverts commit ${remote.commits.third}.`);
		expect(revert.author).toBe(fallbackIdentity.name);
		expect(revert.authorEmail).toBe(fallbackIdentity.email);
		expect(git(remote.bare, 'rev-parse', 'main')).toBe(revert.sha);
		expect(git(remote.bare, 'rev-parse', `${revert.sha}^`)).toBe(remote.commits.third);
		expect(git(remote.bare, 'show', `${revert.sha}:app/config.yaml`)).toBe('replicas: 1');
		// The cache knows the new commit, and the scratch worktree is gone.
		expect((await source.resolve('main')).sha).toBe(revert.sha);
		expect(worktreeCount(source.cacheDir ?? '')).toBe(1);
	});

	it('fetches before reverting and uses a custom message', async () => {
		const remote = makeRemote();
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});
		await source.prepare();
		const later = commitFiles(remote.pusher, {'docs/more.md': 'more\n'}, 'More docs');
		git(remote.pusher, 'push', '--quiet', 'origin', 'main');

		const revert = await source.revert(remote.commits.third, {branch: 'main', message: 'Roll back scaling (driftwatch)'});
		expect(revert.message).toBe('Roll back scaling (driftwatch)');
		expect(git(remote.bare, 'rev-parse', `${revert.sha}^`)).toBe(later);
		expect(git(remote.bare, 'rev-parse', 'main')).toBe(revert.sha);
	});

	it('aborts on conflict, leaving the remote and the cache untouched', async () => {
		const remote = makeRemote();
		const later = commitFiles(remote.pusher, {'app/config.yaml': 'replicas: 7\n'}, 'Scale app to 7');
		git(remote.pusher, 'push', '--quiet', 'origin', 'main');
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});

		const error: unknown = await source.revert(remote.commits.third, {branch: 'main'}).catch((caught: unknown) => caught);
		expect(error).toMatchObject({name: 'DriftwatchError', code: 'conflict'});
		expect((error as Error).message).toContain('app/config.yaml');
		expect(git(remote.bare, 'rev-parse', 'main')).toBe(later);
		expect((await source.resolve('main')).sha).toBe(later);
		expect(worktreeCount(source.cacheDir ?? '')).toBe(1);
	});

	it('refuses a commit that is not on the branch and an unknown branch', async () => {
		const remote = makeRemote();
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});
		const feature = await source.resolve('feature');
		await expect(source.revert(feature.sha, {branch: 'main'})).rejects.toMatchObject({code: 'revision-not-found'});
		await expect(source.revert(remote.commits.third, {branch: 'nope'})).rejects.toMatchObject({code: 'revision-not-found'});
		await expect(source.revert('f'.repeat(40), {branch: 'main'})).rejects.toMatchObject({code: 'revision-not-found'});
		expect(git(remote.bare, 'rev-parse', 'main')).toBe(remote.commits.third);
	});

	it('reverts a merge commit against its first parent', async () => {
		const remote = makeRemote();
		git(remote.pusher, 'switch', '--quiet', '-c', 'topic');
		commitFiles(remote.pusher, {'topic.txt': 'topic\n'}, 'Topic work');
		git(remote.pusher, 'switch', '--quiet', 'main');
		git(remote.pusher, 'merge', '--quiet', '--no-ff', '-m', 'Merge topic', 'topic');
		git(remote.pusher, 'push', '--quiet', 'origin', 'main');
		const merge = git(remote.pusher, 'rev-parse', 'HEAD');
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});

		const revert = await source.revert(merge, {branch: 'main'});
		expect(revert.subject).toBe('Revert "Merge topic"');
		expect(git(remote.bare, 'ls-tree', '--name-only', 'main')).not.toContain('topic.txt');
	});
});

describe('GitSource.revert on a local working repository', () => {
	it('moves a branch that is not checked out, through a temporary worktree, with the repo identity', async () => {
		const repo = makeWorkingRepo();
		git(repo.dir, 'config', 'user.name', 'Repo Owner');
		git(repo.dir, 'config', 'user.email', 'owner@example.com');
		git(repo.dir, 'switch', '--quiet', 'feature');
		writeFileSync(path.join(repo.dir, 'wip.txt'), 'uncommitted\n');
		const status = git(repo.dir, 'status', '--porcelain');
		const source = new GitSource({repo: repo.dir});

		const revert = await source.revert(repo.commits.third, {branch: 'main'});
		expect(revert.author).toBe('Repo Owner');
		expect(revert.authorEmail).toBe('owner@example.com');
		expect(git(repo.dir, 'rev-parse', 'main')).toBe(revert.sha);
		expect(git(repo.dir, 'show', 'main:app/config.yaml')).toBe('replicas: 1');
		expect(git(repo.dir, 'branch', '--show-current')).toBe('feature');
		expect(git(repo.dir, 'status', '--porcelain')).toBe(status);
		expect(readFileSync(path.join(repo.dir, 'wip.txt'), 'utf8')).toBe('uncommitted\n');
		expect(worktreeCount(repo.dir)).toBe(1);
	});

	it('refuses to move the branch checked out in the working tree', async () => {
		const repo = makeWorkingRepo();
		const source = new GitSource({repo: repo.dir});
		const error: unknown = await source.revert(repo.commits.third, {branch: 'main'}).catch((caught: unknown) => caught);
		expect(error).toMatchObject({code: 'git-failed'});
		expect((error as Error).message).toContain('checked out');
		expect(git(repo.dir, 'rev-parse', 'main')).toBe(repo.commits.third);
		expect(worktreeCount(repo.dir)).toBe(1);
	});
});
