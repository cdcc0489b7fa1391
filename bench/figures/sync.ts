/**
 * `sync` of N objects against its floor, in the same run: the floor is a bare loop here that
 * sends the same N server-side apply requests (same bodies, same field manager) straight to the
 * API server with the concurrency bound driftwatch is held to; `kubectl apply --server-side` on
 * the same manifests is a reference line. Each run creates the N objects in a fresh namespace.
 */
import type {BenchContext} from '../support/bench-context.js';
import {formatDuration, runTimed} from '../support/processes.js';
import {measuredRow, type ResultRow, unfinishedRow} from '../support/results.js';

/** driftwatch's sync medians by size, for the "10,000 at most 10x the 1,000 figure" target. */
const syncMedians = new Map<number, number>();

export async function syncFigure(context: BenchContext, configMaps: number): Promise<void> {
	const {options} = context;
	const objects = configMaps + 1;
	const limitMs = options.timeoutSeconds * 1000;

	// The floor, with driftwatch's bound, then one request at a time (what a sequential sync can reach).
	const floor: number[] = [];
	let floorRow: ResultRow | undefined;
	for (let run = 1; run <= options.repeats; run++) {
		const namespace = `floor-${configMaps}-${run}`;
		try {
			floor.push(await context.applyFloor(configMaps, namespace, options.concurrency, Date.now() + limitMs));
			if (run === 1) context.setAppNamespace(configMaps, namespace);
		} catch (error) {
			floorRow = unfinishedRow(
				{id: 'sync.floor', objects, what: `floor: bare SSA loop, ${options.concurrency} in flight`, unit: 'ms', samples: floor},
				'error',
				(error as Error).message,
			);
			break;
		}
	}
	context.add(
		floorRow ??
			measuredRow({id: 'sync.floor', objects, what: `floor: bare SSA loop, ${options.concurrency} in flight`, unit: 'ms', samples: floor}),
	);
	try {
		const sequential = await context.applyFloor(configMaps, `floor1-${configMaps}`, 1, Date.now() + limitMs);
		context.add(
			measuredRow({id: 'sync.floor-sequential', objects, what: 'floor: bare SSA loop, 1 in flight', unit: 'ms', samples: [sequential]}),
		);
	} catch (error) {
		context.add(
			unfinishedRow(
				{id: 'sync.floor-sequential', objects, what: 'floor: bare SSA loop, 1 in flight', unit: 'ms'},
				'did not finish',
				`${(error as Error).message} (${formatDuration(limitMs)})`,
			),
		);
	}

	if (options.references) await kubectlApply(context, configMaps);

	// driftwatch sync.
	const floorMedian = floorRow ? Number.NaN : measuredRow({id: '', objects, what: '', unit: 'ms', samples: floor}).summary.median;
	const smaller = syncMedians.get(1000);
	const target =
		configMaps > 1000 && smaller !== undefined
			? {stat: 'median' as const, limit: smaller * 10, text: `<= 10x the 1,000 sync (${(smaller / 100).toFixed(0)} s)`}
			: Number.isNaN(floorMedian)
				? undefined
				: {stat: 'median' as const, limit: floorMedian * 2, text: `<= 2x floor (${((floorMedian * 2) / 1000).toFixed(1)} s)`};
	const samples: number[] = [];
	const peaks: number[] = [];
	const what = 'driftwatch sync';
	for (let run = 1; run <= options.repeats; run++) {
		const namespace = `sync-${configMaps}-${run}`;
		await context.client.createNamespace(namespace);
		const result = await runTimed(
			process.execPath,
			[...context.nodeFlags(`sync-${configMaps}`), context.cli, 'sync', ...context.appFlags(configMaps, namespace), '--output', 'json'],
			{env: context.cliEnv(), timeoutMs: limitMs},
		);
		if (result.timedOut) {
			const done = await context.client.countConfigMaps(namespace);
			context.add(
				unfinishedRow(
					{id: 'sync.driftwatch', objects, what, unit: 'ms', samples, target},
					'did not finish',
					`did not finish in ${formatDuration(limitMs)}: ${done} of ${configMaps} ConfigMaps existed; peak RSS ${result.peakRssMB.toFixed(0)} MB`,
				),
			);
			return;
		}
		const applied = appliedCount(result.stdout);
		if (result.exitCode !== 0 || applied !== objects) {
			context.add(
				unfinishedRow(
					{id: 'sync.driftwatch', objects, what, unit: 'ms', samples, target},
					'error',
					`driftwatch sync exited ${result.exitCode}, applied ${applied} of ${objects}: ${(result.stderr || result.stdout).trim().slice(-300)}`,
				),
			);
			return;
		}
		samples.push(result.ms);
		peaks.push(result.peakRssMB);
	}
	const row = measuredRow({id: 'sync.driftwatch', objects, what, unit: 'ms', samples, target});
	syncMedians.set(configMaps, row.summary.median);
	context.add(row);
	context.add(measuredRow({id: 'sync.driftwatch-rss', objects, what: 'driftwatch sync: peak RSS', unit: 'MB', samples: peaks}));
}

/** How many objects a `sync -o json` result says it applied. */
function appliedCount(stdout: string): number {
	try {
		const result = JSON.parse(stdout) as {applied?: unknown[]; result?: {applied?: unknown[]}};
		return (result.applied ?? result.result?.applied ?? []).length;
	} catch {
		return -1;
	}
}

/** kubectl, as a reference: one file up to 1,000 objects, 500-object files above. */
async function kubectlApply(context: BenchContext, configMaps: number): Promise<void> {
	const objects = configMaps + 1;
	const limitMs = context.options.timeoutSeconds * 1000;
	const kubectlNamespace = `kubectl-${configMaps}`;
	await context.client.createNamespace(kubectlNamespace);
	const kubectlArgs = [`--kubeconfig=${context.state.kubeconfig}`, 'apply', '--server-side', '--force-conflicts', '-n', kubectlNamespace];
	for (const file of context.fixture(configMaps).kubectlFiles) kubectlArgs.push('-f', file);
	const kubectlWhat = `kubectl apply --server-side -f (${context.fixture(configMaps).kubectlFiles.length > 1 ? '500-object files' : 'one file'})`;
	const kubectl = await runTimed('kubectl', kubectlArgs, {timeoutMs: limitMs});
	if (kubectl.timedOut) {
		const done = await context.client.countConfigMaps(kubectlNamespace);
		context.add(
			unfinishedRow(
				{id: 'sync.kubectl', objects, what: kubectlWhat, unit: 'ms'},
				'did not finish',
				`kubectl did not finish in ${formatDuration(limitMs)}: ${done} of ${configMaps} ConfigMaps existed`,
			),
		);
	} else if (kubectl.exitCode !== 0) {
		context.add(
			unfinishedRow(
				{id: 'sync.kubectl', objects, what: kubectlWhat, unit: 'ms'},
				'error',
				`kubectl exited ${kubectl.exitCode}: ${kubectl.stderr.trim().slice(-300)}`,
			),
		);
	} else {
		context.add(measuredRow({id: 'sync.kubectl', objects, what: kubectlWhat, unit: 'ms', samples: [kubectl.ms]}));
	}
}
