/** What driftwatch knows about a commit: shared by the git adapter, the engine and the screens. */

export interface CommitInfo {
	/** The full 40-hex commit SHA. */
	sha: string;
	/** Git's abbreviation (core.abbrev, at least 7 characters). */
	shortSha: string;
	/** The first line of the message. */
	subject: string;
	/** The whole message, trailing newline trimmed. */
	message: string;
	/** Author name. */
	author: string;
	authorEmail: string;
	/** Author date, ISO 8601 with the author's offset (git's `%aI`). */
	date: string;
}
