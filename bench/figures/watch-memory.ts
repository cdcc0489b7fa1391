/**
 * `watch --no-ui`: time from start to the first Synced status, memory (RSS and heap) once Synced
 * and after ten drifts, and, on the way, how long after a bare watch sees a drift driftwatch
 * prints its drift-detected event (the engine's share of the drift latency, without a screen).
 */
import path from 'node:path';
import type {BenchContext} from '../support/bench-context.js';
import {BareWatch} from '../support/bare-watch-client.js';
import {configMapName, gitValue} from '../support/fixture-app.js';
import {JsonlStream} from '../support/jsonl-stream.js';
import {probeEnvironment, probeMemory, type ProbedMemory} from '../support/probe-client.js';
import {sleep} from '../support/processes.js';
import {measuredRow} from '../support/results.js';

function memoryTarget(configMaps: number) {
	if (configMaps <= 1000) return {stat: 'max' as const, limit: 150, text: '<= 150 MB'};
	if (configMaps <= 10_000) return {stat: 'max' as const, limit: 400, text: '<= 400 MB'};
	return undefined;
}

export async function watchFigure(context: BenchContext, configMaps: number): Promise<void> {
	const {options} = context;
	const objects = configMaps + 1;
	const limitMs = options.timeoutSeconds * 1000;
	const namespace = await context.appNamespace(configMaps);
	const firstSynced: number[] = [];
	const synced: ProbedMemory[] = [];
	const drifted: ProbedMemory[] = [];
	const eventLatency: number[] = [];
	const watch = await BareWatch.start(context.credentials, namespace);
	try {
		for (let run = 1; run <= options.repeats; run++) {
			const socket = path.join(context.scratch, `probe-watch-${configMaps}-${run}.sock`);
			const stream = JsonlStream.start(
				[
					...context.nodeFlags(`watch-${configMaps}`),
					context.cli,
					'watch',
					'--no-ui',
					'--output',
					'jsonl',
					...context.appFlags(configMaps, namespace),
				],
				context.cliEnv(probeEnvironment(socket)),
			);
			try {
				const at = await stream.next(event => event.type === 'status' && event.syncStatus === 'Synced', limitMs);
				firstSynced.push(at - stream.startedAt);
				await sleep(1000);
				synced.push(await probeMemory(socket));
				// Ten drifts, each waited for, then ten restores so the app is in sync for what follows.
				for (let index = 0; index < 10; index++) {
					const name = configMapName(index);
					const value = `drift-${run}-${index}`;
					const seen = watch.seen(name, value);
					const detected = stream.next(event => event.type === 'drift-detected' && (event.object ?? '').endsWith(`/${name}`), 60_000);
					await context.client.patchConfigMap(namespace, name, {value});
					eventLatency.push((await detected) - (await seen));
				}
				await sleep(1000);
				drifted.push(await probeMemory(socket));
				if (options.heapSnapshotDir && run === 1) {
					const file = path.resolve(options.heapSnapshotDir, `watch-${configMaps}.heapsnapshot`);
					await probeMemory(socket, {heapSnapshot: file, timeoutMs: 300_000});
					context.log(`heap snapshot: ${file}`);
				}
				const back = stream.next(event => event.type === 'status' && event.syncStatus === 'Synced', 120_000);
				for (let index = 0; index < 10; index++)
					await context.client.patchConfigMap(namespace, configMapName(index), {value: gitValue(index)});
				await back;
			} finally {
				await stream.stop();
			}
		}
	} finally {
		await watch.stop();
	}
	const target = memoryTarget(configMaps);
	context.add(
		measuredRow({id: 'watch.first-synced', objects, what: 'watch --no-ui: start to first Synced', unit: 'ms', samples: firstSynced}),
	);
	context.add(
		measuredRow({
			id: 'watch.rss-synced',
			objects,
			what: 'watch --no-ui: RSS once Synced',
			unit: 'MB',
			samples: synced.map(m => m.rssMB),
			target,
		}),
	);
	context.add(
		measuredRow({
			id: 'watch.rss-drifted',
			objects,
			what: 'watch --no-ui: RSS after ten drifts',
			unit: 'MB',
			samples: drifted.map(m => m.rssMB),
			target,
		}),
	);
	context.add(
		measuredRow({
			id: 'watch.heap-synced',
			objects,
			what: 'watch --no-ui: heap used once Synced',
			unit: 'MB',
			samples: synced.map(m => m.heapUsedMB),
		}),
	);
	context.add(
		measuredRow({
			id: 'watch.heap-drifted',
			objects,
			what: 'watch --no-ui: heap used after ten drifts',
			unit: 'MB',
			samples: drifted.map(m => m.heapUsedMB),
		}),
	);
	context.add(
		measuredRow({
			id: 'watch.external-synced',
			objects,
			what: 'watch --no-ui: external memory (buffers) once Synced',
			unit: 'MB',
			samples: synced.map(m => m.externalMB),
		}),
	);
	context.add(
		measuredRow({
			id: 'watch.event-latency',
			objects,
			what: 'bare watch sees drift -> drift-detected line',
			unit: 'ms',
			samples: eventLatency,
		}),
	);
}
