/**
 * `driftwatch watch --no-ui --output jsonl`: the same engine as the UI, printing one JSON object
 * per line, with timestamps, until SIGINT/SIGTERM: every timeline entry (its fields, and
 * `message`, the sentence the UI shows), a `status` line whenever an evaluated app's sync,
 * health, revision, counts, warnings or object statuses change (in Argo CD mode with `argocd`:
 * what Argo CD reports and where each fact comes from), and an `operation` line whenever an
 * operation's phase or message changes.
 */
import type {AppView, EngineSnapshot, EngineStore, TimelineEvent} from '../engine/engine-state.js';
import {describeTimelineEvent} from '../presentation/timeline.js';
import {type WatchSummary, summarizeWatches} from '../presentation/watch-summary.js';
import {type CommandIo, exitCodes} from './command-io.js';
import {statusLines} from './headless-status-line.js';

/** What the stream needs of an engine: the standalone one and the Argo CD mode's alike. */
export interface HeadlessEngine extends EngineStore {
	start(): Promise<void>;
	onEvent(listener: (entry: TimelineEvent) => void): () => void;
}

/** Runs until `stopped` resolves (default: SIGINT or SIGTERM). `settleMs`: how long watch changes gather into one `watches` line. */
export async function runHeadless(
	engine: HeadlessEngine,
	io: CommandIo,
	stopped: Promise<void> = signalled(),
	options: {settleMs?: number} = {},
): Promise<number> {
	const line = (value: unknown) => io.out(JSON.stringify(value));
	const stopEvents = engine.onEvent(entry => line({...entry, message: describeTimelineEvent(entry)}));
	const statusLine = statusLines();
	const printOperation = operationPrinter(line);
	const printWatches = watchesPrinter(line, options.settleMs ?? 500);
	const stopStatus = engine.subscribe(() => {
		const snapshot = engine.getSnapshot();
		printWatches.update(snapshot.watches);
		for (const app of snapshot.apps) {
			const text = statusLine(app);
			if (text !== undefined) io.out(text);
			printOperation(app);
		}
	});
	line({time: new Date().toISOString(), type: 'started', apps: engine.getSnapshot().apps.map(app => app.name)});
	await engine.start();
	await stopped;
	stopEvents();
	stopStatus();
	printWatches.stop();
	line({time: new Date().toISOString(), type: 'stopped'});
	return exitCodes.ok;
}

function signalled(): Promise<void> {
	return new Promise<void>(resolve => {
		process.once('SIGINT', () => resolve());
		process.once('SIGTERM', () => resolve());
	});
}

/**
 * Prints a `watches` line when streams go down or come back (reconnecting, failed), half a second
 * after the first change so the streams of one outage make one line; streams connecting at start
 * say nothing.
 */
function watchesPrinter(
	line: (value: unknown) => void,
	settleMs: number,
): {update(watches: EngineSnapshot['watches']): void; stop(): void} {
	const fingerprintOf = (summary: WatchSummary) =>
		JSON.stringify([
			summary.counts.reconnecting ?? 0,
			summary.counts.failed ?? 0,
			// `since` changes with every retry; which streams are down, and why, is what matters.
			summary.problems.filter(problem => problem.phase !== 'connecting').map(({since: _since, ...problem}) => problem),
		]);
	let printed = fingerprintOf(summarizeWatches([]));
	let latest: EngineSnapshot['watches'] = [];
	let timer: NodeJS.Timeout | undefined;
	const flush = () => {
		timer = undefined;
		const summary = summarizeWatches(latest);
		const fingerprint = fingerprintOf(summary);
		if (fingerprint === printed) return;
		printed = fingerprint;
		line({time: new Date().toISOString(), type: 'watches', ...summary});
	};
	return {
		update: watches => {
			latest = watches;
			if (timer === undefined && fingerprintOf(summarizeWatches(watches)) !== printed) timer = setTimeout(flush, settleMs);
		},
		stop: () => {
			clearTimeout(timer);
			timer = undefined;
		},
	};
}

/** Prints an app's operation (a sync, heal, rollback) whenever its phase, message or results change. */
function operationPrinter(line: (value: unknown) => void): (app: AppView) => void {
	const last = new Map<string, string>();
	return app => {
		const operation = app.argocd?.operation ?? app.operation;
		if (!operation) return;
		const fingerprint = JSON.stringify(operation);
		if (last.get(app.name) === fingerprint) return;
		last.set(app.name, fingerprint);
		line({time: new Date().toISOString(), type: 'operation', app: app.name, action: app.operation?.action ?? 'sync', ...operation});
	};
}
