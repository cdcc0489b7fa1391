/**
 * `npm run bench`: driftwatch's speed and memory at the size of real apps, each figure beside its
 * baseline in the same run (a bare SSA loop, kubectl apply, kubectl diff, a bare watch), on a real
 * local control plane started here. Prints the machine, a table with target and pass/fail per
 * line, and writes the JSON (default bench-results/latest.json). `--quick`: 1,000 objects, a few
 * minutes; the full mode goes up to 20,000. See `--help` for the options.
 */
// First: React's build is chosen when it is first loaded (see the file).
import './support/production-react.js';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {argoCdSpeedFigure} from './figures/argocd-speed.js';
import {driftFigure} from './figures/drift-latency.js';
import {stormFigure} from './figures/event-storm.js';
import {statusFigure} from './figures/status.js';
import {syncFigure} from './figures/sync.js';
import {uiFrameFigure} from './figures/ui-frame.js';
import {watchFigure} from './figures/watch-memory.js';
import {BenchContext} from './support/bench-context.js';
import {credentialsOf} from './support/direct-client.js';
import {loadControlPlane} from './support/repo-root.js';
import {describeMachine, formatMachine} from './support/machine.js';
import {type BenchOptions, parseBenchOptions, wanted} from './support/options.js';
import {formatDuration, stopAllChildren} from './support/processes.js';
import {type ResultRow, unfinishedRow} from './support/results.js';
import type {ControlPlaneState} from '../source/control-plane/control-plane.js';
import {formatMarkdownTable, formatTable} from './support/table.js';

let options: BenchOptions;
try {
	options = parseBenchOptions(process.argv.slice(2));
} catch (error) {
	process.stderr.write(`${(error as Error).message}\n`);
	process.exit(2);
}

const machine = describeMachine();
process.stdout.write(`${formatMachine(machine)}\n`);
process.stdout.write(
	`mode ${options.mode}: sizes ${options.sizes.join(', ')}; storm ${options.storm.objects} objects, ${options.storm.eventsPerSecond}/s for ${options.storm.seconds} s; floor concurrency ${options.concurrency}; ${options.repeats} repeats; time limit ${formatDuration(options.timeoutSeconds * 1000)} per figure\n`,
);

const scratch = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-bench-'));
const started = Date.now();
const rows: ResultRow[] = [];
const clusterFigures = (['sync', 'status', 'watch', 'drift', 'storm', 'argocd'] as const).filter(id => wanted(options, id));
const {startControlPlane, stopControlPlane} = await loadControlPlane();
let state: ControlPlaneState | undefined;
let context: BenchContext | undefined;

/** Stops what the bench started, exactly once, on every way out (the end, an error, ctrl-c). */
let cleaned: Promise<void> | undefined;
function cleanUp(): Promise<void> {
	cleaned ??= (async () => {
		await stopAllChildren();
		context?.client.close();
		if (state) await stopControlPlane(state);
		rmSync(scratch, {recursive: true, force: true});
	})();
	return cleaned;
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	process.once(signal, () => {
		process.stderr.write(`bench: ${signal}, stopping the control plane and the processes it started\n`);
		void cleanUp().finally(() => process.exit(130));
	});
}

/** Runs one figure under the time limit (plus a margin for its own cleanup); a failure becomes a line. */
async function figure(id: string, objects: number, run: () => Promise<void>): Promise<void> {
	process.stderr.write(`${id} at ${objects.toLocaleString('en-US')} objects\n`);
	const limitMs = options.timeoutSeconds * 1000 * 4 + 60_000;
	let timer: NodeJS.Timeout | undefined;
	const limit = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`did not finish in ${formatDuration(limitMs)}`)), limitMs);
	});
	try {
		await Promise.race([run(), limit]);
	} catch (error) {
		const message = (error as Error).message;
		const timedOut = message.startsWith('did not finish');
		add(
			unfinishedRow(
				{id: `${id}.failed`, objects, what: `${id}: the figure`, unit: 'ms'},
				timedOut ? 'did not finish' : 'error',
				message.split('\n')[0] ?? message,
			),
		);
		process.stderr.write(`  ${message}\n`);
		await stopAllChildren();
	} finally {
		clearTimeout(timer);
	}
}

function add(row: ResultRow): void {
	rows.push(row);
	process.stderr.write(
		`  ${row.what} (${row.objects}): ${row.outcome}${row.summary.count > 0 ? `, median ${row.summary.median.toFixed(1)} ${row.unit}` : ''}\n`,
	);
}

try {
	if (wanted(options, 'ui')) await figure('ui', 5000, () => uiFrameFigure(add));
	if (clusterFigures.length > 0) {
		state = await startControlPlane({nodes: 2, log: line => process.stderr.write(`  control plane: ${line}\n`)});
		const cluster = new BenchContext(options, state, credentialsOf(state), scratch, add);
		context = cluster;
		for (const size of options.sizes) {
			if (wanted(options, 'sync')) await figure('sync', size + 1, () => syncFigure(cluster, size));
			if (wanted(options, 'status')) await figure('status', size + 1, () => statusFigure(cluster, size));
			if (wanted(options, 'watch')) await figure('watch', size + 1, () => watchFigure(cluster, size));
			if (wanted(options, 'drift')) await figure('drift', size + 1, () => driftFigure(cluster, size));
		}
		if (wanted(options, 'storm')) await figure('storm', options.storm.objects + 1, () => stormFigure(cluster));
		if (wanted(options, 'argocd')) await figure('argocd', 1, () => argoCdSpeedFigure(cluster));
	}
} finally {
	await cleanUp();
}

const end = describeMachine();
const table = formatTable(rows);
process.stdout.write(`\n${table}\n\n`);
process.stdout.write(`load average at the end: ${end.loadAverage.join(' ')}; ${formatDuration(Date.now() - started)} in all\n`);
mkdirSync(path.dirname(options.output), {recursive: true});
writeFileSync(
	options.output,
	`${JSON.stringify({machine, loadAverageAtEnd: end.loadAverage, options, seconds: Math.round((Date.now() - started) / 1000), rows}, null, 1)}\n`,
);
writeFileSync(options.output.replace(/\.json$/, '.md'), `${formatMachine(machine)}\n\n${formatMarkdownTable(rows)}\n`);
process.stdout.write(`written: ${options.output}\n`);
const missed = rows.filter(row => row.outcome === 'fail' || row.outcome === 'did not finish' || row.outcome === 'error');
process.exit(missed.length > 0 ? 1 : 0);
