import {existsSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {GitSource} from '../../../source/git/git-source.js';
import {repoCacheDir} from '../../../source/git/repo-location.js';
import {commitFiles, git, isolateGitConfig, makeRemote, removeTempDirs, tempDir} from './git-fixtures.js';

let restore: () => void;
beforeAll(() => {
	restore = isolateGitConfig();
});
afterAll(() => {
	restore();
	removeTempDirs();
});

describe('GitSource on a remote', () => {
	it('clones a bare repository given by path into the cache, bare, and resolves on it', async () => {
		const remote = makeRemote();
		const cacheRoot = tempDir('cache');
		const source = new GitSource({repo: remote.bare, cacheRoot});
		expect(source.isRemote).toBe(true);
		expect(source.cacheDir).toBe(repoCacheDir(remote.bare, cacheRoot));
		expect(path.basename(source.cacheDir ?? '')).toMatch(/^[0-9a-f]{16}$/u);

		await source.prepare();
		expect(git(source.cacheDir ?? '', 'rev-parse', '--is-bare-repository')).toBe('true');
		expect((await source.resolve('main')).sha).toBe(remote.commits.third);
		expect((await source.resolve('origin/main')).sha).toBe(remote.commits.third);
		expect((await source.resolve('HEAD')).sha).toBe(remote.commits.third);
		expect((await source.resolve('v1.0')).sha).toBe(remote.commits.first);
		expect((await source.resolve(remote.commits.second.slice(0, 10))).sha).toBe(remote.commits.second);
		expect((await source.resolve('feature')).subject).toBe('Add feature');
		await expect(source.resolve('nope')).rejects.toMatchObject({code: 'revision-not-found'});

		const tree = await source.checkout(remote.commits.first);
		try {
			expect(readFileSync(path.join(tree.dir, 'app/config.yaml'), 'utf8')).toBe('replicas: 1\n');
		} finally {
			await tree.dispose();
		}
		expect((await source.history('app')).map(commit => commit.sha)).toEqual([remote.commits.third, remote.commits.first]);
	});

	it('fetch sees commits, branches and tags pushed after the clone, and drops deleted ones', async () => {
		const remote = makeRemote();
		const source = new GitSource({repo: remote.bare, cacheRoot: tempDir('cache')});
		await source.prepare();
		const next = commitFiles(remote.pusher, {'app/config.yaml': 'replicas: 5\n'}, 'Scale to 5');
		git(remote.pusher, 'tag', 'v2.0');
		git(remote.pusher, 'push', '--quiet', 'origin', 'main', 'v2.0', 'HEAD:refs/heads/hotfix', ':refs/heads/feature');

		expect((await source.resolve('main')).sha).toBe(remote.commits.third);
		await source.fetch();
		expect((await source.resolve('main')).sha).toBe(next);
		expect((await source.resolve('v2.0')).sha).toBe(next);
		expect((await source.resolve('hotfix')).sha).toBe(next);
		expect((await source.resolve('HEAD')).sha).toBe(next);
		await expect(source.resolve('feature')).rejects.toMatchObject({code: 'revision-not-found'});
	});

	it('reuses the cache across instances (runs) and fetches on prepare', async () => {
		const remote = makeRemote();
		const cacheRoot = tempDir('cache');
		const first = new GitSource({repo: remote.bare, cacheRoot});
		await first.prepare();
		const objectsBefore = statSync(path.join(first.cacheDir ?? '', 'objects'));
		const next = commitFiles(remote.pusher, {'later.txt': 'later\n'}, 'Later');
		git(remote.pusher, 'push', '--quiet', 'origin', 'main');

		const second = new GitSource({repo: remote.bare, cacheRoot});
		expect(second.cacheDir).toBe(first.cacheDir);
		await second.prepare();
		expect(statSync(path.join(second.cacheDir ?? '', 'objects')).ino).toBe(objectsBefore.ino);
		expect((await second.resolve('main')).sha).toBe(next);
	});

	it('replaces a cache directory left by an interrupted or foreign clone', async () => {
		const remote = makeRemote();
		const cacheRoot = tempDir('cache');
		const other = makeRemote();
		const dir = repoCacheDir(remote.bare, cacheRoot);
		git(cacheRoot, 'clone', '--quiet', '--bare', other.bare, dir);
		const source = new GitSource({repo: remote.bare, cacheRoot});
		await source.prepare();
		expect(git(dir, 'config', '--get', 'remote.origin.url')).toBe(remote.bare);
		expect((await source.resolve('main')).sha).toBe(remote.commits.third);
	});

	it('accepts file:// URLs', async () => {
		const remote = makeRemote();
		const url = pathToFileURL(remote.bare).href;
		const source = new GitSource({repo: url, cacheRoot: tempDir('cache')});
		expect(source.isRemote).toBe(true);
		expect((await source.resolve('main')).sha).toBe(remote.commits.third);
	});

	it.each([
		['a missing file:// repository', () => pathToFileURL(path.join(tempDir('missing'), 'nope.git')).href],
		['an unreachable https server', () => 'https://127.0.0.1:9/nobody/repo.git'],
	])('fails with git-failed and git stderr for %s, leaving no cache behind', async (_label, url) => {
		const cacheRoot = tempDir('cache');
		const source = new GitSource({repo: url(), cacheRoot});
		const error: unknown = await source.prepare().catch((caught: unknown) => caught);
		expect(error).toMatchObject({name: 'DriftwatchError', code: 'git-failed'});
		expect((error as Error).message).toMatch(/fatal:/u);
		expect(existsSync(source.cacheDir ?? '')).toBe(false);
		// A failed prepare is retried, not remembered.
		await expect(source.resolve('main')).rejects.toMatchObject({code: 'git-failed'});
	});
});
