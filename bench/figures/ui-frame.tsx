/**
 * One frame of the real UI, in process: DriftwatchApp rendered by runUi (the same Ink options as
 * `driftwatch watch`) into an in-memory 120x40 terminal, on a store holding an app of 5,000
 * objects, and on an object with a 10,000-line diff. A frame's time runs from the key (or the new
 * snapshot) to the last write of the frame to the terminal: React, layout and output together.
 */
import {EventEmitter} from 'node:events';
import type {ObjectState} from '../../source/core/app-status.js';
import type {AppView, EngineActions, EngineSnapshot, EngineStore, ResourceNode} from '../../source/engine/engine-state.js';
import {runUi} from '../../source/ui/run-ui.js';
import {driftedApp, fixtureSnapshot, longDiffApp, syncedConfigMap} from '../../fixtures/ui/apps.js';
import {sleep} from '../support/processes.js';
import {measuredRow, type ResultRow} from '../support/results.js';

/** A terminal in memory: remembers when each write happened. */
class MemoryTerminal extends EventEmitter {
	readonly isTTY = true;
	readonly columns = 120;
	readonly rows = 40;
	writes: number[] = [];
	/** The end of what was written, to check that a frame shows what the key asked for. */
	recent = '';
	write = (data: string | Uint8Array, ...rest: unknown[]): boolean => {
		if (data.length > 0) {
			this.writes.push(performance.now());
			this.recent = (this.recent + String(data)).slice(-200_000);
			this.emit('wrote');
		}
		// Ink waits for the callback of an empty write before it resolves its exit.
		const callback = rest.find(argument => typeof argument === 'function') as (() => void) | undefined;
		if (callback) setImmediate(callback);
		return true;
	};
}

/** Keys in, as a raw-mode terminal sends them. */
class MemoryKeyboard extends EventEmitter {
	readonly isTTY = true;
	private data: string | null = null;
	type(keys: string): void {
		this.data = keys;
		this.emit('readable');
		this.emit('data', keys);
	}
	read = (): string | null => {
		const data = this.data;
		this.data = null;
		return data;
	};
	setEncoding(): void {}
	setRawMode(): void {}
	resume(): void {}
	pause(): void {}
	ref(): void {}
	unref(): void {}
}

class Store implements EngineStore {
	private readonly listeners = new Set<() => void>();
	constructor(private snapshot: EngineSnapshot) {}
	getSnapshot = () => this.snapshot;
	subscribe = (listener: () => void) => {
		this.listeners.add(listener);
		return () => void this.listeners.delete(listener);
	};
	push(snapshot: EngineSnapshot): void {
		this.snapshot = {...snapshot, version: this.snapshot.version + 1};
		for (const listener of [...this.listeners]) listener();
	}
}

/** What the timed keys never ask for. */
const refuse = () => Promise.reject(new Error('not part of the bench'));
/** The actions the screens call while drawing; every other action (plans, syncs, edits) is refused. */
const drawing: Partial<EngineActions> = {
	setPolicy: () => {},
	refresh: () => Promise.resolve(),
	commits: () => Promise.resolve([]),
	liveObject: () => Promise.resolve(null),
	fullDiff: () => Promise.resolve([]),
	followLogs: () => () => {},
};
const actions = new Proxy(drawing, {
	get: (target, name: string) => target[name as keyof EngineActions] ?? refuse,
}) as EngineActions;

/** The drifted fixture app with `count` more ConfigMaps, all Synced. */
export function largeApp(count: number): AppView {
	const app = driftedApp();
	const objects: ObjectState[] = [...app.status.objects];
	const tree: ResourceNode[] = [...app.tree];
	for (let index = 0; index < count; index++) {
		const {object, node} = syncedConfigMap(`cm-${String(index).padStart(5, '0')}`);
		objects.push(object);
		tree.push(node);
	}
	return {...app, tree, status: {...app.status, objects, counts: {...app.status.counts, synced: app.status.counts.synced + count}}};
}

export interface Harness {
	store: Store;
	terminal: MemoryTerminal;
	keyboard: MemoryKeyboard;
	/** Time from `trigger` to the frame's last write; undefined when no frame came within 2 s. */
	frame(trigger: () => void): Promise<number | undefined>;
	quit(): Promise<void>;
}

