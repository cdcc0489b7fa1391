/**
 * Renders DriftwatchApp on a fixture store with ink-testing-library, and the helpers every UI
 * test uses: press a key, wait for a frame that satisfies a predicate (polling lastFrame, never
 * sleeping a fixed time), resize the fake terminal.
 */
import {render} from 'ink-testing-library';
import type {EngineSnapshot} from '../../../../source/engine/engine-state.js';
import type {LabPanel} from '../../../../source/lab/exercises/lab-panel.js';
import {DriftwatchApp} from '../../../../source/ui/app.js';
import {fixtureNow, fixtureSnapshot} from '../../../../fixtures/ui/apps.js';
import {FakeActions, FixtureStore} from './fixture-store.js';

/** Raw key sequences as a terminal sends them. */
export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	enter: '\r',
	escape: '\u001B',
	tab: '\t',
	backspace: '\u007F',
	space: ' ',
	ctrlC: '\u0003',
} as const;

/** Frames without ANSI styling (what a NO_COLOR terminal shows). */
export function plain(frame: string | undefined): string {
	// eslint-disable-next-line no-control-regex
	return (frame ?? '').replace(/\u001B\[[0-9;]*[A-Za-z]/g, '');
}

export interface RenderOptions {
	snapshot?: EngineSnapshot;
	actions?: FakeActions;
	initialApp?: string;
	columns?: number;
	rows?: number;
	/** The store to render (default: a new one over `snapshot`). */
	store?: FixtureStore;
	/** `driftwatch lab`'s panel. */
	lab?: LabPanel;
}

export type Rendered = ReturnType<typeof renderApp>;

export function renderApp(options: RenderOptions = {}) {
	const store = options.store ?? new FixtureStore(options.snapshot ?? fixtureSnapshot());
	const actions = options.actions ?? new FakeActions();
	const instance = render(
		<DriftwatchApp store={store} actions={actions} initialApp={options.initialApp} clock={() => fixtureNow} lab={options.lab} />,
	);
	const frame = () => plain(instance.lastFrame());

	// ink-testing-library's terminal is 100 columns wide; resize() changes it.
	let width = 100;
	/** Gives the fake terminal a size and tells the app, as a real terminal's SIGWINCH would. */
	const resize = (columns: number, rows: number) => {
		width = columns;
		Object.defineProperty(instance.stdout, 'columns', {configurable: true, get: () => columns});
		Object.defineProperty(instance.stdout, 'rows', {configurable: true, get: () => rows});
		instance.stdout.emit('resize');
	};
	if (options.columns !== undefined || options.rows !== undefined) resize(options.columns ?? 100, options.rows ?? 24);

	/**
	 * Resolves with the first frame that satisfies `predicate` and fits the terminal's width (the
	 * first frame after a resize may still have the old one); fails with the last frame after
	 * `timeoutMs`.
	 */
	const waitForFrame = async (predicate: (frame: string) => boolean, timeoutMs = 4000): Promise<string> => {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const current = frame();
			if (predicate(current) && current.split('\n').every(line => [...line].length <= width)) return current;
			if (Date.now() > deadline) throw new Error(`no matching frame within ${timeoutMs} ms; last frame:\n${current}`);
			await new Promise(resolve => setImmediate(resolve));
		}
	};

	/**
	 * Waits until the frame contains `text`. Runs of whitespace (column padding, a message wrapped
	 * over two rows) compare as one space.
	 */
	const waitForText = (text: string, timeoutMs?: number) => {
		const words = (value: string) => value.replace(/\s+/g, ' ');
		return waitForFrame(current => words(current).includes(words(text)), timeoutMs);
	};

	/**
	 * Writes one key once the app listens for input (ink attaches its stdin listener in an effect
	 * after the first frame; the fake stdin keeps only the last unread write). Wait for the key's
	 * effect with waitForFrame/waitForText.
	 */
	const press = async (key: string) => {
		await waitForFrame(() => instance.stdin.listenerCount('readable') > 0);
		instance.stdin.write(key);
	};

	/** Types into the open prompt one key at a time, waiting for each character to show. */
	const type = async (text: string) => {
		let typed = '';
		for (const character of text) {
			await press(character);
			typed += character;
			const expected = typed;
			await waitForFrame(current => current.includes(`${expected}▏`));
		}
	};

	return {store, actions, instance, frame, resize, waitForFrame, waitForText, press, type};
}
