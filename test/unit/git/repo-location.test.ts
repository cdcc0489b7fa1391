import {createHash} from 'node:crypto';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {commitFormat, parseCommits} from '../../../source/git/commit-info.js';
import {defaultRepoCacheRoot, isRemoteLocation, normalizeLocation, repoCacheDir} from '../../../source/git/repo-location.js';
import {git, makeWorkingRepo, removeTempDirs, tempDir} from './git-fixtures.js';

afterAll(removeTempDirs);

describe('repository locations', () => {
	it.each([
		['https://github.com/argoproj/argocd-example-apps.git', true],
		['ssh://git@example.com:2222/team/repo.git', true],
		['git@github.com:team/repo.git', true],
		['file:///srv/git/repo.git', true],
		['git://example.com/repo.git', true],
		['./some/relative/path', false],
		['/nonexistent/absolute/path', false],
	])('%s is remote: %s', (location, remote) => {
		expect(isRemoteLocation(location)).toBe(remote);
	});

	it('treats a bare repository path as remote and a working repository as local', () => {
		const work = makeWorkingRepo();
		const bare = path.join(tempDir('bare'), 'repo.git');
		git(path.dirname(bare), 'clone', '--quiet', '--bare', work.dir, bare);
		expect(isRemoteLocation(bare)).toBe(true);
		expect(isRemoteLocation(work.dir)).toBe(false);
	});

	it('keys the cache by the first 16 hex of sha256 of the URL, under $DRIFTWATCH_CACHE/repos', () => {
		const url = 'https://example.com/repo.git';
		const hash = createHash('sha256').update(url).digest('hex').slice(0, 16);
		expect(repoCacheDir(url, '/cache')).toBe(`/cache/${hash}`);
		expect(defaultRepoCacheRoot({DRIFTWATCH_CACHE: '/var/cache/dw'})).toBe('/var/cache/dw/repos');
		expect(defaultRepoCacheRoot({})).toMatch(/\.cache\/driftwatch\/repos$/u);
	});

	it('makes paths absolute and leaves URLs alone', () => {
		expect(normalizeLocation(' https://example.com/r.git ')).toBe('https://example.com/r.git');
		expect(normalizeLocation('repo.git')).toBe(path.resolve('repo.git'));
	});
});

describe('parseCommits', () => {
	it('reads what git log prints with commitFormat, multi-line messages included', () => {
		const work = makeWorkingRepo();
		const commits = parseCommits(git(work.dir, 'log', `--format=${commitFormat}`, 'main'));
		expect(commits.map(commit => commit.subject)).toEqual(['Scale app to 2', 'Add docs', 'Add app']);
		expect(commits[0]).toMatchObject({sha: work.commits.third, message: 'Scale app to 2\n\nBecause of load.'});
		expect(parseCommits('')).toEqual([]);
	});
});
