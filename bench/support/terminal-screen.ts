/**
 * The real UI on a real pseudo-terminal, seen as a person sees it: the driftwatch process runs
 * under util-linux `script` (which gives it a pty of the size we set), and every byte it draws is
 * fed into a headless xterm.js terminal here. A change "is on the screen" at the arrival time of
 * the output chunk after which the emulated screen shows it. Keys are typed into the same pty.
 *
 * Nothing in driftwatch knows it is measured: no hook, no special mode; only the bytes count.
 */
import type {ChildProcess} from 'node:child_process';
import xterm from '@xterm/headless';
import {startChild, stopChild} from './processes.js';

interface Waiter {
	predicate: (screen: string) => boolean;
	resolve: (match: {at: number; screen: string}) => void;
	reject: (error: Error) => void;
}

/** Quotes one word for `sh -c`. */
function shellWord(word: string): string {
	return `'${word.replaceAll("'", "'\\''")}'`;
}

export class TerminalScreen {
	private readonly terminal: InstanceType<typeof xterm.Terminal>;
	private waiters: Waiter[] = [];
	/** Output chunks processed (each a frame or a part of one). */
	chunks = 0;
	/** Arrival time of the last output chunk. */
	lastOutputAt = 0;
	exited = false;

	private constructor(
		private readonly child: ChildProcess,
		readonly columns: number,
		readonly rows: number,
	) {
		this.terminal = new xterm.Terminal({cols: columns, rows, allowProposedApi: true, scrollback: 0});
		child.stdout?.on('data', (chunk: Buffer) => {
			const at = performance.now();
			this.lastOutputAt = at;
			this.terminal.write(chunk, () => this.processed(at));
		});
		child.on('exit', code => {
			this.exited = true;
			// Nothing more will be drawn: a figure waiting for a screen fails now, not at its time limit.
			const waiters = this.waiters;
			this.waiters = [];
			for (const waiter of waiters) waiter.reject(new Error(`the UI under test exited (code ${code}); its screen shows:\n${this.text()}`));
		});
	}

	/** Starts `command args` on a pty of `columns` x `rows`. */
	static start(
		command: string,
		args: readonly string[],
		options: {env: NodeJS.ProcessEnv; columns?: number; rows?: number},
	): TerminalScreen {
		const columns = options.columns ?? 120;
		const rows = options.rows ?? 40;
		const line = `stty rows ${rows} cols ${columns}; exec ${[command, ...args].map(shellWord).join(' ')}`;
		// -e: script exits with the UI's own exit code.
		const child = startChild('script', ['-q', '-e', '-f', '-E', 'never', '-c', line, '/dev/null'], {
			env: {TERM: 'xterm-256color', ...options.env},
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		let stderr = '';
		child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString('utf8')).slice(-4000)));
		child.on('exit', code => {
			if (code !== 0 && code !== null) process.stderr.write(`  the UI under test exited with ${code}: ${stderr}\n`);
		});
		return new TerminalScreen(child, columns, rows);
	}

	/** The screen as text, one line per row. */
	text(): string {
		const buffer = this.terminal.buffer.active;
		const lines: string[] = [];
		for (let row = 0; row < this.rows; row++) lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
		return lines.join('\n');
	}

	private processed(at: number): void {
		this.chunks++;
		if (this.waiters.length === 0) return;
		const screen = this.text();
		const matched = this.waiters.filter(waiter => waiter.predicate(screen));
		if (matched.length === 0) return;
		this.waiters = this.waiters.filter(waiter => !matched.includes(waiter));
		for (const waiter of matched) waiter.resolve({at, screen});
	}

	/**
	 * Resolves with the arrival time of the first output after which the screen satisfies
	 * `predicate` (register it before causing the change). `current`: a screen that already
	 * satisfies it counts, at the time of its last output.
	 */
	waitFor(
		predicate: (screen: string) => boolean,
		options: {timeoutMs?: number; current?: boolean} = {},
	): Promise<{at: number; screen: string}> {
		if (options.current && predicate(this.text())) return Promise.resolve({at: this.lastOutputAt, screen: this.text()});
		const timeoutMs = options.timeoutMs ?? 30_000;
		if (this.exited) return Promise.reject(new Error(`the UI under test has exited; its screen shows:\n${this.text()}`));
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {
				predicate,
				resolve: match => (clearTimeout(timer), resolve(match)),
				reject: error => (clearTimeout(timer), reject(error)),
			};
			const timer = setTimeout(() => {
				this.waiters = this.waiters.filter(other => other !== waiter);
				reject(new Error(`the screen did not show what was expected within ${timeoutMs} ms; it shows:\n${this.text()}`));
			}, timeoutMs);
			this.waiters.push(waiter);
		});
	}

	/** Types a key sequence; returns when it was written. */
	press(keys: string): number {
		const at = performance.now();
		this.child.stdin?.write(keys);
		return at;
	}

	async stop(): Promise<void> {
		if (!this.exited) this.press('q');
		const exited = new Promise<void>(resolve => (this.exited ? resolve() : this.child.once('exit', () => resolve())));
		const timer = setTimeout(() => void stopChild(this.child), 3000);
		await exited;
		clearTimeout(timer);
		this.terminal.dispose();
	}
}
