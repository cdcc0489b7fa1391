/** What driftwatch shows about a commit, and how it is read from `git log` output. */

import type {CommitInfo} from '../core/commit-info.js';

export type {CommitInfo};

// Fields separated by US (0x1f), commits by RS (0x1e): neither appears in names or messages.
const fields = ['%H', '%h', '%s', '%an', '%ae', '%aI', '%B'];

/** The `--format=` value for `git log` / `git show` that {@link parseCommits} reads. */
export const commitFormat = `${fields.join('%x1f')}%x1e`;

/** Parses output produced with {@link commitFormat}; newest first, as git prints it. */
export function parseCommits(output: string): CommitInfo[] {
	const commits: CommitInfo[] = [];
	for (const record of output.split('\x1e')) {
		const parts = record.replace(/^\n+/u, '').split('\x1f');
		if (parts.length < fields.length) continue;
		const [sha = '', shortSha = '', subject = '', author = '', authorEmail = '', date = '', message = ''] = parts;
		commits.push({sha, shortSha, subject, message: message.trimEnd(), author, authorEmail, date});
	}
	return commits;
}
