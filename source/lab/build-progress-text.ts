/**
 * The control-plane build's progress in words, one line: which binary, elapsed, and what is left.
 * Pure (callers pass `now`), so the line is the same in a terminal, a log and a test.
 */
import {type BuildProgress, estimateBuild} from '../control-plane/build-progress.js';
import {formatDuration} from '../presentation/duration.js';

export type EstimateSource = 'previous-build' | 'first-build-table';

const sourceWords: Record<EstimateSource, string> = {
	'previous-build': 'estimate from the last build here',
	'first-build-table': 'estimate from a first build on 2 cores',
};

/** 'control plane: building kube-apiserver (4 of 6), 4m02s elapsed, about 4m10s left (estimate from ...)' */
export function describeBuildProgress(
	progress: BuildProgress,
	estimates: Readonly<Record<string, number>>,
	source: EstimateSource,
	now: number,
): string {
	const estimate = estimateBuild(progress, estimates, now);
	const elapsed = formatDuration(estimate.elapsedMs);
	if (progress.failed) {
		const failed = progress.binaries.find(binary => binary.state === 'failed');
		return `control plane: building ${failed?.name ?? 'a binary'} failed after ${elapsed}`;
	}
	if (progress.complete) return `control plane: binaries built in ${elapsed}`;
	if (progress.waiting) return `control plane: waiting for another build of the same binaries (${elapsed})`;
	if (!estimate.current) {
		const finished = progress.binaries.filter(binary => binary.state === 'done');
		const last = finished.at(-1);
		if (!last) return `control plane: preparing the build (${elapsed})`;
		const built = `control plane: built ${last.name} in ${formatDuration((last.seconds ?? 0) * 1000)} (${finished.length} of ${estimate.toBuild})`;
		return estimate.leftMs > 0 ? `${built}, ${elapsed} elapsed, about ${formatDuration(estimate.leftMs)} left` : built;
	}
	const {name, index, of} = estimate.current;
	return (
		`control plane: building ${name} (${index} of ${of}), ${elapsed} elapsed, ` +
		`about ${formatDuration(estimate.leftMs)} left (${sourceWords[source]})`
	);
}
