import {describe, expect, it} from 'vitest';
import {applyBuildEvent, firstBuildSeconds, initialBuildProgress, parseBuildEvent} from '../../../source/control-plane/build-progress.js';
import {describeBuildProgress} from '../../../source/lab/build-progress-text.js';

function replay(lines: Array<[number, string]>) {
	let progress = initialBuildProgress(0);
	for (const [at, line] of lines) {
		const event = parseBuildEvent(line);
		if (event) progress = applyBuildEvent(progress, event, at);
	}
	return progress;
}

const plan: [number, string] = [
	0,
	'plan etcd=todo helm=todo kwok=todo kube-apiserver=todo kube-controller-manager=todo kube-scheduler=todo',
];

describe('the build progress line', () => {
	it('names the binary, its place, the time elapsed and what is left, and where the estimate comes from', () => {
		const progress = replay([
			plan,
			[0, 'start etcd'],
			[51_000, 'done etcd 51'],
			[51_000, 'start helm'],
			[140_000, 'done helm 89'],
			[140_000, 'start kwok'],
			[233_000, 'done kwok 93'],
			[233_000, 'start kube-apiserver'],
		]);
		expect(describeBuildProgress(progress, firstBuildSeconds, 'first-build-table', 293_000)).toBe(
			'control plane: building kube-apiserver (4 of 6), 4m53s elapsed, about 3m42s left (estimate from a first build on 2 cores)',
		);
		expect(describeBuildProgress(progress, {...firstBuildSeconds, 'kube-apiserver': 20}, 'previous-build', 240_000)).toContain(
			'(estimate from the last build here)',
		);
	});

	it('says what was just built between two binaries, and when it is all done', () => {
		const between = replay([plan, [0, 'start etcd'], [51_000, 'done etcd 51']]);
		expect(describeBuildProgress(between, firstBuildSeconds, 'first-build-table', 51_000)).toBe(
			'control plane: built etcd in 51s (1 of 6), 51s elapsed, about 7m44s left',
		);
		const complete = replay([plan, [515_000, 'complete 515']]);
		expect(describeBuildProgress(complete, firstBuildSeconds, 'first-build-table', 515_000)).toBe('control plane: binaries built in 8m35s');
	});

	it('says when it waits for another build, and which binary failed', () => {
		expect(describeBuildProgress(replay([[0, 'wait']]), firstBuildSeconds, 'first-build-table', 12_000)).toBe(
			'control plane: waiting for another build of the same binaries (12s)',
		);
		const failed = replay([plan, [0, 'start etcd'], [3000, 'fail etcd 1']]);
		expect(describeBuildProgress(failed, firstBuildSeconds, 'first-build-table', 3000)).toBe(
			'control plane: building etcd failed after 3s',
		);
	});
});
