/**
 * The watch streams of the engine, summed up for the headless stream's `watches` lines: counts
 * per phase, the streams that are not live (with why), and one sentence. Pure.
 */
import type {WatchPhase, WatchState} from '../engine/engine-state.js';

export interface WatchSummary {
	counts: Partial<Record<WatchPhase, number>>;
	/** Streams not live, most urgent first: failed (refused lists), then reconnecting, then connecting. */
	problems: Array<{apiVersion: string; kind: string; namespace: string; phase: WatchPhase; error: string | null; since: string}>;
	message: string;
}

const order: WatchPhase[] = ['failed', 'reconnecting', 'connecting', 'live'];

function scope(watch: WatchState): string {
	return `${watch.kind} ${watch.namespace ? `in ${watch.namespace}` : 'in all namespaces'}`;
}

export function summarizeWatches(watches: readonly WatchState[]): WatchSummary {
	const counts: Partial<Record<WatchPhase, number>> = {};
	for (const watch of watches) counts[watch.phase] = (counts[watch.phase] ?? 0) + 1;
	const problems = watches
		.filter(watch => watch.phase !== 'live')
		.sort((a, b) => order.indexOf(a.phase) - order.indexOf(b.phase))
		.map(({apiVersion, kind, namespace, phase, error, since}) => ({apiVersion, kind, namespace, phase, error, since}));
	const tally = order
		.filter(phase => counts[phase])
		.map(phase => `${counts[phase]} ${phase}`)
		.join(', ');
	const first = problems[0];
	const detail = first ? `; ${scope(first)} ${first.phase}${first.error ? `: ${first.error}` : ''}` : '';
	return {counts, problems, message: watches.length === 0 ? 'no watches' : `watches: ${tally}${detail}`};
}
