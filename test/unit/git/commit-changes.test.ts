import {chmodSync, existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {GitSource} from '../../../source/git/git-source.js';
import {fallbackIdentity} from '../../../source/git/scratch-worktree.js';
import {commitFiles, git, isolateGitConfig, makeRemote, makeWorkingRepo, removeTempDirs, tempDir} from './git-fixtures.js';

let restore: () => void;
beforeAll(() => {
	restore = isolateGitConfig();
});
afterAll(() => {
	restore();
	removeTempDirs();
});

/** Worktrees git knows of; a bare repository lists itself as one. */
const worktreeCount = (gitDir: string) =>
	git(gitDir, 'worktree', 'list', '--porcelain')
		.split('\n')
		.filter(line => line.startsWith('worktree ')).length;

const scale = (from: number, to: number) => ({path: 'app/config.yaml', before: `replicas: ${from}\n`, after: `replicas: ${to}\n`});

describe('GitSource.commitChanges on a remote', () => {
	it('commits in a scratch worktree and pushes without force', async () => {
		const remote = makeRemote();
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});
		const {branch, head} = await source.writableBranch('HEAD');
		expect(branch).toBe('main');
		expect(head.sha).toBe(remote.commits.third);

		const result = await source.commitChanges({
			branch,
			base: head.sha,
			files: [scale(2, 5)],
			message: 'Scale app to 5\n\nBecause of load.',
		});
		expect(result).toMatchObject({branch: 'main', pushed: true, rebased: false});
		expect(result.commit).toMatchObject({subject: 'Scale app to 5', author: fallbackIdentity.name});
		expect(git(remote.bare, 'rev-parse', 'main')).toBe(result.commit.sha);
		expect(git(remote.bare, 'rev-parse', 'main^')).toBe(remote.commits.third);
		expect(git(remote.bare, 'show', 'main:app/config.yaml')).toBe('replicas: 5');
		expect(git(remote.bare, 'log', '-1', '--format=%B', 'main')).toBe('Scale app to 5\n\nBecause of load.');
		expect((await source.resolve('main')).sha).toBe(result.commit.sha);
		expect(worktreeCount(source.cacheDir ?? '')).toBe(1);
	});

	it('creates new files in new directories', async () => {
		const remote = makeRemote();
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});
		const {head} = await source.writableBranch('main');
		await source.commitChanges({
			branch: 'main',
			base: head.sha,
			files: [{path: 'app/patches/deployment-web-patch.yaml', before: null, after: 'kind: Deployment\n'}],
			message: 'Add a patch',
		});
		expect(git(remote.bare, 'show', 'main:app/patches/deployment-web-patch.yaml')).toBe('kind: Deployment');
	});

	it('rebases on commits pushed after the plan when they touch other lines', async () => {
		const remote = makeRemote();
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});
		const {head} = await source.writableBranch('main');
		const other = commitFiles(remote.pusher, {'docs/more.md': 'more\n'}, 'More docs');
		git(remote.pusher, 'push', '--quiet', 'origin', 'main');

		const result = await source.commitChanges({branch: 'main', base: head.sha, files: [scale(2, 5)], message: 'Scale app to 5'});
		expect(result.rebased).toBe(true);
		expect(git(remote.bare, 'rev-parse', 'main^')).toBe(other);
		expect(git(remote.bare, 'show', 'main:app/config.yaml')).toBe('replicas: 5');
		expect(git(remote.bare, 'show', 'main:docs/more.md')).toBe('more');
	});

	it('refuses a conflicting concurrent push and leaves the remote as it was', async () => {
		const remote = makeRemote();
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});
		const {head} = await source.writableBranch('main');
		const theirs = commitFiles(remote.pusher, {'app/config.yaml': 'replicas: 7\n'}, 'Scale app to 7');
		git(remote.pusher, 'push', '--quiet', 'origin', 'main');

		await expect(
			source.commitChanges({branch: 'main', base: head.sha, files: [scale(2, 5)], message: 'Scale app to 5'}),
		).rejects.toMatchObject({
			code: 'conflict',
			message: `main of ${remote.bare} changed app/config.yaml since the edit was planned, on the same lines`,
			hint: 'nothing was pushed; run the command again to plan on the new head',
		});
		expect(git(remote.bare, 'rev-parse', 'main')).toBe(theirs);
		expect(worktreeCount(source.cacheDir ?? '')).toBe(1);
	});

	it('retries once when a push is rejected because someone pushed in between', async () => {
		const remote = makeRemote();
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});
		const {head} = await source.writableBranch('main');
		// A commit that lands on main while driftwatch pushes: the remote's hook moves main to it and
		// rejects the first push, as a push racing another one is rejected.
		const racing = commitFiles(remote.pusher, {'docs/race.md': 'race\n'}, 'Racing commit');
		git(remote.pusher, 'push', '--quiet', 'origin', 'HEAD:refs/heads/racing');
		const hook = path.join(remote.bare, 'hooks', 'pre-receive');
		writeFileSync(
			hook,
			'#!/bin/sh\nif [ ! -e "$GIT_DIR/raced" ]; then\n  touch "$GIT_DIR/raced"\n  env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main refs/heads/racing\n  exit 1\nfi\n',
		);
		chmodSync(hook, 0o755);

		const result = await source.commitChanges({branch: 'main', base: head.sha, files: [scale(2, 5)], message: 'Scale app to 5'});
		expect(existsSync(path.join(remote.bare, 'raced'))).toBe(true);
		expect(result.rebased).toBe(true);
		expect(git(remote.bare, 'rev-parse', 'main^')).toBe(racing);
		expect(git(remote.bare, 'show', 'main:app/config.yaml')).toBe('replicas: 5');
	});

	it('reports a push the remote refuses for another reason, without retrying', async () => {
		const remote = makeRemote();
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});
		const {head} = await source.writableBranch('main');
		const hook = path.join(remote.bare, 'hooks', 'pre-receive');
		writeFileSync(hook, '#!/bin/sh\necho "protected branch" >&2\nexit 1\n');
		chmodSync(hook, 0o755);
		await expect(source.commitChanges({branch: 'main', base: head.sha, files: [scale(2, 5)], message: 'Scale'})).rejects.toMatchObject({
			code: 'git-failed',
			message: expect.stringMatching(/^pushing to main of .*: .*protected branch/s) as unknown,
			hint: 'nothing was changed on the remote; try again',
		});
		expect(git(remote.bare, 'rev-parse', 'main')).toBe(remote.commits.third);
	});

	it('refuses a tag as the branch to write, bad paths, and a plan that is not what the base has', async () => {
		const remote = makeRemote();
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});
		await expect(source.writableBranch('v1.0')).rejects.toMatchObject({
			code: 'edit-refused',
			message: `the app follows v1.0, which is not a branch of ${remote.bare}`,
		});
		const {head} = await source.writableBranch('main');
		for (const bad of ['../outside.yaml', '.git/config', 'app/../../x', '/etc/passwd']) {
			await expect(
				source.commitChanges({branch: 'main', base: head.sha, files: [{path: bad, before: null, after: 'x'}], message: 'x'}),
			).rejects.toThrow(`invalid repository path '${bad}'`);
		}
		await expect(source.commitChanges({branch: '--force', base: head.sha, files: [scale(2, 5)], message: 'x'})).rejects.toThrow(
			"invalid branch name '--force'",
		);
		await expect(source.commitChanges({branch: 'main', base: head.sha, files: [scale(3, 5)], message: 'x'})).rejects.toThrow(
			'app/config.yaml at the planned commit is not what the edit was planned on',
		);
		expect(git(remote.bare, 'rev-parse', 'main')).toBe(remote.commits.third);
	});
});

