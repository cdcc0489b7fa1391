/**
 * The first module the entry point loads: on a Node.js older than 22 it prints one line (what is
 * needed, and how to get it) and exits 2, before any dependency that needs a newer Node is
 * evaluated (undici, for one, fails with a stack trace on Node 20). Keep it free of imports and of
 * syntax an old Node cannot parse.
 */
const minimumMajor = 22;
const major = Number(process.versions.node.split('.')[0]);

if (!(major >= minimumMajor)) {
	process.stderr.write(
		`driftwatch needs Node.js ${minimumMajor} or newer (this is ${process.version}): install Node ${minimumMajor}+, ` +
			'or run `npx driftwatch` inside the driftwatch project, which uses its pinned Node 24\n',
	);
	process.exit(2);
}

export {};
