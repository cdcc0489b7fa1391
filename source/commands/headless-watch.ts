/**
 * `driftwatch watch --no-ui --output jsonl`: the same engine as the UI, printing one JSON object
 * per event (timeline events, and a `status` event whenever an app's sync, health, revision or
 * counts change), with timestamps, until SIGINT/SIGTERM.
 */
import type {DriftEngine} from '../engine/drift-engine.js';
import {type CommandIo, exitCodes} from './command-io.js';

export async function runHeadless(engine: DriftEngine, io: CommandIo): Promise<number> {
	const last = new Map<string, string>();
	const line = (value: unknown) => io.out(JSON.stringify(value));
	const stopEvents = engine.onEvent(event => line({...event}));
	const stopStatus = engine.subscribe(() => {
		for (const app of engine.getSnapshot().apps) {
			const status = app.status;
			const summary = {
				syncStatus: status.syncStatus,
				health: status.health,
				revision: status.revision?.sha ?? null,
				counts: status.counts,
				error: status.error,
			};
			const fingerprint = JSON.stringify(summary);
			if (last.get(app.name) === fingerprint) continue;
			last.set(app.name, fingerprint);
			line({time: new Date().toISOString(), type: 'status', app: app.name, ...summary, policy: app.policy});
		}
	});
	const stopped = new Promise<void>(resolve => {
		process.once('SIGINT', () => resolve());
		process.once('SIGTERM', () => resolve());
	});
	line({time: new Date().toISOString(), type: 'started', apps: engine.getSnapshot().apps.map(app => app.name)});
	await engine.start();
	await stopped;
	stopEvents();
	stopStatus();
	line({time: new Date().toISOString(), type: 'stopped'});
	return exitCodes.ok;
}
