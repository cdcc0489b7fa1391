/**
 * Repository-relative paths as the editors use them: '/' separators, no '.' segments, never
 * climbing out of the repository. Value files and patches name files relative to a directory of
 * the source; these functions turn that into the one path the file is known by. Pure.
 */

/**
 * `relative` resolved against the repository directory `base` ('' or '.' for the root), or
 * undefined when it is absolute, a URL, or climbs out of the repository.
 */
export function joinRepoPath(base: string, relative: string): string | undefined {
	if (relative.startsWith('/') || /^[a-z][a-z0-9+.-]*:\/\//i.test(relative) || relative.includes('\0')) return undefined;
	const segments: string[] = [];
	for (const segment of [...base.split('/'), ...relative.split('/')]) {
		if (segment === '' || segment === '.') continue;
		if (segment === '..') {
			if (segments.length === 0) return undefined;
			segments.pop();
		} else {
			segments.push(segment);
		}
	}
	return segments.join('/');
}

/** The directory part of a repository path ('' for a file at the root). */
export function repoDirname(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash < 0 ? '' : path.slice(0, slash);
}

/** The last segment of a repository path. */
export function repoBasename(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}
