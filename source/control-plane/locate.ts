/**
 * Where the control plane's binaries and the project's scripts are. The binaries are built once
 * per machine by scripts/control-plane/build.sh into a cache keyed by versions; this asks that
 * script for the directory so the key is computed in one place.
 */
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {DriftwatchError} from '../core/errors.js';

/** The package root: source/control-plane/x.ts and dist/control-plane/x.js are both two levels down. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const buildScript = path.join(packageRoot, 'scripts', 'control-plane', 'build.sh');

export class ControlPlaneNotBuiltError extends DriftwatchError {
	constructor(dir: string) {
		super('tool-missing', `the control-plane binaries are not built (looked in ${dir})`, {
			hint: 'run `npm run cluster:build` (about 9 minutes on 2 cores the first time; `npm start` and `npm test` do it for you)',
		});
	}
}

let keyDir: string | undefined;

/** The cache directory for this set of versions, built or not ($DRIFTWATCH_CONTROL_PLANE_DIR wins). */
export function controlPlaneCacheKeyDir(): string {
	const explicit = process.env['DRIFTWATCH_CONTROL_PLANE_DIR'];
	if (explicit) return explicit;
	if (keyDir) return keyDir;
	try {
		keyDir = execFileSync('bash', [buildScript, '--print-dir'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']}).trim();
	} catch (error) {
		const stderr = stderrOf(error);
		throw new DriftwatchError('tool-missing', `cannot locate the control-plane cache: ${stderr || (error as Error).message}`, {
			hint: 'the control plane is built from Go modules: install Go 1.25 or newer (https://go.dev/dl/)',
		});
	}
	return keyDir;
}

/** The cache directory with bin/, kwok-stages/ and versions.json; throws when it is incomplete. */
export function controlPlaneCacheDir(): string {
	const dir = controlPlaneCacheKeyDir();
	if (!existsSync(path.join(dir, '.complete'))) throw new ControlPlaneNotBuiltError(dir);
	return dir;
}

/** A failed child process's stderr (execFile attaches it to the error), trimmed; '' when there is none. */
function stderrOf(error: unknown): string {
	const stderr = (error as {stderr?: unknown}).stderr;
	return typeof stderr === 'string' ? stderr.trim() : Buffer.isBuffer(stderr) ? stderr.toString('utf8').trim() : '';
}
