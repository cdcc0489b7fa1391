/**
 * Where the control plane's binaries and the project's scripts are. The binaries are built once
 * per machine by scripts/control-plane/build.sh into a cache keyed by versions; this asks that
 * script for the directory so the key is computed in one place.
 */
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** The package root: source/control-plane/x.ts and dist/control-plane/x.js are both two levels down. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const buildScript = path.join(packageRoot, 'scripts', 'control-plane', 'build.sh');

export class ControlPlaneNotBuiltError extends Error {
	constructor(dir: string) {
		super(
			`the control-plane binaries are not built (looked in ${dir}). ` +
				'Run `npm run cluster:build` (the first build takes 20-40 minutes on 2 cores).',
		);
	}
}

/** The cache directory with bin/, kwok-stages/ and versions.json; throws when it is incomplete. */
export function controlPlaneCacheDir(): string {
	const dir = process.env['DRIFTWATCH_CONTROL_PLANE_DIR'] ?? execFileSync('bash', [buildScript, '--print-dir'], {encoding: 'utf8'}).trim();
	if (!existsSync(path.join(dir, '.complete'))) throw new ControlPlaneNotBuiltError(dir);
	return dir;
}
