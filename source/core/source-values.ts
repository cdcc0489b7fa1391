/**
 * What the values of an Application source may be, checked where they enter (manifest parsing,
 * command-line flags) and again by the adapters that hand them to git and helm. Each is untrusted:
 * a release name of `--post-renderer=/bin/sh` or a revision of `--upload-pack=...` must never
 * reach a tool as an option. Each check returns why a value is refused, or undefined. Pure.
 */

/** Helm's own rule (pkg/chartutil ValidateReleaseName): a DNS-1123 subdomain of at most 53 characters. */
const releaseNamePattern = /^[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*$/u;
export const maxReleaseNameLength = 53;

/** Why `name` is not a Helm release name, or undefined when it is one. */
export function releaseNameProblem(name: string): string | undefined {
	if (name.length > maxReleaseNameLength) return `must be at most ${maxReleaseNameLength} characters, got ${name.length}`;
	if (!releaseNamePattern.test(name)) {
		return `must be lowercase letters, digits, "-" and "." and start and end with a letter or digit, got ${JSON.stringify(name)}`;
	}
	return undefined;
}

// C0 and C1 control characters, DEL, and Unicode line and paragraph separators: matching them is the point.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/**
 * Why `revision` cannot be a branch, tag or commit, or undefined. Git ref names never start with
 * '-' (git check-ref-format) nor hold spaces or control characters.
 */
export function revisionProblem(revision: string): string | undefined {
	if (revision.startsWith('-')) return `must not start with "-" (it would be read as a git option), got ${JSON.stringify(revision)}`;
	if (/\s/u.test(revision) || controlCharacters.test(revision)) return `must not contain spaces or control characters`;
	return undefined;
}

/**
 * Why `repoURL` is not a repository location, or undefined. Refuses what git would read as an
 * option and git's `<transport>::<address>` form (`ext::sh -c ...` runs a command).
 */
export function repoURLProblem(repoURL: string): string | undefined {
	const trimmed = repoURL.trim();
	if (trimmed.startsWith('-')) return `must not start with "-" (it would be read as a git option), got ${JSON.stringify(repoURL)}`;
	if (controlCharacters.test(trimmed)) return 'must not contain control characters';
	if (/^[A-Za-z][A-Za-z0-9+.-]*::/u.test(trimmed)) {
		return `git remote-helper addresses ("${trimmed.slice(0, trimmed.indexOf('::'))}::...") are not supported; use https://, ssh://, git@host:path, file:// or a path`;
	}
	return undefined;
}

/** A value file given as a URL (`https://...`), which Helm fetches rather than reads from the repository. */
export function isRemoteValueFile(file: string): boolean {
	return /^[A-Za-z][A-Za-z0-9+.-]*:\/\//u.test(file);
}

/** Why `file` cannot be a Helm value file, or undefined: only http(s) URLs, no other schemes. */
export function valueFileProblem(file: string): string | undefined {
	if (file.trim() === '') return 'must not be empty';
	if (controlCharacters.test(file)) return 'must not contain control characters';
	if (isRemoteValueFile(file) && !/^https?:\/\//iu.test(file)) {
		return `only files of the repository and http(s) URLs can be value files, got ${JSON.stringify(file)}`;
	}
	return undefined;
}