/** The real UI in process on `app`, with the keyboard, the terminal and the frame timer. */
export function startHarness(app: AppView): Harness {
	const store = new Store(fixtureSnapshot([app]));
	const terminal = new MemoryTerminal();
	terminal.setMaxListeners(0);
	const keyboard = new MemoryKeyboard();
	const done = runUi(store, actions, {
		initialApp: app.name,
		stdin: keyboard as unknown as NodeJS.ReadStream,
		stdout: terminal as unknown as NodeJS.WriteStream,
		stderr: new MemoryTerminal() as unknown as NodeJS.WriteStream,
	});
	const frame = async (trigger: () => void) => {
		const before = terminal.writes.length;
		const started = performance.now();
		const wrote = new Promise<boolean>(resolve => {
			const timer = setTimeout(() => resolve(false), 2000);
			terminal.once('wrote', () => (clearTimeout(timer), resolve(true)));
		});
		trigger();
		if (!(await wrote)) return undefined;
		// A frame is written within one task: its last write is the last one before the next turn.
		await new Promise(resolve => setImmediate(resolve));
		const last = terminal.writes.at(-1) ?? started;
		return terminal.writes.length > before ? last - started : undefined;
	};
	const quit = async () => {
		keyboard.type('q');
		await done;
	};
	return {store, terminal, keyboard, frame, quit};
}

async function frames(harness: Harness, count: number, trigger: (index: number) => void): Promise<number[]> {
	const samples: number[] = [];
	for (let index = 0; index < count; index++) {
		const time = await harness.frame(() => trigger(index));
		if (time !== undefined) samples.push(time);
		// Past Ink's frame throttle and the store's (both 60 a second), so each frame is drawn at once.
		await sleep(120);
	}
	return samples;
}

/** Fails the figure when the frames drawn do not show `text` (the keys did not do what was timed). */
function expectShown(harness: Harness, text: string): void {
	if (!harness.terminal.recent.includes(text))
		throw new Error(`the UI did not show "${text}"; it drew: ${harness.terminal.recent.slice(-500)}`);
	harness.terminal.recent = '';
}

export async function uiFrameFigure(add: (row: ResultRow) => void): Promise<void> {
	const target = {stat: 'median' as const, limit: 16, text: '<= 16 ms'};
	const count = 5000;
	const big = largeApp(count);
	let harness = startHarness(big);
	await sleep(1000);
	expectShown(harness, 'RESOURCES');
	const cursor = await frames(harness, 40, () => harness.keyboard.type('j'));
	expectShown(harness, 'cm-0003');
	const page = await frames(harness, 20, () => harness.keyboard.type('\u001B[6~'));
	const snapshots = await frames(harness, 20, index => {
		// A new snapshot with one more ConfigMap drifted, as a watch event brings.
		const drifted = (position: number) => position >= 10 && position <= 10 + index;
		const objects = big.status.objects.map((object, position) =>
			drifted(position) ? {...object, syncStatus: 'OutOfSync' as const, drift: 'modified' as const} : object,
		);
		const tree = big.tree.map((node, position) => (drifted(position) ? {...node, syncStatus: 'OutOfSync' as const} : node));
		const counts = {...big.status.counts, modified: big.status.counts.modified + index + 1};
		harness.store.push(fixtureSnapshot([{...big, tree, status: {...big.status, objects, counts}}]));
	});
	await harness.quit();
	const objects = big.status.objects.length;
	add(measuredRow({id: 'ui.app-key', objects, what: 'UI: app screen frame after j', unit: 'ms', samples: cursor, target}));
	add(measuredRow({id: 'ui.app-page', objects, what: 'UI: app screen frame after PgDn', unit: 'ms', samples: page, target}));
	add(
		measuredRow({
			id: 'ui.app-snapshot',
			objects,
			what: 'UI: app screen frame after a new snapshot',
			unit: 'ms',
			samples: snapshots,
			target,
		}),
	);

	const lines = 10_000;
	harness = startHarness(longDiffApp(lines));
	await sleep(1000);
	// The drifted Deployment is the third row; j j, then d opens its diff.
	await frames(harness, 2, () => harness.keyboard.type('j'));
	// Opened several times for a median: d (timed), then esc back to the app screen (not timed).
	const open: number[] = [];
	for (let index = 0; index < 15; index++) {
		open.push(...(await frames(harness, 1, () => harness.keyboard.type('d'))));
		expectShown(harness, 'Diff Deployment/web/web');
		if (index < 14) await frames(harness, 1, () => harness.keyboard.type('\u001B'));
	}
	const scroll = await frames(harness, 40, () => harness.keyboard.type('j'));
	const pageDiff = await frames(harness, 20, () => harness.keyboard.type('\u001B[6~'));
	await harness.quit();
	add(measuredRow({id: 'ui.diff-open', objects: lines, what: 'UI: open a 10,000-line diff (d)', unit: 'ms', samples: open, target}));
	add(measuredRow({id: 'ui.diff-key', objects: lines, what: 'UI: 10,000-line diff frame after j', unit: 'ms', samples: scroll, target}));
	add(
		measuredRow({id: 'ui.diff-page', objects: lines, what: 'UI: 10,000-line diff frame after PgDn', unit: 'ms', samples: pageDiff, target}),
	);
}
