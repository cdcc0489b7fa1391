/**
 * `driftwatch watch --no-ui --output jsonl`: the same engine as the UI, printing one JSON object
 * per line, with timestamps, until SIGINT/SIGTERM: every timeline entry (its fields, and
 * `message`, the sentence the UI shows), and a `status` line whenever an evaluated app's sync,
 * health, revision, counts, warnings or object statuses change.
 */
import type {DriftEngine} from '../engine/drift-engine.js';
import type {AppView, EngineSnapshot} from '../engine/engine-state.js';
import {describeTimelineEvent} from '../presentation/timeline.js';
import {summarizeWatches} from '../presentation/watch-summary.js';
import {statusSummaryJson} from './app-json.js';
import {type CommandIo, exitCodes} from './command-io.js';

/** Runs until `stopped` resolves (default: SIGINT or SIGTERM). */
export async function runHeadless(engine: DriftEngine, io: CommandIo, stopped: Promise<void> = signalled()): Promise<number> {
	const line = (value: unknown) => io.out(JSON.stringify(value));
	const stopEvents = engine.onEvent(entry => line({...entry, message: describeTimelineEvent(entry)}));
	const printStatus = statusPrinter(line);
	const printWatches = watchesPrinter(line);
	const stopStatus = engine.subscribe(() => {
		const snapshot = engine.getSnapshot();
		printWatches(snapshot.watches);
		for (const app of snapshot.apps) printStatus(app);
	});
	line({time: new Date().toISOString(), type: 'started', apps: engine.getSnapshot().apps.map(app => app.name)});
	await engine.start();
	await stopped;
	stopEvents();
	stopStatus();
	line({time: new Date().toISOString(), type: 'stopped'});
	return exitCodes.ok;
}

function signalled(): Promise<void> {
	return new Promise<void>(resolve => {
		process.once('SIGINT', () => resolve());
		process.once('SIGTERM', () => resolve());
	});
}

/** Prints a `watches` line when the streams' phases or errors change (an outage starts or ends). */
function watchesPrinter(line: (value: unknown) => void): (watches: EngineSnapshot['watches']) => void {
	// `since` changes with every retry; what matters is which streams are down, and why.
	const fingerprintOf = (summary: ReturnType<typeof summarizeWatches>) =>
		JSON.stringify([summary.counts, summary.problems.map(({since: _since, ...problem}) => problem)]);
	// Nothing to say before the first watch opens.
	let lastFingerprint = fingerprintOf(summarizeWatches([]));
	return watches => {
		const summary = summarizeWatches(watches);
		const fingerprint = fingerprintOf(summary);
		if (fingerprint === lastFingerprint) return;
		lastFingerprint = fingerprint;
		line({time: new Date().toISOString(), type: 'watches', ...summary});
	};
}

/** Prints an app's status when it changed since the last line; nothing before its first evaluation. */
function statusPrinter(line: (value: unknown) => void): (app: AppView) => void {
	const last = new Map<string, {status: AppView['status']; fingerprint: string}>();
	return app => {
		if (!app.evaluated || last.get(app.name)?.status === app.status) return;
		const summary = statusSummaryJson(app.status);
		const fingerprint = JSON.stringify(summary);
		const previous = last.get(app.name)?.fingerprint;
		last.set(app.name, {status: app.status, fingerprint});
		if (previous === fingerprint) return;
		line({time: new Date().toISOString(), type: 'status', app: app.name, ...summary, policy: app.policy});
	};
}
