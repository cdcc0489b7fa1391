/**
 * The real `driftwatch watch` UI on a pty (see terminal-screen.ts) for one app, with a bare
 * watch of its namespace beside it, and the reading of the app screen's counts.
 */
import path from 'node:path';
import type {BenchContext} from './bench-context.js';
import {BareWatch} from './bare-watch-client.js';
import {probeEnvironment} from './probe-client.js';
import {TerminalScreen} from './terminal-screen.js';

/** The "~N modified" count of the app screen's summary line, or undefined when it is not shown. */
export function modifiedCount(screen: string): number | undefined {
	const match = /~(\d+) modified/.exec(screen);
	return match ? Number(match[1]) : undefined;
}

export interface UiSession {
	screen: TerminalScreen;
	watch: BareWatch;
	/** The probe socket of the UI process. */
	socket: string;
	/** From start to the app screen showing Synced with nothing modified. */
	startMs: number;
	stop(): Promise<void>;
}

export async function startUiSession(context: BenchContext, configMaps: number, namespace: string, label: string): Promise<UiSession> {
	const watch = await BareWatch.start(context.credentials, namespace);
	const socket = path.join(context.scratch, `probe-${label}.sock`);
	const started = performance.now();
	const screen = TerminalScreen.start(
		process.execPath,
		[...context.nodeFlags(label), context.cli, 'watch', ...context.appFlags(configMaps, namespace)],
		{env: context.cliEnv(probeEnvironment(socket)), columns: 120, rows: 40},
	);
	const stop = async () => {
		await screen.stop();
		await watch.stop();
	};
	try {
		const synced = await screen.waitFor(text => /✔ Synced/.test(text) && modifiedCount(text) === 0, {
			timeoutMs: context.options.timeoutSeconds * 1000,
			current: true,
		});
		return {screen, watch, socket, startMs: synced.at - started, stop};
	} catch (error) {
		await stop();
		throw error;
	}
}
