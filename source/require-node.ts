/**
 * The first module the entry point loads: on a Node.js older than 22 it prints one line (what is
 * needed, and how to get it) and exits 2, before any dependency that needs a newer Node is
 * evaluated (undici, for one, fails with a stack trace on Node 20). Keep it, and the check it
 * imports (which imports nothing), free of other imports and of syntax an old Node cannot parse.
 */
import {nodeVersionProblem} from './core/node-version-check.js';

const problem = nodeVersionProblem(process.version);

if (problem !== null) {
	process.stderr.write(`${problem}\n`);
	process.exit(2);
}
