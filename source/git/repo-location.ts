/**
 * What a `repoURL` points at: a remote we clone into a cache (URLs, scp-style `git@host:path`,
 * a bare repository on disk) or a working repository we read in place.
 */
import {createHash} from 'node:crypto';
import {existsSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const urlScheme = /^[a-z][a-z0-9+.-]*:\/\//iu;
const scpLike = /^[^/\s@]+@[^/\s:]+:/u;

/**
 * Whether `repo` is a remote: a URL (https, ssh, git, file), `user@host:path`, or the path of a
 * bare repository. Anything else is a local path to a working repository.
 */
export function isRemoteLocation(repo: string): boolean {
	if (urlScheme.test(repo) || scpLike.test(repo)) return true;
	return isBareRepository(path.resolve(repo));
}

/** A bare repository has HEAD, objects/ and refs/ at its top and no .git. */
function isBareRepository(dir: string): boolean {
	try {
		return (
			statSync(path.join(dir, 'HEAD')).isFile() &&
			statSync(path.join(dir, 'objects')).isDirectory() &&
			statSync(path.join(dir, 'refs')).isDirectory() &&
			!existsSync(path.join(dir, '.git'))
		);
	} catch {
		return false;
	}
}

/**
 * The canonical form of `repo`: URLs as given, paths made absolute (so `./repo.git` from two
 * working directories does not mean two caches).
 */
export function normalizeLocation(repo: string): string {
	const trimmed = repo.trim();
	if (urlScheme.test(trimmed) || scpLike.test(trimmed)) return trimmed;
	return path.resolve(trimmed);
}

/** `$DRIFTWATCH_CACHE/repos`, default `~/.cache/driftwatch/repos`. */
export function defaultRepoCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
	const cache = env['DRIFTWATCH_CACHE'] || path.join(os.homedir(), '.cache', 'driftwatch');
	return path.join(cache, 'repos');
}

/** The cache directory of one remote: `<root>/<first 16 hex of sha256(url)>`. */
export function repoCacheDir(url: string, cacheRoot: string = defaultRepoCacheRoot()): string {
	return path.join(cacheRoot, createHash('sha256').update(url).digest('hex').slice(0, 16));
}
