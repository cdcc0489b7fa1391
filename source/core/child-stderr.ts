/**
 * What a failed child process said: Node's execFile attaches the captured stderr to its error (a
 * string, or a Buffer with `encoding: 'buffer'`). Pure: it reads the error object, nothing else.
 */

/** A failed child process's stderr, trimmed; '' when there is none. */
export function stderrOf(error: unknown): string {
	const stderr = typeof error === 'object' && error !== null ? (error as {stderr?: unknown}).stderr : undefined;
	if (typeof stderr === 'string') return stderr.trim();
	return stderr instanceof Uint8Array ? new TextDecoder().decode(stderr).trim() : '';
}
