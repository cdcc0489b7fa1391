/**
 * The local cache of a remote repository: a bare clone whose branches and tags mirror the
 * remote's (`+refs/heads/*:refs/heads/*`, `+refs/tags/*:refs/tags/*`, pruned on fetch), so
 * `main`, `v1.2` and `HEAD` resolve as they do on the remote. Unlike `git clone --mirror` it
 * does not set `remote.origin.mirror`, which would turn every push into a mirror push.
 */
import {existsSync} from 'node:fs';
import {mkdir, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {exitCodeOf, gitAt, gitFailed} from './run-git.js';

const fetchRefspecs = ['+refs/heads/*:refs/heads/*', '+refs/tags/*:refs/tags/*'];

/**
 * Makes `dir` a usable cache of `url`: reuses it when it is a bare clone of that URL, otherwise
 * (missing, interrupted, another URL) clones afresh. The clone is made under a temporary name and
 * renamed into place, so a half-finished clone is never mistaken for a cache.
 *
 * @returns 'reused' when an existing cache was kept (the caller should fetch), 'cloned' otherwise.
 * @throws DriftwatchError 'git-failed' with git's stderr (unreachable remote, authentication).
 */
export async function ensureCache(url: string, dir: string): Promise<'cloned' | 'reused'> {
	if (existsSync(path.join(dir, 'HEAD'))) {
		if ((await cachedUrl(dir)) === url) return 'reused';
		await rm(dir, {recursive: true, force: true});
	}
	const parent = path.dirname(dir);
	await mkdir(parent, {recursive: true});
	const partial = `${dir}.partial-${process.pid}-${Date.now().toString(36)}`;
	try {
		await gitAt(parent).raw(['clone', '--bare', '--quiet', '--', url, partial]);
		const git = gitAt(partial);
		await git.raw(['config', '--replace-all', 'remote.origin.fetch', fetchRefspecs[0] ?? '']);
		for (const refspec of fetchRefspecs.slice(1)) await git.raw(['config', '--add', 'remote.origin.fetch', refspec]);
		await rename(partial, dir);
	} catch (error) {
		await rm(partial, {recursive: true, force: true});
		// Another driftwatch process finished the same clone first: use theirs.
		if (existsSync(path.join(dir, 'HEAD')) && (await cachedUrl(dir)) === url) return 'reused';
		throw gitFailed(error, `cloning ${url}`, 'check the repository URL, your network and your credentials for it');
	}
	return 'cloned';
}

/** Brings the cache up to date with the remote: new commits, moved and deleted branches and tags. */
export async function fetchCache(url: string, dir: string): Promise<void> {
	try {
		await gitAt(dir).raw(['fetch', '--quiet', '--prune', 'origin']);
	} catch (error) {
		throw gitFailed(error, `fetching ${url}`, 'check your network and your credentials for the repository');
	}
}

async function cachedUrl(dir: string): Promise<string | undefined> {
	try {
		return (await gitAt(dir).raw(['config', '--get', 'remote.origin.url'])).trim();
	} catch (error) {
		if (exitCodeOf(error) !== undefined) return undefined;
		throw error;
	}
}
