import {existsSync, lstatSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {DriftwatchError} from '../../../source/core/errors.js';
import {GitSource} from '../../../source/git/git-source.js';
import {
	commitFiles,
	git,
	isolateGitConfig,
	makeWorkingRepo,
	removeTempDirs,
	tempDir,
	testIdentity,
	type WorkingRepo,
} from './git-fixtures.js';

let restore: () => void;
let repo: WorkingRepo;
let source: GitSource;

beforeAll(() => {
	restore = isolateGitConfig();
	repo = makeWorkingRepo();
	source = new GitSource({repo: repo.dir, cacheRoot: tempDir('cache')});
});
afterAll(() => {
	restore();
	removeTempDirs();
});

describe('GitSource on a local working repository', () => {
	it('is not remote and needs no cache', async () => {
		expect(source.isRemote).toBe(false);
		expect(source.cacheDir).toBeUndefined();
		await source.prepare();
		await source.fetch();
	});

	it.each([
		['a branch', 'main', 'third'],
		['HEAD', 'HEAD', 'third'],
		['an empty revision (HEAD)', '', 'third'],
		['an annotated tag', 'v1.0', 'first'],
		['a lightweight tag', 'v1.1', 'second'],
	] as const)('resolves %s', async (_label, revision, expected) => {
		const commit = await source.resolve(revision);
		expect(commit.sha).toBe(repo.commits[expected]);
	});

	it('resolves full and short SHAs and reports the commit', async () => {
		const full = await source.resolve(repo.commits.third);
		const short = await source.resolve(repo.commits.third.slice(0, 8));
		expect(short).toEqual(full);
		expect(full).toMatchObject({
			sha: repo.commits.third,
			subject: 'Scale app to 2',
			message: 'Scale app to 2\n\nBecause of load.',
			author: testIdentity.name,
			authorEmail: testIdentity.email,
		});
		expect(repo.commits.third.startsWith(full.shortSha)).toBe(true);
		expect(Number.isNaN(Date.parse(full.date))).toBe(false);
	});

	it('resolves a remote-tracking branch, and a bare name falls back to it', async () => {
		const clone = path.join(tempDir('tracking'), 'clone');
		git(path.dirname(clone), 'clone', '--quiet', repo.dir, clone);
		const cloned = new GitSource({repo: clone});
		const featureTip = git(repo.dir, 'rev-parse', 'feature');
		expect((await cloned.resolve('origin/feature')).sha).toBe(featureTip);
		// Only main exists as a local branch in the clone.
		expect((await cloned.resolve('feature')).sha).toBe(featureTip);
	});

	it.each(['no-such-branch', 'deadbeefdeadbeef', '--output=/tmp/x'])('rejects the unknown revision %s', async revision => {
		await expect(source.resolve(revision)).rejects.toMatchObject({name: 'DriftwatchError', code: 'revision-not-found'});
	});

	it('checks out a commit without touching the working tree, the index or uncommitted changes', async () => {
		const work = makeWorkingRepo();
		const local = new GitSource({repo: work.dir});
		writeFileSync(path.join(work.dir, 'app/config.yaml'), 'replicas: 99 # uncommitted\n');
		writeFileSync(path.join(work.dir, 'README.md'), '# staged change\n');
		git(work.dir, 'add', 'README.md');
		writeFileSync(path.join(work.dir, 'app/untracked.yaml'), 'untracked: true\n');
		const statusBefore = git(work.dir, 'status', '--porcelain=v1', '--untracked-files=all');
		const indexBefore = readFileSync(path.join(work.dir, '.git/index'));
		const worktreesBefore = git(work.dir, 'worktree', 'list', '--porcelain');

		const tree = await local.checkout(work.commits.first);
		try {
			expect(readFileSync(path.join(tree.dir, 'app/config.yaml'), 'utf8')).toBe('replicas: 1\n');
			expect(readFileSync(path.join(tree.dir, 'README.md'), 'utf8')).toBe('# demo\n');
			expect(existsSync(path.join(tree.dir, 'app/untracked.yaml'))).toBe(false);
			expect(existsSync(path.join(tree.dir, 'docs'))).toBe(false);
			expect(existsSync(path.join(tree.dir, '.git'))).toBe(false);
		} finally {
			await tree.dispose();
		}
		expect(existsSync(tree.dir)).toBe(false);
		expect(git(work.dir, 'status', '--porcelain=v1', '--untracked-files=all')).toBe(statusBefore);
		expect(readFileSync(path.join(work.dir, '.git/index')).equals(indexBefore)).toBe(true);
		expect(git(work.dir, 'worktree', 'list', '--porcelain')).toBe(worktreesBefore);
		expect(readFileSync(path.join(work.dir, 'app/config.yaml'), 'utf8')).toBe('replicas: 99 # uncommitted\n');
		expect(git(work.dir, 'rev-parse', 'HEAD')).toBe(work.commits.third);
	});

	it('checks out executable bits and symlinks as committed', async () => {
		const work = makeWorkingRepo();
		writeFileSync(path.join(work.dir, 'run.sh'), '#!/bin/sh\n', {mode: 0o755});
		symlinkSync('app/config.yaml', path.join(work.dir, 'link.yaml'));
		git(work.dir, 'add', 'run.sh', 'link.yaml');
		git(work.dir, 'commit', '--quiet', '-m', 'script');
		const tree = await new GitSource({repo: work.dir}).checkout('HEAD');
		try {
			expect(statSync(path.join(tree.dir, 'run.sh')).mode & 0o111).not.toBe(0);
			expect(lstatSync(path.join(tree.dir, 'link.yaml')).isSymbolicLink()).toBe(true);
			expect(readlinkSync(path.join(tree.dir, 'link.yaml'))).toBe('app/config.yaml');
		} finally {
			await tree.dispose();
		}
	});

	it('fails checkout of an unknown commit with revision-not-found', async () => {
		await expect(source.checkout('0'.repeat(40))).rejects.toMatchObject({code: 'revision-not-found'});
	});

	it('lists the history of a path, newest first, limited', async () => {
		const app = await source.history('app');
		expect(app.map(commit => commit.sha)).toEqual([repo.commits.third, repo.commits.first]);
		expect(app[0]?.subject).toBe('Scale app to 2');
		expect((await source.history('./docs/')).map(commit => commit.subject)).toEqual(['Add docs']);
		expect(await source.history('app', {limit: 1})).toHaveLength(1);
		expect((await source.history('app', {revision: 'v1.1'})).map(commit => commit.sha)).toEqual([repo.commits.first]);
		expect((await source.history('app', {revision: 'feature'})).map(commit => commit.subject)).toEqual([
			'Add feature',
			'Scale app to 2',
			'Add app',
		]);
		expect(await source.history('')).toHaveLength(3);
		expect(await source.history('no/such/path')).toEqual([]);
	});

	it('sees commits made after it was opened', async () => {
		const work = makeWorkingRepo();
		const local = new GitSource({repo: work.dir});
		await local.prepare();
		const next = commitFiles(work.dir, {'app/config.yaml': 'replicas: 3\n'}, 'Scale to 3');
		expect((await local.resolve('main')).sha).toBe(next);
	});

	it('fails with git-failed for a directory that is not a repository', async () => {
		const notRepo = new GitSource({repo: tempDir('plain')});
		expect(notRepo.isRemote).toBe(false);
		const error: unknown = await notRepo.prepare().catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DriftwatchError);
		expect(error).toMatchObject({code: 'git-failed'});
		expect((error as Error).message).toMatch(/not a git repository/iu);
	});
});
