/**
 * Paths of the checkout the bench runs in. The bench is compiled into .build/bench/, so the
 * shipped code it drives (dist/cli.js, and dist/control-plane, which finds its scripts relative
 * to itself) is reached from the repository root, not from .build.
 */
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import type * as ControlPlane from '../../source/control-plane/control-plane.js';

/** .build/bench/support/ is three levels below the repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The built CLI that the figures run. */
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

/** The built control-plane module (it locates scripts/control-plane from dist/). */
export async function loadControlPlane(): Promise<typeof ControlPlane> {
	return (await import(pathToFileURL(path.join(repoRoot, 'dist', 'control-plane', 'control-plane.js')).href)) as typeof ControlPlane;
}
