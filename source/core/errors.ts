/**
 * Typed errors shared by every layer. Adapters classify failures at their boundary (from exit
 * codes and HTTP status codes, never by matching message text) into one of these codes, so the
 * UI and the CLI can say what happened and what the user can do.
 */
export type ErrorCode =
	| 'config-invalid'
	| 'manifest-invalid'
	| 'render-failed'
	| 'tool-missing'
	| 'git-failed'
	| 'revision-not-found'
	| 'cluster-unreachable'
	/** The API server refused the credentials (401): a token or certificate that is invalid or expired. */
	| 'unauthorized'
	/** The API server refused the request for this user (403, RBAC). */
	| 'forbidden'
	| 'not-found'
	| 'conflict'
	| 'invalid-object'
	| 'sync-refused'
	/** A change to the source (set-image, promote, keep) that cannot be placed exactly, or a write that would touch uncommitted work. */
	| 'edit-refused'
	| 'internal';

export class DriftwatchError extends Error {
	override readonly name = 'DriftwatchError';
	/** A stable code for programs (JSON output, exit codes). */
	readonly code: ErrorCode;
	/** What the user can do about it, in plain words; may be empty. */
	readonly hint: string;

	constructor(code: ErrorCode, message: string, options: {hint?: string; cause?: unknown} = {}) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.code = code;
		this.hint = options.hint ?? '';
	}
}

/**
 * The message to show for any thrown value, with the hint when there is one. A library error that
 * only says "fetch failed" or "terminated" gets the reason of its cause ("connect ECONNREFUSED
 * 127.0.0.1:6443", "other side closed").
 */
export function describeError(error: unknown): string {
	if (error instanceof DriftwatchError) return error.hint ? `${error.message} (${error.hint})` : error.message;
	if (error instanceof Error) {
		const cause = error.cause instanceof Error ? error.cause.message : '';
		return cause && !error.message.includes(cause) ? `${error.message}: ${cause}` : error.message;
	}
	return String(error);
}

/** Any thrown value as `{code, message, hint}`, the form statuses and JSON output carry. */
export function errorSummary(error: unknown): {code: string; message: string; hint: string} {
	return {
		code: error instanceof DriftwatchError ? error.code : 'internal',
		message: error instanceof Error ? error.message : String(error),
		hint: error instanceof DriftwatchError ? error.hint : '',
	};
}
