/**
 * Runs a rendering tool (kubectl, helm) as a child process and classifies how it failed. This is
 * the only place the render adapters start processes: always `execFile` (no shell, so paths and
 * values from Git are never interpreted), with a size limit and a timeout so a runaway template
 * cannot hang or exhaust driftwatch.
 */
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {DriftwatchError} from '../core/errors.js';

const execFileAsync = promisify(execFile);

/** Default output limit: large enough for big charts (a rendered kube-prometheus-stack is ~5 MiB). */
export const defaultMaxBuffer = 64 * 1024 * 1024;
/** Default time limit per tool run. */
export const defaultTimeoutMs = 120_000;

export interface RunToolOptions {
	/** What the tool is called in messages, e.g. 'helm'. */
	tool: string;
	/** The binary to run: a path, or a bare name looked up on PATH. */
	binary: string;
	args: readonly string[];
	/** How to install the tool, shown when it cannot be started. */
	installHint?: string;
	/** Default {@link defaultTimeoutMs}. */
	timeoutMs?: number;
	/** Default {@link defaultMaxBuffer} bytes, for stdout and stderr each. */
	maxBuffer?: number;
	env?: NodeJS.ProcessEnv;
}

export interface ToolOutput {
	stdout: string;
	/** Warnings a successful run printed (kustomize deprecations, helm notes). */
	stderr: string;
}

/** What a rejected promisified execFile carries; `code` is an errno string or the exit code. */
interface ExecFailure extends Error {
	code?: string | number | null;
	signal?: NodeJS.Signals | null;
	killed?: boolean;
	stderr?: string;
}

/**
 * Runs `binary args...` and resolves with its output when it exits 0.
 *
 * @throws DriftwatchError 'tool-missing' when the binary cannot be started (ENOENT, EACCES);
 * 'render-failed' on a non-zero exit (with the tool's stderr), a timeout or oversized output.
 */
export async function runTool(options: RunToolOptions): Promise<ToolOutput> {
	const timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
	const maxBuffer = options.maxBuffer ?? defaultMaxBuffer;
	try {
		const {stdout, stderr} = await execFileAsync(options.binary, [...options.args], {
			encoding: 'utf8',
			maxBuffer,
			timeout: timeoutMs,
			env: options.env ?? process.env,
			windowsHide: true,
		});
		return {stdout, stderr};
	} catch (error) {
		throw classifyToolFailure(error as ExecFailure, options, timeoutMs, maxBuffer);
	}
}

function classifyToolFailure(failure: ExecFailure, options: RunToolOptions, timeoutMs: number, maxBuffer: number): DriftwatchError {
	const command = `${options.tool} ${options.args.join(' ')}`;
	const hint = options.installHint ?? '';
	switch (failure.code) {
		case 'ENOENT':
			return new DriftwatchError('tool-missing', `${options.tool} not found (tried ${options.binary})`, {hint, cause: failure});
		case 'EACCES':
			return new DriftwatchError('tool-missing', `${options.tool} at ${options.binary} is not executable`, {hint, cause: failure});
		case 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER':
			return new DriftwatchError('render-failed', `${command}: output larger than ${maxBuffer} bytes`, {cause: failure});
		default:
			break;
	}
	// execFile kills the child with SIGTERM when the timeout expires and marks it `killed`.
	if (failure.killed === true || (failure.code === null && failure.signal)) {
		const why = failure.killed === true ? `timed out after ${Math.round(timeoutMs / 1000)}s` : `killed by ${failure.signal}`;
		return new DriftwatchError('render-failed', `${command}: ${why}`, {cause: failure});
	}
	const stderr = failure.stderr?.trim() ?? '';
	const exit = typeof failure.code === 'number' ? `exit ${failure.code}` : String(failure.code ?? 'failed');
	return new DriftwatchError('render-failed', `${command} failed (${exit})${stderr ? `: ${stderr}` : ''}`, {cause: failure});
}
