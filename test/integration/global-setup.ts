/**
 * Starts one real control plane for the whole integration run (building its binaries first when
 * they are missing) and hands its kubeconfig to the tests. When it cannot be built or started,
 * this throws and the run FAILS with the reason: an integration suite that skips silently would
 * prove nothing.
 */
import {rmSync} from 'node:fs';
import type {TestProject} from 'vitest/node';
import {startControlPlane, stopControlPlane} from '../../source/control-plane/control-plane.js';
import {buildControlPlaneWithProgress} from '../../source/lab/build-display.js';
import {killNow} from '../../source/control-plane/managed-process.js';

declare module 'vitest' {
	export interface ProvidedContext {
		kubeconfig: string;
		controlPlaneDir: string;
	}
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	// `npm test` builds the binaries in its pretest step; `vitest` run directly builds them here.
	await buildControlPlaneWithProgress(process.stdout);
	const state = await startControlPlane({log: line => console.log(`[control-plane] ${line}`)});
	console.log(`[control-plane] up in ${state.startSeconds}s at ${state.server} (KUBECONFIG=${state.kubeconfig})`);
	// Last resort if the runner dies without teardown: no orphan processes.
	const killAll = () => {
		state.processes.forEach(running => killNow(running.pid));
		rmSync(state.dir, {recursive: true, force: true});
	};
	process.once('exit', killAll);
	project.provide('kubeconfig', state.kubeconfig);
	project.provide('controlPlaneDir', state.dir);
	return async () => {
		process.removeListener('exit', killAll);
		// Re-read: a fault test may have restarted the API server under a new pid.
		const {readControlPlaneState} = await import('../../source/control-plane/control-plane.js');
		await stopControlPlane(await readControlPlaneState(state.dir).catch(() => state));
	};
}