describe('GitSource.commitChanges on a local working repository', () => {
	it('fast-forwards a clean checked-out branch: the commit, the files and the index move together', async () => {
		const repo = makeWorkingRepo();
		const source = new GitSource({repo: repo.dir});
		const {branch, head} = await source.writableBranch('HEAD');
		expect(branch).toBe('main');
		const result = await source.commitChanges({branch, base: head.sha, files: [scale(2, 4)], message: 'Scale app to 4'});
		expect(result.pushed).toBe(false);
		expect(git(repo.dir, 'rev-parse', 'HEAD')).toBe(result.commit.sha);
		expect(readFileSync(path.join(repo.dir, 'app/config.yaml'), 'utf8')).toBe('replicas: 4\n');
		expect(git(repo.dir, 'status', '--porcelain')).toBe('');
	});

	it('moves a branch no working tree has checked out by compare-and-swap', async () => {
		const repo = makeWorkingRepo();
		const source = new GitSource({repo: repo.dir});
		const {head} = await source.writableBranch('feature');
		await source.commitChanges({branch: 'feature', base: head.sha, files: [scale(2, 9)], message: 'Scale feature'});
		expect(git(repo.dir, 'show', 'feature:app/config.yaml')).toBe('replicas: 9');
		expect(git(repo.dir, 'rev-parse', 'HEAD')).toBe(repo.commits.third);
	});

	it('refuses a working tree with uncommitted changes and touches nothing', async () => {
		const repo = makeWorkingRepo();
		writeFileSync(path.join(repo.dir, 'README.md'), '# work in progress\n');
		const source = new GitSource({repo: repo.dir});
		const refusal = {
			code: 'edit-refused',
			message: `${repo.dir} has uncommitted changes (README.md); driftwatch does not touch a working tree with uncommitted work`,
			hint: `commit or stash them in ${repo.dir}, then run the command again`,
		};
		// Said when the edit is planned (before a diff is shown), and again when it is committed.
		await expect(source.writableBranch('main')).rejects.toMatchObject(refusal);
		const head = git(repo.dir, 'rev-parse', 'HEAD');
		await expect(source.commitChanges({branch: 'main', base: head, files: [scale(2, 4)], message: 'Scale'})).rejects.toMatchObject(refusal);
		expect(git(repo.dir, 'rev-parse', 'HEAD')).toBe(repo.commits.third);
		expect(readFileSync(path.join(repo.dir, 'README.md'), 'utf8')).toBe('# work in progress\n');
		expect(worktreeCount(repo.dir)).toBe(1);
	});
});
