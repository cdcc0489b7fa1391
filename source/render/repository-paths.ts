/**
 * The one rule for every file a render reads: it is a file of the repository after `realpath`.
 * A repository (or an Application pointing into it) is untrusted input, and on a laptop the
 * interesting files (kubeconfigs, SSH keys, other checkouts) are all outside it; comparing
 * resolved text would let a symlink or a `..` through, so both sides are resolved by the file
 * system first. Argo CD enforces the same (out-of-bounds symlinks fail the whole repository).
 */
import {lstat, realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import {DriftwatchError} from '../core/errors.js';

/** The largest manifest, value or kustomization file read from a repository: 16 MiB. */
export const maxRepositoryFileBytes = 16 * 1024 * 1024;

/** Whether `target` is `root` or below it; both must already be real (symlink-free) paths. */
export function isInside(root: string, target: string): boolean {
	return target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}

/** The real path of a repository checkout, the root every later check compares against. */
export async function realRoot(dir: string): Promise<string> {
	try {
		return await realpath(dir);
	} catch (error) {
		throw new DriftwatchError('render-failed', `repository directory ${dir} cannot be read`, {cause: error});
	}
}

/**
 * The real path of `candidate` (absolute, or relative to `base`), which must exist and be inside
 * `root`. `shown` is how the file is named in messages (as the repository or the user wrote it).
 *
 * @throws DriftwatchError 'render-failed' naming `shown` when it is missing, or leaves the
 * repository (directly, through `..`, or through a symlink anywhere on its way).
 */
export async function resolveInside(root: string, base: string, candidate: string, shown: string): Promise<string> {
	const joined = path.resolve(base, candidate);
	let real: string;
	try {
		real = await realpath(joined);
	} catch (error) {
		// A dangling symlink and a missing file read the same to realpath; say which it is.
		const isLink = await lstat(joined).then(
			entry => entry.isSymbolicLink(),
			() => false,
		);
		throw new DriftwatchError('render-failed', `${shown}: ${isLink ? 'symlink target is missing' : 'no such file or directory'}`, {
			hint: 'check the path and the target revision',
			cause: error,
		});
	}
	if (!isInside(root, real)) throw outsideRepository(shown);
	return real;
}

/** The error for a path that leads out of the repository; never names what it leads to. */
export function outsideRepository(shown: string): DriftwatchError {
	return new DriftwatchError('render-failed', `${shown} leads outside the repository (through ".." or a symlink); refused`, {
		hint: 'every file a source reads must be a file of the repository; nothing outside it is read',
	});
}

/**
 * The real path of a regular file of the repository no larger than {@link maxRepositoryFileBytes}.
 *
 * @throws DriftwatchError 'render-failed' naming `shown` when it is outside, not a file, or too large.
 */
export async function resolveRepositoryFile(root: string, base: string, candidate: string, shown: string): Promise<string> {
	const real = await resolveInside(root, base, candidate, shown);
	const info = await stat(real);
	if (!info.isFile()) throw new DriftwatchError('render-failed', `${shown} is not a regular file`);
	checkFileSize(info.size, shown);
	return real;
}

/** @throws DriftwatchError 'render-failed' when a file of `size` bytes is over the limit. */
export function checkFileSize(size: number, shown: string): void {
	if (size > maxRepositoryFileBytes) {
		throw new DriftwatchError('render-failed', `${shown} is ${size} bytes, over the ${maxRepositoryFileBytes}-byte limit for one file`, {
			hint: 'split the file; driftwatch reads no single manifest, value or kustomization file larger than 16 MiB',
		});
	}
}
