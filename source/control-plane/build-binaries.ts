/**
 * Builds the control-plane binaries when they are missing, by running scripts/control-plane/build.sh
 * (the one place that knows how), and reports progress from the events it writes on fd 3. Used by
 * `npm test` (pretest), `npm run cluster:build`, `driftwatch lab` and the integration setup.
 */
import {spawn} from 'node:child_process';
import {existsSync} from 'node:fs';
import {readdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {DriftwatchError} from '../core/errors.js';
import {
	applyBuildEvent,
	type BuildProgress,
	estimatesFrom,
	initialBuildProgress,
	parseBuildEvent,
	parseBuildTimes,
} from './build-progress.js';
import {buildScript, controlPlaneCacheKeyDir} from './locate.js';

export interface BuildOptions {
	/** Called with every change of the progress (start, done, wait...). */
	onProgress?: (progress: BuildProgress) => void;
	/** Where the seconds per binary come from: set before the first onProgress call. */
	onEstimates?: (estimates: Record<string, number>, source: 'previous-build' | 'first-build-table') => void;
}

/** True when every binary of this cache key is built. */
export function controlPlaneBuilt(): boolean {
	return existsSync(path.join(controlPlaneCacheKeyDir(), '.complete'));
}

/**
 * Builds what is missing (nothing when the cache is complete) and returns the cache directory.
 * @throws DriftwatchError 'tool-missing' without Go, 'internal' when a build fails (with the log's tail).
 */
export async function ensureControlPlaneBuilt(options: BuildOptions = {}): Promise<string> {
	const dir = controlPlaneCacheKeyDir();
	if (existsSync(path.join(dir, '.complete'))) return dir;
	const previous = await previousBuildTimes(path.dirname(dir));
	options.onEstimates?.(estimatesFrom(previous), previous ? 'previous-build' : 'first-build-table');

	let progress = initialBuildProgress(Date.now());
	const output: string[] = [];
	const child = spawn('bash', [buildScript], {stdio: ['ignore', 'pipe', 'pipe', 'pipe']});
	// An interrupted parent must not leave a compiler running: build.sh resumes next time anyway.
	const stopChild = () => child.kill('SIGTERM');
	process.once('exit', stopChild);
	const keepTail = (line: string) => {
		output.push(line);
		if (output.length > 40) output.shift();
	};
	for (const stream of [child.stdout, child.stderr]) if (stream) createInterface({input: stream}).on('line', keepTail);
	const events = child.stdio[3];
	if (events && 'read' in events) {
		createInterface({input: events}).on('line', line => {
			const event = parseBuildEvent(line);
			if (!event) return;
			progress = applyBuildEvent(progress, event, Date.now());
			options.onProgress?.(progress);
		});
	}
	const exitCode = await new Promise<number>(resolve => {
		child.on('error', () => resolve(127));
		child.on('close', code => resolve(code ?? 1));
	});
	process.removeListener('exit', stopChild);
	if (exitCode === 0 && existsSync(path.join(dir, '.complete'))) return dir;
	const tail = output.slice(-25).join('\n');
	if (exitCode === 127) {
		throw new DriftwatchError('tool-missing', `cannot build the control plane: ${tail || 'bash or go is not installed'}`, {
			hint: 'install Go 1.25 or newer (https://go.dev/dl/) and try again',
		});
	}
	throw new DriftwatchError('internal', `building the control plane failed (exit ${exitCode}):\n${tail}`, {
		hint: `the full log is ${path.join(dir, 'build.log')}; run \`npm run cluster:build\` again to resume`,
	});
}

/** The per-binary times of the most recent build recorded under the cache root, if any. */
async function previousBuildTimes(cacheRoot: string): Promise<Record<string, number> | undefined> {
	let newest: {file: string; mtime: number} | undefined;
	for (const entry of await readdir(cacheRoot).catch(() => [] as string[])) {
		const file = path.join(cacheRoot, entry, 'build-times.tsv');
		const info = await stat(file).catch(() => undefined);
		if (info && (!newest || info.mtimeMs > newest.mtime)) newest = {file, mtime: info.mtimeMs};
	}
	if (!newest) return undefined;
	const times = parseBuildTimes(await readFile(newest.file, 'utf8').catch(() => ''));
	return Object.keys(times).length > 0 ? times : undefined;
}
