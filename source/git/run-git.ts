/**
 * The one way the Git adapters run git: simple-git with errors that keep git's exit code and
 * stderr, so failures are classified from the exit status, and with no terminal prompts (a
 * password prompt would hang a background refresh and garble the UI).
 */
import {GitError, simpleGit, type SimpleGit} from 'simple-git';
import {DriftwatchError, describeError} from '../core/errors.js';
import {maskUrlCredentials} from '../core/url-credentials.js';

/**
 * A git command that exited non-zero. It extends simple-git's GitError because simple-git wraps
 * any other error class into a plain GitError, which would lose the exit code.
 */
export class GitCommandError extends GitError {
	override readonly name = 'GitCommandError';
	readonly exitCode: number;
	readonly stderr: string;

	constructor(exitCode: number, stderr: string) {
		super(undefined, stderr || `git exited with ${exitCode}`);
		this.exitCode = exitCode;
		this.stderr = stderr;
	}
}

/**
 * simple-git strips every `GIT_*` variable it is not told about (a guard against injected
 * configuration). From the user's environment we keep their identity and SSH setup; the others
 * are only ever set by us, for one command (a private index and work tree for checkouts).
 */
const inheritedGitVariables = [
	'GIT_AUTHOR_NAME',
	'GIT_AUTHOR_EMAIL',
	'GIT_AUTHOR_DATE',
	'GIT_COMMITTER_NAME',
	'GIT_COMMITTER_EMAIL',
	'GIT_COMMITTER_DATE',
	'GIT_SSH',
	'GIT_SSH_COMMAND',
];
const ownGitVariables = ['GIT_TERMINAL_PROMPT', 'GIT_INDEX_FILE', 'GIT_WORK_TREE', 'GIT_ALLOW_PROTOCOL'];

/**
 * The only transports git may use (GIT_ALLOW_PROTOCOL, which also covers remote helpers): a
 * repository URL from an Application must never pick `ext::` (runs a command) or a helper
 * program. `file` stays: local bare repositories are a normal source (the demo is one).
 */
export const allowedGitProtocols = 'file:git:http:https:ssh';
const guardedNonGitVariables = new Set(['editor', 'pager', 'visual', 'prefix', 'ssh_askpass']);

/**
 * What every git command gets, whatever the repository: no fsmonitor hook, no hook at all (a
 * plain `read-tree` runs `post-index-change`), no signature check (a gpg program) in `git log`.
 * The drivers a working repository's own configuration names are neutralised on top of this
 * (repository-overrides.ts).
 */
export const alwaysOverrides = ['core.fsmonitor=false', 'core.hooksPath=/dev/null', 'log.showSignature=false'];

export interface GitOptions {
	/**
	 * `-c key=value` settings for every command of this client, after {@link alwaysOverrides}
	 * (the repository overrides of repository-overrides.ts are passed here).
	 */
	config?: string[];
	/** Extra environment variables; `GIT_*` names must be in the lists above. */
	env?: Record<string, string>;
}

/** A simple-git client working in `baseDir` (which must exist). */
export function gitAt(baseDir: string, options: GitOptions = {}): SimpleGit {
	const git = simpleGit({
		baseDir,
		config: [...alwaysOverrides, ...(options.config ?? [])],
		allowEnvironment: [...inheritedGitVariables, ...ownGitVariables],
		// Every `-c` we pass is our own: constants that switch hooks, fsmonitor, filters, merge
		// drivers and gpg programs OFF (repository-overrides.ts), and the fallback identity; an
		// inherited GIT_SSH_COMMAND is the user's own. simple-git guards these keys against values
		// that would run something; ours never do.
		unsafe: {
			allowUnsafeHooksPath: true,
			allowUnsafeSshCommand: true,
			allowUnsafeFsMonitor: true,
			allowUnsafeFilter: true,
			allowUnsafeMergeDriver: true,
			allowUnsafeGpgProgram: true,
		},
		// Network operations may be silent for a while; give up only after 5 quiet minutes.
		timeout: {block: 300_000},
		errors(error, result) {
			// simple-git refused to run the command or killed it (guard, timeout): keep its reason.
			if (error instanceof Error && 'plugin' in error) return error;
			if (typeof result.exitCode !== 'number' || result.exitCode <= 0) return error;
			const stderr = Buffer.concat(result.stdErr).toString('utf8').trim();
			return new GitCommandError(result.exitCode, stderr);
		},
	});
	return git.env({...inheritedEnvironment(), GIT_TERMINAL_PROMPT: '0', GIT_ALLOW_PROTOCOL: allowedGitProtocols, ...options.env});
}

function inheritedEnvironment(): Record<string, string> {
	const allowed = new Set(inheritedGitVariables);
	const env: Record<string, string> = {};
	for (const [name, value] of Object.entries(process.env)) {
		if (value === undefined) continue;
		const lower = name.toLowerCase();
		if ((lower.startsWith('git_') && !allowed.has(name)) || guardedNonGitVariables.has(lower)) continue;
		env[name] = value;
	}
	return env;
}

/** The exit code of a failed git command, when it got as far as running. */
export function exitCodeOf(error: unknown): number | undefined {
	return error instanceof GitCommandError ? error.exitCode : undefined;
}

/**
 * `error` as a DriftwatchError 'git-failed' whose message carries git's stderr; DriftwatchErrors
 * pass through unchanged. git echoes repository URLs in its messages: their credentials are
 * masked here (core/url-credentials.ts), before the message goes anywhere.
 */
export function gitFailed(error: unknown, action: string, hint = ''): DriftwatchError {
	if (error instanceof DriftwatchError) return error;
	const detail = describeError(error);
	return new DriftwatchError('git-failed', maskUrlCredentials(`${action}: ${detail}`), {hint: maskUrlCredentials(hint), cause: error});
}

/** Rejects arguments git would read as options (a revision or URL starting with '-'). */
export function isOptionLike(value: string): boolean {
	return value.startsWith('-');
}
