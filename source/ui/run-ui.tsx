/**
 * Runs the terminal UI until the user quits: full screen in the alternate screen buffer, the
 * primary screen restored on every way out (q, ctrl-c, SIGINT/SIGTERM/SIGHUP, a crash).
 */
import {type Instance, render} from 'ink';
import {escapeAtOnce} from './escape-at-once.js';
import type {EngineActions, EngineStore} from '../engine/engine-state.js';
import type {LabPanel} from '../lab/exercises/lab-panel.js';
import {errorLine} from '../presentation/error-text.js';
import {DriftwatchApp} from './app.js';

/** Options of runUi. */
export interface RunUiOptions {
	/** Open this app's screen first. */
	initialApp?: string;
	/** `driftwatch lab`'s exercises, for the lab panel. */
	lab?: LabPanel;
	/** Streams to use; default the process's. For tests and embedding. */
	stdin?: NodeJS.ReadStream;
	stdout?: NodeJS.WriteStream;
	stderr?: NodeJS.WriteStream;
}

const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** Back to the primary screen, cursor shown. */
const leaveAlternateScreen = '\u001B[?1049l\u001B[?25h';

/**
 * Renders the UI and resolves when the user quits (or a termination signal arrives). Rejects,
 * after the terminal is restored, when the UI or the process crashes, so the caller can print
 * the error on the primary screen where it stays visible.
 */
export async function runUi(store: EngineStore, actions: EngineActions, options: RunUiOptions = {}): Promise<void> {
	const stdout = options.stdout ?? process.stdout;
	let instance: Instance;
	try {
		instance = render(<DriftwatchApp store={store} actions={actions} initialApp={options.initialApp} lab={options.lab} />, {
			stdin: escapeAtOnce(options.stdin ?? process.stdin),
			stdout,
			stderr: options.stderr ?? process.stderr,
			alternateScreen: true,
			// A person at a terminal asked for the UI: draw it even where a CI variable is set (ink
			// would otherwise print only the last frame, at exit). Piped output stays non-interactive.
			interactive: Boolean(stdout.isTTY),
			// ctrl-c is a keymap binding like q, so both leave through the same unmount.
			exitOnCtrlC: false,
			// Console output would land in the middle of the frame only on the terminal we draw on.
			patchConsole: stdout === process.stdout,
			// The store republishes at this rate too (use-throttled-snapshot.ts); this also caps bursts of input echo.
			maxFps: 60,
			// Only changed lines are rewritten: no flicker on a busy screen.
			incrementalRendering: true,
		});
	} catch (error) {
		// Ink enters the alternate screen first thing; a failure after that would strand the user there.
		if (stdout.isTTY) stdout.write(leaveAlternateScreen);
		throw error;
	}
	let crash: unknown;
	// Ink restores the screen when it unmounts (it also hooks process exit); unmounting here on a
	// signal lets runUi resolve so the caller can stop the engine cleanly instead of dying mid-write.
	const stop = () => {
		instance.unmount();
	};
	const fail = (error: unknown) => {
		crash ??= error;
		instance.unmount();
	};
	for (const signal of signals) process.on(signal, stop);
	process.on('uncaughtException', fail);
	process.on('unhandledRejection', fail);
	try {
		await instance.waitUntilExit();
	} finally {
		for (const signal of signals) process.off(signal, stop);
		process.off('uncaughtException', fail);
		process.off('unhandledRejection', fail);
	}
	if (crash !== undefined) throw crash instanceof Error ? crash : new Error(errorLine(crash));
}
