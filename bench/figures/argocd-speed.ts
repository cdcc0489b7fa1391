/**
 * The speed line: how long a real Argo CD (v3.2, local processes, test/support/argocd/) takes from a
 * drift to OutOfSync, from a drift to self-heal, and from a pushed commit to OutOfSync and to sync,
 * beside driftwatch's `watch --no-ui` for the same events, in the same run: the same Applications,
 * the same repository, the same control plane. Argo CD runs twice: tuned for speed as a user would
 * (`fast`) and with its shipped defaults (`shipped`: a commit then waits for its 3-minute revision
 * cache and its 120 s poll, so `--quick` measures one commit). Argo CD not built, or failing, gives
 * error lines with the reason, never a gap.
 */
import {mkdirSync} from 'node:fs';
import path from 'node:path';
import type {ArgoCdProfile} from '../../test/support/argocd/argocd-settings.js';
import {argoCdCacheDir, argoCdRedisBinary} from '../../test/support/argocd/locate-argocd.js';
import {createSpeedLineRepo, measureArgoCdLatencies, type SpeedLineRepo} from '../../test/support/argocd/speed-line.js';
import type {BenchContext} from '../support/bench-context.js';
import {measureDriftwatchLatencies} from '../support/driftwatch-speed-line.js';
import {formatValue, measuredRow, type ResultRow, unfinishedRow} from '../support/results.js';
import {median} from '../support/stats.js';

const events = [
	{key: 'driftToOutOfSync', id: 'drift-outofsync', what: 'drift -> OutOfSync'},
	{key: 'driftToSelfHeal', id: 'drift-selfheal', what: 'drift -> self-healed'},
	{key: 'commitToOutOfSync', id: 'commit-outofsync', what: 'commit pushed -> OutOfSync'},
	{key: 'commitToSync', id: 'commit-synced', what: 'commit pushed -> Synced'},
] as const;

type EventKey = (typeof events)[number]['key'];
type Samples = Record<EventKey, number[]>;

/** One side of the line: its label, and its samples or the reason it has none. */
interface Side {
	id: string;
	label: string;
	note?: string;
	result: Samples | Error;
}

const objects = 1;

export async function argoCdSpeedFigure(context: BenchContext): Promise<void> {
	const dir = path.join(context.scratch, 'speed-line');
	mkdirSync(dir, {recursive: true});
	const repo = await createSpeedLineRepo(dir, context.options.repeats);
	const sides: Side[] = [];

	let missing: Error | undefined;
	try {
		argoCdCacheDir();
		argoCdRedisBinary();
	} catch (error) {
		missing = error as Error;
	}
	for (const profile of ['fast', 'shipped'] as const) {
		sides.push(await driftwatchSide(context, repo, profile));
		sides.push(missing ? argoCdMissing(profile, missing) : await argoCdSide(context, repo, profile));
	}

	// Per event, the sides next to each other.
	for (const event of events) {
		for (const side of sides) {
			const input = {id: `speed.${event.id}.${side.id}`, objects, what: `speed line: ${event.what}: ${side.label}`, unit: 'ms' as const};
			const row: ResultRow =
				side.result instanceof Error
					? unfinishedRow(
							input,
							'error',
							event === events[0] ? reason(side.result) : `not measured: see "${events[0].what}: ${side.label}"`,
						)
					: measuredRow({...input, samples: side.result[event.key], ...(side.note && event === events[0] ? {note: side.note} : {})});
			context.add(row);
		}
	}
	context.log(sideBySide(sides));
}

/**
 * driftwatch with its defaults (a `file://` repoURL counts as a remote: a Git poll every 30 s), and
 * tuned as Argo CD's `fast` profile: a poll every 5 s (`--interval 5`, as timeout.reconciliation 5s).
 */
async function driftwatchSide(context: BenchContext, repo: SpeedLineRepo, profile: ArgoCdProfile): Promise<Side> {
	const id = `driftwatch-${profile}`;
	const flags = profile === 'fast' ? ['--interval', '5'] : [];
	const label = `driftwatch ${profile === 'fast' ? 'tuned (--interval 5)' : 'as shipped'}`;
	try {
		const result = await measureDriftwatchLatencies(context, repo, context.options.repeats, context.options.timeoutSeconds * 1000, flags);
		return {id, label, result};
	} catch (error) {
		return {id, label, result: error as Error};
	}
}

function argoCdLabel(profile: ArgoCdProfile): string {
	return `Argo CD ${profile === 'fast' ? 'tuned' : 'as shipped'}`;
}

function argoCdMissing(profile: ArgoCdProfile, missing: Error): Side {
	return {id: `argocd-${profile}`, label: argoCdLabel(profile), result: missing};
}

async function argoCdSide(context: BenchContext, repo: SpeedLineRepo, profile: ArgoCdProfile): Promise<Side> {
	const {options} = context;
	const id = `argocd-${profile}`;
	try {
		const measured = await measureArgoCdLatencies({
			kubeconfig: context.state.kubeconfig,
			profile,
			samples: options.repeats,
			commitSamples: commitSamples(profile, options.mode, options.repeats),
			repo,
			log: line => context.log(`${profile}: ${line}`),
		});
		const settings = Object.entries(measured.settings)
			.flatMap(([map, values]) => Object.entries(values).map(([key, value]) => `${map} ${key}: ${value}`))
			.join(', ');
		return {
			id,
			label: `${argoCdLabel(profile)} (${measured.version})`,
			note: `Argo CD ${measured.version} ${profile}: ${settings || 'no setting changed'}; started in ${measured.startSeconds} s`,
			result: measured,
		};
	} catch (error) {
		return {id, label: argoCdLabel(profile), result: error as Error};
	}
}

/** The first line of a failure, short enough for the table's notes. */
function reason(error: Error): string {
	return (error.message.split('\n')[0] ?? '').slice(0, 300);
}

/** `shipped` waits minutes per commit (revision cache, then the poll): one in --quick, the repeats otherwise. */
function commitSamples(profile: ArgoCdProfile, mode: 'quick' | 'full', samples: number): number {
	return profile === 'shipped' && mode === 'quick' ? 1 : samples;
}

/** The medians as one small table for the log: an event per line, a side per column. */
function sideBySide(sides: readonly Side[]): string {
	const cell = (side: Side, key: EventKey) => {
		if (side.result instanceof Error) return 'error';
		const values = side.result[key];
		if (values.length === 0) return '-';
		return `${formatValue(median(values), 'ms')} (n=${values.length})`;
	};
	const lines = [
		['event', ...sides.map(side => side.label)],
		...events.map(event => [event.what, ...sides.map(side => cell(side, event.key))]),
	];
	const widths = lines[0]?.map((_, column) => Math.max(...lines.map(line => (line[column] ?? '').length))) ?? [];
	return ['speed line, medians:', ...lines.map(line => line.map((text, column) => text.padEnd(widths[column] ?? 0)).join('  '))].join(
		'\n  ',
	);
}
