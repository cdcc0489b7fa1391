/**
 * A real terminal for end-to-end tests: a tmux server of the test's own (its socket named by the
 * test and this process), one session, keys typed as a person types them, the screen read as a
 * person reads it. A failed wait says what the screen showed, and what `diagnostics` adds.
 */
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import {waitFor} from './cluster.js';

const execFileAsync = promisify(execFile);

export interface TmuxTerminalOptions {
	/** Names the tmux server's socket (with this process's pid): tests in parallel never share one. */
	name: string;
	session: string;
	/** How long to let each key land (tmux reads ESC followed quickly by a key as Alt+key). */
	keyPauseMs: (key: string) => number;
	pollMs: number;
	/** Added to a failed wait's message (e.g. the program's stderr). */
	diagnostics?: () => string;
}

/** Plain functions, so tests may destructure them. */
export interface TmuxTerminal {
	tmux: (...args: string[]) => Promise<string>;
	screen: () => Promise<string>;
	press: (...keys: string[]) => Promise<void>;
	waitForScreen: (what: string, predicate: (text: string) => boolean, timeoutMs: number) => Promise<string>;
}

export function tmuxTerminal(options: TmuxTerminalOptions): TmuxTerminal {
	const socket = `${options.name}-${process.pid}`;
	const tmux = async (...args: string[]) => (await execFileAsync('tmux', ['-L', socket, ...args])).stdout;
	const screen = async () => tmux('capture-pane', '-p', '-t', options.session);
	return {
		tmux,
		screen,
		press: async (...keys) => {
			for (const key of keys) {
				await tmux('send-keys', '-t', options.session, key);
				await new Promise(resolve => setTimeout(resolve, options.keyPauseMs(key)));
			}
		},
		waitForScreen: async (what, predicate, timeoutMs) => {
			try {
				return await waitFor(
					what,
					async () => {
						const text = await screen();
						return predicate(text) ? text : undefined;
					},
					timeoutMs,
					options.pollMs,
				);
			} catch (error) {
				const extra = options.diagnostics ? `\n${options.diagnostics()}` : '';
				throw new Error(`${(error as Error).message}\n--- screen:\n${await screen().catch(() => '(none)')}${extra}`, {cause: error});
			}
		},
	};
}
