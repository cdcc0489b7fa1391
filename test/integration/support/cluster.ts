/** Helpers for integration tests: kubectl against the run's control plane, namespaces, waiting. */
import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {promisify} from 'node:util';
import {inject} from 'vitest';

const execFileAsync = promisify(execFile);

export const kubeconfig = (): string => inject('kubeconfig');
export const controlPlaneDir = (): string => inject('controlPlaneDir');

export interface KubectlResult {
	stdout: string;
	stderr: string;
	code: number;
}

/** Runs kubectl; never throws for a non-zero exit (tests assert on `code`). */
export async function kubectlResult(args: string[], options: {context?: string; input?: string} = {}): Promise<KubectlResult> {
	const fullArgs = [`--kubeconfig=${kubeconfig()}`, ...(options.context ? [`--context=${options.context}`] : []), ...args];
	return new Promise(resolve => {
		const child = execFile('kubectl', fullArgs, {maxBuffer: 32 * 1024 * 1024, timeout: 120_000}, (error, stdout, stderr) => {
			const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
			resolve({stdout, stderr, code});
		});
		if (options.input !== undefined) {
			child.stdin?.end(options.input);
		}
	});
}

/** Runs kubectl and throws with stderr on failure. */
export async function kubectl(args: string[], options: {context?: string; input?: string} = {}): Promise<string> {
	const result = await kubectlResult(args, options);
	if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed (${result.code}): ${result.stderr}`);
	return result.stdout;
}

export async function kubectlJson<T = Record<string, unknown>>(args: string[], options: {context?: string} = {}): Promise<T> {
	return JSON.parse(await kubectl([...args, '-o', 'json'], options)) as T;
}

/** A fresh namespace per test file, so tests sharing the control plane never see each other. */
export async function createNamespace(prefix: string): Promise<string> {
	const name = `${prefix}-${randomBytes(3).toString('hex')}`;
	await kubectl(['create', 'namespace', name]);
	return name;
}

export async function deleteNamespace(name: string): Promise<void> {
	await kubectlResult(['delete', 'namespace', name, '--wait=false']);
}

/** Polls `check` until it returns a truthy value; throws with the last value/error on timeout. */
export async function waitFor<T>(
	what: string,
	check: () => Promise<T | undefined | false | null>,
	timeoutMs = 60_000,
	intervalMs = 250,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let last: unknown;
	while (Date.now() < deadline) {
		try {
			const value = await check();
			if (value) return value;
			last = value;
		} catch (error) {
			last = error;
		}
		await new Promise(resolve => setTimeout(resolve, intervalMs));
	}
	throw new Error(
		`timed out after ${timeoutMs / 1000}s waiting for ${what}; last: ${last instanceof Error ? last.message : JSON.stringify(last)}`,
	);
}

export async function execFileText(file: string, args: string[]): Promise<string> {
	const {stdout} = await execFileAsync(file, args);
	return stdout;
}
