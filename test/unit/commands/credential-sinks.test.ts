/**
 * A repository URL with credentials (`https://user:token@host/...`) never leaves through an output
 * sink of the one-shot commands or the headless stream: processIo masks every line it writes
 * (text, JSON and JSON lines alike), so the headless stream's lines are masked too.
 */
import {afterEach, describe, expect, it, vi} from 'vitest';
import {processIo} from '../../../source/commands/command-io.js';
import {type HeadlessEngine, runHeadless} from '../../../source/commands/headless-watch.js';
import type {EngineSnapshot, TimelineEvent} from '../../../source/engine/engine-state.js';
import {erroredApp, fixtureSnapshot} from '../../../fixtures/ui/apps.js';

const leakyUrl = 'https://user:tok3n@host/x.git';

afterEach(() => {
	vi.restoreAllMocks();
});

/** Captures what is written to process.stdout and process.stderr. */
function captureProcess(): {stdout: string[]; stderr: string[]} {
	const captured = {stdout: [] as string[], stderr: [] as string[]};
	vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
		captured.stdout.push(String(chunk));
		return true;
	});
	vi.spyOn(process.stderr, 'write').mockImplementation(chunk => {
		captured.stderr.push(String(chunk));
		return true;
	});
	return captured;
}

/** An engine whose only app failed to fetch a repository with credentials in its URL. */
class LeakyEngine implements HeadlessEngine {
	readonly #listeners = new Set<() => void>();
	readonly #eventListeners = new Set<(entry: TimelineEvent) => void>();
	#snapshot: EngineSnapshot;

	constructor() {
		const app = erroredApp();
		this.#snapshot = fixtureSnapshot([{...app, evaluated: false, source: {...app.source, repoURL: leakyUrl}}]);
	}

	getSnapshot(): EngineSnapshot {
		return this.#snapshot;
	}

	subscribe(listener: () => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	onEvent(listener: (entry: TimelineEvent) => void): () => void {
		this.#eventListeners.add(listener);
		return () => this.#eventListeners.delete(listener);
	}

	async start(): Promise<void> {
		const message = `git fetch ${leakyUrl}: could not read from remote repository`;
		for (const listener of this.#eventListeners) {
			listener({
				time: '2025-06-01T12:00:00.000Z',
				type: 'error',
				app: 'billing',
				operation: 'git',
				refused: false,
				message,
				hint: `check ${leakyUrl}`,
			});
		}
		const [app] = this.#snapshot.apps;
		if (!app) throw new Error('the fixture has one app');
		const error = {code: 'GitFailed', message, hint: `check access to ${leakyUrl}`};
		this.#snapshot = {...this.#snapshot, apps: [{...app, evaluated: true, status: {...app.status, error}}], version: 2};
		for (const listener of this.#listeners) listener();
	}
}

describe('credentials in repository URLs at the output sinks', () => {
	it('processIo masks them on stdout and stderr, in text and in JSON', () => {
		const captured = captureProcess();
		const io = processIo(false);
		io.out(`repository ${leakyUrl}`);
		io.out(JSON.stringify({repoURL: leakyUrl}));
		io.err(`driftwatch: cannot fetch ${leakyUrl}`);
		vi.restoreAllMocks();
		expect(captured.stdout.join('')).not.toContain('tok3n');
		expect(captured.stderr.join('')).not.toContain('tok3n');
		expect(captured.stdout).toEqual(['repository https://***@host/x.git\n', '{"repoURL":"https://***@host/x.git"}\n']);
		expect(captured.stderr).toEqual(['driftwatch: cannot fetch https://***@host/x.git\n']);
	});

	it('the headless JSON-lines stream (runHeadless through processIo) masks them in every line', async () => {
		const captured = captureProcess();
		const code = await runHeadless(new LeakyEngine(), processIo(false), Promise.resolve());
		vi.restoreAllMocks();
		expect(code).toBe(0);
		const output = captured.stdout.join('');
		expect(output).not.toContain('tok3n');
		const lines = output
			.trimEnd()
			.split('\n')
			.map(line => JSON.parse(line) as Record<string, unknown>);
		expect(lines.map(line => line['type'])).toEqual(['started', 'error', 'status', 'stopped']);
		expect(lines[1]).toMatchObject({
			operation: 'git',
			message: expect.stringContaining('git fetch https://***@host/x.git: could not read from remote repository') as unknown,
			hint: 'check https://***@host/x.git',
		});
		expect(lines[2]).toMatchObject({
			app: 'billing',
			error: {code: 'GitFailed', message: 'git fetch https://***@host/x.git: could not read from remote repository'},
		});
	});
});
