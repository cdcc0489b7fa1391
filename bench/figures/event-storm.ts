/**
 * Event storm on the real UI: patches of a pool of 100 ConfigMaps at the target rate for the
 * storm's length (each one a watch event and a drift), while keys are typed (`?` opens the help,
 * `esc` goes back) and the time from each key to the frame that shows its effect is taken. Then
 * 93 of the 100 are restored: the view is current when it shows "~7 modified", measured from the
 * bare watch seeing the last restore. Memory (heap after a full collection, and RSS) before the
 * storm and after it settles.
 */
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {createInterface} from 'node:readline';
import type {BenchContext} from '../support/bench-context.js';
import {forEachLimit} from '../support/direct-client.js';
import {configMapName, gitValue} from '../support/fixture-app.js';
import {probeMemory} from '../support/probe-client.js';
import {sleep, startChild} from '../support/processes.js';
import {measuredRow} from '../support/results.js';
import {modifiedCount, startUiSession} from '../support/ui-session.js';

const pool = 100;
const left = 7;

export async function stormFigure(context: BenchContext): Promise<void> {
	const {objects: configMaps, seconds, eventsPerSecond} = context.options.storm;
	const objects = configMaps + 1;
	const namespace = await context.appNamespace(configMaps);
	const session = await startUiSession(context, configMaps, namespace, `storm-${configMaps}`);
	const keyLatency: number[] = [];
	let summary = {sent: 0, accepted: 0, failed: 0, seconds: 0, rate: 0, lastError: ''};
	let current: number | undefined;
	let before;
	let after;
	try {
		await sleep(2000);
		before = await probeMemory(session.socket, {gc: true});
		const names = Array.from({length: pool}, (_, index) => configMapName(index));
		const storm = startChild(process.execPath, [path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'support', 'storm.js')], {
			env: {...process.env, BENCH_STORM: JSON.stringify({...context.credentials, namespace, names, rate: eventsPerSecond, seconds})},
			stdio: ['ignore', 'pipe', 'inherit'],
		});
		let stormDone = false;
		const finished = new Promise<void>(resolve => {
			createInterface({input: storm.stdout!}).on('line', line => (summary = JSON.parse(line) as typeof summary));
			storm.on('exit', () => {
				stormDone = true;
				resolve();
			});
		});
		// Keys while it lasts: each key's frame is the first one showing its effect.
		while (!stormDone) {
			const help = session.screen.waitFor(text => text.includes('Help for bench'), {timeoutMs: 10_000});
			const opened = session.screen.press('?');
			keyLatency.push((await help).at - opened);
			const back = session.screen.waitFor(text => /RESOURCES/.test(text) && !text.includes('Help for bench'), {timeoutMs: 10_000});
			const closed = session.screen.press('\u001B');
			keyLatency.push((await back).at - closed);
			await sleep(200);
		}
		await finished;
		context.log(`storm: ${JSON.stringify(summary)}; the bare watch saw ${session.watch.events} events`);
		// The storm's last events: restore all but `left` of the pool; the view is current at "~7 modified".
		const restored = names.slice(left);
		const shown = session.screen.waitFor(text => modifiedCount(text) === left, {timeoutMs: 120_000});
		const seen = restored.map(name => session.watch.seen(name, gitValue(Number(name.slice(3))), 120_000));
		await forEachLimit(restored, 16, async name => {
			await context.client.patchConfigMap(namespace, name, {value: gitValue(Number(name.slice(3)))});
		});
		const lastSeen = Math.max(...(await Promise.all(seen)));
		current = (await shown).at - lastSeen;
		await sleep(5000);
		after = await probeMemory(session.socket, {gc: true});
		for (const name of names.slice(0, left)) await context.client.patchConfigMap(namespace, name, {value: gitValue(Number(name.slice(3)))});
	} finally {
		await session.stop();
	}
	context.add(
		measuredRow({
			id: 'storm.rate',
			objects,
			what: `storm: watch events per second reached (target ${eventsPerSecond}/s for ${seconds} s)`,
			unit: '/s',
			samples: [summary.rate],
			note: summary.failed > 0 ? `${summary.failed} patches failed: ${summary.lastError}` : undefined,
		}),
	);
	context.add(
		measuredRow({
			id: 'storm.current',
			objects,
			what: 'storm: view current after it ends',
			unit: 'ms',
			samples: current === undefined ? [] : [current],
			target: {stat: 'max', limit: 1000, text: '<= 1 s'},
		}),
	);
	context.add(
		measuredRow({
			id: 'storm.keys',
			objects,
			what: 'storm: key to frame during it',
			unit: 'ms',
			samples: keyLatency,
			target: {stat: 'p99', limit: 100, text: 'p99 <= 100 ms'},
		}),
	);
	const heapLimit = before.heapUsedMB * 1.1 + 5;
	context.add(
		measuredRow({
			id: 'storm.heap',
			objects,
			what: `storm: heap after (before: ${before.heapUsedMB.toFixed(0)} MB)`,
			unit: 'MB',
			samples: [after.heapUsedMB],
			target: {stat: 'max', limit: heapLimit, text: `<= before +10% +5 MB`},
		}),
	);
	context.add(
		measuredRow({
			id: 'storm.rss',
			objects,
			what: `storm: RSS after (before: ${before.rssMB.toFixed(0)} MB)`,
			unit: 'MB',
			samples: [after.rssMB],
		}),
	);
}
