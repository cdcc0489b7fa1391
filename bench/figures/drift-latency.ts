/**
 * Drift latency, end to end: a ConfigMap is patched; the bare watch (another process) sees the
 * change at T0; the real UI on a pty shows it at T1 (the app screen's "~N modified" count moves
 * to the expected number). Each round drifts ten ConfigMaps one after the other (1..10 modified)
 * and restores them (9..0), so every sample has its own expected screen.
 */
import type {BenchContext} from '../support/bench-context.js';
import {configMapName, gitValue} from '../support/fixture-app.js';
import {measuredRow} from '../support/results.js';
import {modifiedCount, startUiSession} from '../support/ui-session.js';

export async function driftFigure(context: BenchContext, configMaps: number): Promise<void> {
	const objects = configMaps + 1;
	const namespace = await context.appNamespace(configMaps);
	const session = await startUiSession(context, configMaps, namespace, `drift-${configMaps}`);
	const toScreen: number[] = [];
	const toWatch: number[] = [];
	try {
		const change = async (index: number, value: string, expected: number) => {
			const name = configMapName(index);
			const shown = session.screen.waitFor(text => modifiedCount(text) === expected, {timeoutMs: 60_000});
			const seen = session.watch.seen(name, value);
			await context.client.patchConfigMap(namespace, name, {value});
			const answered = performance.now();
			const seenAt = await seen;
			toScreen.push((await shown).at - seenAt);
			toWatch.push(seenAt - answered);
		};
		for (let round = 1; round <= context.options.driftRounds; round++) {
			for (let index = 0; index < 10; index++) await change(index, `drift-${round}-${index}`, index + 1);
			for (let index = 9; index >= 0; index--) await change(index, gitValue(index), index);
		}
	} finally {
		await session.stop();
	}
	context.add(
		measuredRow({id: 'drift.ui-start', objects, what: 'watch UI: start to Synced on screen', unit: 'ms', samples: [session.startMs]}),
	);
	context.add(
		measuredRow({
			id: 'drift.bare-watch',
			objects,
			what: 'bare watch sees the patch (after kubectl-like patch returns)',
			unit: 'ms',
			samples: toWatch,
		}),
	);
	const what = 'drift on screen after the bare watch sees it';
	context.add(
		measuredRow({
			id: 'drift.screen-median',
			objects,
			what: `${what} (median)`,
			unit: 'ms',
			samples: toScreen,
			target: {stat: 'median', limit: 50, text: 'median <= 50 ms'},
		}),
	);
	context.add(
		measuredRow({
			id: 'drift.screen-p99',
			objects,
			what: `${what} (p99)`,
			unit: 'ms',
			samples: toScreen,
			target: {stat: 'p99', limit: 200, text: 'p99 <= 200 ms'},
		}),
	);
}
