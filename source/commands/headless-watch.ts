/**
 * `driftwatch watch --no-ui --output jsonl`: the same engine as the UI, printing one JSON object
 * per line, with timestamps, until SIGINT/SIGTERM: every timeline entry (its fields, and
 * `message`, the sentence the UI shows), and a `status` line whenever an evaluated app's sync,
 * health, revision, counts, warnings or object statuses change.
 */
import type {DriftEngine} from '../engine/drift-engine.js';
import {describeTimelineEvent} from '../presentation/timeline.js';
import {type CommandIo, exitCodes} from './command-io.js';
import {statusLines} from './headless-status-line.js';

/** Runs until `stopped` resolves (default: SIGINT or SIGTERM). */
export async function runHeadless(engine: DriftEngine, io: CommandIo, stopped: Promise<void> = signalled()): Promise<number> {
	const line = (value: unknown) => io.out(JSON.stringify(value));
	const stopEvents = engine.onEvent(entry => line({...entry, message: describeTimelineEvent(entry)}));
	const statusLine = statusLines();
	const stopStatus = engine.subscribe(() => {
		for (const app of engine.getSnapshot().apps) {
			const text = statusLine(app);
			if (text !== undefined) io.out(text);
		}
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
