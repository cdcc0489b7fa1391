/**
 * A working repository the user points driftwatch at is read in place, so git reads ITS
 * configuration (`.git/config`, what it includes, `config.worktree`): a hostile one could name
 * commands for git to run while driftwatch only reads (a smudge filter runs on checkout, an
 * fsmonitor hook on every index read, a gpg program when `log.showSignature` is on) or writes a
 * revert (a merge driver). Every command gets `-c` settings that win over the repository's own:
 *
 * - always (run-git.ts): `core.fsmonitor=false`, `core.hooksPath=/dev/null` (no hook at all:
 *   `post-index-change` runs on a plain `read-tree`), `log.showSignature=false`;
 * - for each filter driver the repository's own configuration defines, empty `clean`, `smudge`
 *   and `process` and `required=false` (git then copies the blob as it is);
 * - for each merge driver it defines, `driver=false` (a file that would need it is a conflict:
 *   the revert stops and says so);
 * - gpg programs it sets are put back to git's defaults, and an SSH command it sets to `ssh`.
 *
 * Drivers of the user's global and system configuration are theirs and stay. Checked against
 * git 2.39 with a canary command per setting (test/unit/git/hostile-git-config.test.ts).
 */
import type {SimpleGit} from 'simple-git';
import {DriftwatchError} from '../core/errors.js';
import {exitCodeOf} from './run-git.js';

/** The scopes a repository carries with it (its includes are reported with the scope that includes them). */
const repositoryScopes = new Set(['local', 'worktree']);

const gpgDefaults: Record<string, string> = {
	'gpg.program': 'gpg',
	'gpg.openpgp.program': 'gpg',
	'gpg.x509.program': 'gpgsm',
	'gpg.ssh.program': 'ssh-keygen',
};

/**
 * The `-c` settings that neutralise what `git`'s repository configuration would run (see the
 * module comment). Reading the configuration runs nothing.
 */
export async function repositoryOverrides(git: SimpleGit): Promise<string[]> {
	let listing: string;
	try {
		listing = await git.raw(['config', '--show-scope', '--name-only', '--get-regexp', '^(filter|merge|gpg|core)\\.']);
	} catch (error) {
		// `git config --get-regexp` exits 1 when nothing matches.
		if (exitCodeOf(error) === 1) return [];
		throw error;
	}
	const overrides = new Set<string>();
	for (const line of listing.split('\n')) {
		const [scope, name] = line.split('\t');
		if (!scope || !name || !repositoryScopes.has(scope)) continue;
		// `-c key=value` splits at the first '=': a driver named with one could not be overridden.
		if (name.includes('=') && overridesFor(name).length > 0)
			throw new DriftwatchError(
				'git-failed',
				`the repository's configuration sets ${JSON.stringify(name)}, which driftwatch cannot neutralise`,
				{
					hint: 'remove that setting from .git/config (a driver name with "=" in it), or point driftwatch at a clone',
				},
			);
		for (const setting of overridesFor(name)) overrides.add(setting);
	}
	return [...overrides];
}

/** The settings that neutralise one configuration key (git prints section and key lower-cased, the subsection as written). */
function overridesFor(name: string): string[] {
	const filter = /^filter\.(.+)\.(?:clean|smudge|process|required)$/su.exec(name)?.[1];
	if (filter !== undefined)
		return [`filter.${filter}.clean=`, `filter.${filter}.smudge=`, `filter.${filter}.process=`, `filter.${filter}.required=false`];
	const merge = /^merge\.(.+)\.(?:driver|recursive)$/su.exec(name)?.[1];
	if (merge !== undefined) return [`merge.${merge}.driver=false`];
	const lower = name.toLowerCase();
	const gpg = gpgDefaults[lower];
	if (gpg) return [`${lower}=${gpg}`];
	if (lower === 'gpg.ssh.defaultkeycommand') return ['gpg.ssh.defaultKeyCommand='];
	if (lower === 'core.sshcommand') return ['core.sshCommand=ssh'];
	return [];
}
