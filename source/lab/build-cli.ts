#!/usr/bin/env node
/**
 * `npm run cluster:build`, and `npm test`'s pretest step: builds the control-plane binaries when
 * they are missing (cached; with progress), and says where they are.
 */
import {describeError} from '../core/errors.js';
import {buildControlPlaneWithProgress} from './build-display.js';

try {
	const dir = await buildControlPlaneWithProgress(process.stderr);
	process.stderr.write(`control plane: binaries ready in ${dir}\n`);
} catch (error) {
	process.stderr.write(`${describeError(error)}\n`);
	process.exitCode = 1;
}
