/**
 * Whether a Node.js version can run driftwatch: Node 22 or newer (undici and others need it). Pure,
 * and free of imports and of syntax an old Node cannot parse: source/require-node.ts runs it
 * before any other module is evaluated.
 */

/** The oldest Node.js major version driftwatch runs on. */
export const minimumNodeMajor = 22;

/**
 * For a Node.js version as `process.version` writes it ('v20.11.0'): the one line to print when it
 * is too old (what is needed, and how to get it), or null when it is new enough.
 */
export function nodeVersionProblem(version: string): string | null {
	const major = Number(version.replace(/^v/, '').split('.')[0]);
	if (major >= minimumNodeMajor) return null;
	return (
		`driftwatch needs Node.js ${minimumNodeMajor} or newer (this is ${version}): install Node ${minimumNodeMajor}+, ` +
		'or run `npx driftwatch` inside the driftwatch project, which uses its pinned Node 24'
	);
}
