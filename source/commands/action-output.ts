/** Output of `sync`, `revert` and `rollback`: a summary in text, or JSON; exit 0 done, 1 failed. */
import type {AppStatus} from '../core/app-status.js';
import type {ActionResult} from '../engine/engine-state.js';
import {appSummaryJson} from './app-json.js';
import {type CommandIo, exitCodes, type OutputFormat} from './command-io.js';

export function printActionResult(action: string, result: ActionResult, io: CommandIo, output: OutputFormat, status: AppStatus): number {
	if (output === 'json') {
		io.out(JSON.stringify({action, ...result, app: appSummaryJson(status)}, null, 2));
	} else {
		io.out(result.ok ? io.style.green(`${action}: ${result.message}`) : io.style.red(`${action} failed: ${result.message}`));
		for (const applied of result.applied) io.out(`  applied  ${applied}`);
		for (const deleted of result.deleted) io.out(`  deleted  ${deleted}`);
		for (const hook of result.hooks ?? []) {
			io.out(
				`  hook     ${hook.phase} ${hook.object}: ${hook.state}${hook.message ? ` (${hook.message})` : ''}${hook.deleted ? ', deleted' : ''}`,
			);
		}
		for (const error of result.errors) io.out(io.style.red(`  error    ${error}`));
	}
	return result.ok ? exitCodes.ok : exitCodes.failed;
}
