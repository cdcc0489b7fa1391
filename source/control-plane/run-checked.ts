/** Runs a binary without a shell and fails with its stderr when it exits non-zero. */
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);

export async function runChecked(
	file: string,
	args: string[],
	options: {env?: NodeJS.ProcessEnv; timeoutMs?: number} = {},
): Promise<string> {
	try {
		const {stdout} = await execFileAsync(file, args, {
			env: options.env ?? process.env,
			timeout: options.timeoutMs ?? 60_000,
			maxBuffer: 64 * 1024 * 1024,
		});
		return stdout;
	} catch (error) {
		const failure = error as NodeJS.ErrnoException & {stderr?: string};
		if (failure.code === 'ENOENT') throw new Error(`${file} is not installed or not on PATH`, {cause: error});
		throw new Error(`${file} ${args.slice(0, 3).join(' ')} failed: ${failure.stderr?.trim() || failure.message}`, {cause: error});
	}
}
