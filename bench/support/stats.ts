/**
 * Summaries of repeated measurements: median and p99 by the nearest-rank method, so a p99 of a
 * handful of samples is honestly the largest one (the table says how many samples there were).
 */

export interface Summary {
	count: number;
	median: number;
	p99: number;
	min: number;
	max: number;
}

/** The nearest-rank percentile (0 < p <= 100) of the samples; NaN when there are none. */
export function percentile(samples: readonly number[], p: number): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** The middle sample, or the mean of the two middle ones. */
export function median(samples: readonly number[]): number {
	if (samples.length === 0) return Number.NaN;
	const sorted = [...samples].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function summarize(samples: readonly number[]): Summary {
	return {
		count: samples.length,
		median: median(samples),
		p99: percentile(samples, 99),
		min: samples.length === 0 ? Number.NaN : Math.min(...samples),
		max: samples.length === 0 ? Number.NaN : Math.max(...samples),
	};
}
