/**
 * Where the Argo CD build is: scripts/argocd/build.sh builds Argo CD and kustomize once per machine
 * into a cache keyed by versions; this asks that script for the directory so the key is computed in
 * one place.
 */
import {execFileSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/**
 * The repository root: the nearest folder up from this file with scripts/argocd/build.sh. Walking up
 * works both from test/support/argocd (vitest) and from .build/test/support/argocd (the compiled bench).
 */
export const repositoryRoot = ((): string => {
	let dir = path.dirname(fileURLToPath(import.meta.url));
	while (!existsSync(path.join(dir, 'scripts', 'argocd', 'build.sh'))) {
		const parent = path.dirname(dir);
		if (parent === dir) throw new Error('cannot find scripts/argocd/build.sh above test/support/argocd');
		dir = parent;
	}
	return dir;
})();

export const argoCdBuildScript = path.join(repositoryRoot, 'scripts', 'argocd', 'build.sh');

/** The cache directory with bin/argocd, bin/kustomize, manifests/ and versions.json; throws when it is incomplete. */
export function argoCdCacheDir(): string {
	const dir = process.env['DRIFTWATCH_ARGOCD_DIR'] ?? execFileSync('bash', [argoCdBuildScript, '--print-dir'], {encoding: 'utf8'}).trim();
	if (!existsSync(path.join(dir, '.complete'))) {
		throw new Error(
			`Argo CD is not built (looked in ${dir}). Run \`npm run argocd:build\` ` +
				'(about 6 minutes on 2 cores the first time; the referee tests and the Argo CD bench need it).',
		);
	}
	return dir;
}

/**
 * The Redis server (miniredis, built by scripts/argocd/build.sh into a cache directory of its own);
 * throws when it is not built.
 */
export function argoCdRedisBinary(): string {
	const dir =
		process.env['DRIFTWATCH_ARGOCD_REDIS_DIR'] ?? execFileSync('bash', [argoCdBuildScript, '--print-redis-dir'], {encoding: 'utf8'}).trim();
	if (!existsSync(path.join(dir, '.complete'))) {
		throw new Error(
			`The Redis server for Argo CD is not built (looked in ${dir}). Run \`npm run argocd:build\` (seconds, once Argo CD is built).`,
		);
	}
	return path.join(dir, 'bin', 'redis');
}

/**
 * The helm binary of the control-plane build (the repo server runs it for Helm sources). Asked of
 * scripts/control-plane/build.sh from the repository root found above, so it also works from the
 * compiled bench, where source/control-plane/locate.ts's package root is .build/.
 */
export function controlPlaneHelm(): string {
	const dir =
		process.env['DRIFTWATCH_CONTROL_PLANE_DIR'] ??
		execFileSync('bash', [path.join(repositoryRoot, 'scripts', 'control-plane', 'build.sh'), '--print-dir'], {encoding: 'utf8'}).trim();
	return path.join(dir, 'bin', 'helm');
}
