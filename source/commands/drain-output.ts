/**
 * Exiting with output still queued loses it. When stdout is a pipe, Node writes to it
 * asynchronously, and `process.exit` does not wait: `driftwatch status -o json | jq` saw only the
 * first 64 KiB (the pipe's buffer) of a large app. Every exit goes through {@link drainOutput}.
 */

/**
 * Resolves once everything written so far to `streams` (default stdout and stderr) has been
 * handed to the operating system, or the stream failed (a reader that went away: EPIPE).
 */
export async function drainOutput(streams: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr]): Promise<void> {
	await Promise.all(streams.map(stream => drainOne(stream as NodeJS.WriteStream)));
}

function drainOne(stream: NodeJS.WriteStream): Promise<void> {
	if (stream.destroyed || !stream.writable || stream.writableLength === 0) return Promise.resolve();
	return new Promise(resolve => {
		// Writes complete in order, so the callback of an empty write comes after all earlier ones.
		stream.once('error', () => resolve());
		stream.write('', () => resolve());
	});
}
