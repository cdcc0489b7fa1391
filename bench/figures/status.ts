/**
 * `status` from cold (a new process, an empty cache) on an app whose N objects are in the
 * cluster and in sync, against `kubectl diff -f` on the same manifests. The answer is checked:
 * Synced, N+1 objects, nothing modified.
 */
import type {BenchContext} from '../support/bench-context.js';
import {formatDuration, runTimed} from '../support/processes.js';
import {measuredRow, unfinishedRow} from '../support/results.js';

function statusTarget(configMaps: number) {
	if (configMaps <= 1000) return {stat: 'median' as const, limit: 2000, text: '<= 2 s'};
	if (configMaps <= 10_000) return {stat: 'median' as const, limit: 15_000, text: '<= 15 s'};
	return undefined;
}

export async function statusFigure(context: BenchContext, configMaps: number): Promise<void> {
	const {options} = context;
	const objects = configMaps + 1;
	const limitMs = options.timeoutSeconds * 1000;
	const namespace = await context.appNamespace(configMaps);
	const target = statusTarget(configMaps);
	const what = 'driftwatch status, from cold';
	const samples: number[] = [];
	const peaks: number[] = [];
	for (let run = 1; run <= options.repeats; run++) {
		const result = await runTimed(
			process.execPath,
			[...context.nodeFlags(`status-${configMaps}`), context.cli, 'status', ...context.appFlags(configMaps, namespace), '--output', 'json'],
			{env: context.cliEnv(), timeoutMs: limitMs},
		);
		if (result.timedOut) {
			context.add(
				unfinishedRow(
					{id: 'status.driftwatch', objects, what, unit: 'ms', samples, target},
					'did not finish',
					`did not finish in ${formatDuration(limitMs)}`,
				),
			);
			return;
		}
		const problem = checkStatus(result.stdout, objects);
		if (problem) {
			context.add(
				unfinishedRow(
					{id: 'status.driftwatch', objects, what, unit: 'ms', samples, target},
					'error',
					`${problem} (exit ${result.exitCode}) ${result.stderr.trim().slice(-300)}`,
				),
			);
			return;
		}
		samples.push(result.ms);
		peaks.push(result.peakRssMB);
	}
	context.add(measuredRow({id: 'status.driftwatch', objects, what, unit: 'ms', samples, target}));
	context.add(measuredRow({id: 'status.driftwatch-rss', objects, what: 'driftwatch status: peak RSS', unit: 'MB', samples: peaks}));

	if (options.references) await kubectlDiff(context, configMaps, namespace);
}

/** `kubectl diff -f` on the same manifests, as a reference. */
async function kubectlDiff(context: BenchContext, configMaps: number, namespace: string): Promise<void> {
	const objects = configMaps + 1;
	const limitMs = context.options.timeoutSeconds * 1000;
	const files = context.fixture(configMaps).kubectlFiles;
	const kubectlWhat = `kubectl diff -f (${files.length > 1 ? '500-object files' : 'one file'})`;
	const args = [`--kubeconfig=${context.state.kubeconfig}`, 'diff', '-n', namespace];
	for (const file of files) args.push('-f', file);
	const kubectl = await runTimed('kubectl', args, {timeoutMs: limitMs});
	if (kubectl.timedOut) {
		context.add(
			unfinishedRow(
				{id: 'status.kubectl-diff', objects, what: kubectlWhat, unit: 'ms'},
				'did not finish',
				`kubectl diff did not finish in ${formatDuration(limitMs)}`,
			),
		);
	} else if (kubectl.exitCode !== 0 && kubectl.exitCode !== 1) {
		// kubectl diff exits 1 when it found differences, above 1 on an error.
		context.add(
			unfinishedRow(
				{id: 'status.kubectl-diff', objects, what: kubectlWhat, unit: 'ms'},
				'error',
				`kubectl diff exited ${kubectl.exitCode}: ${kubectl.stderr.trim().slice(-300)}`,
			),
		);
	} else {
		context.add(measuredRow({id: 'status.kubectl-diff', objects, what: kubectlWhat, unit: 'ms', samples: [kubectl.ms]}));
	}
}

/** Why a `status -o json` answer is not "Synced with every object", or undefined when it is. */
export function checkStatus(stdout: string, objects: number): string | undefined {
	let parsed: {apps?: Array<{syncStatus?: string; counts?: {modified?: number}; objects?: unknown[]}>};
	try {
		parsed = JSON.parse(stdout) as typeof parsed;
	} catch (error) {
		return `status printed no JSON (${(error as Error).message}; ${stdout.length} characters, ending ${JSON.stringify(stdout.slice(-120))})`;
	}
	const app = parsed.apps?.[0];
	if (!app) return 'status printed no app';
	if (app.syncStatus !== 'Synced') return `status says ${app.syncStatus}, expected Synced (${JSON.stringify(app.counts)})`;
	if ((app.objects?.length ?? 0) < objects) return `status lists ${app.objects?.length ?? 0} objects, expected ${objects}`;
	return undefined;
}
