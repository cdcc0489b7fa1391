import {describe, expect, it} from 'vitest';
import {
	applyBuildEvent,
	type BuildEvent,
	estimateBuild,
	estimatesFrom,
	firstBuildSeconds,
	initialBuildProgress,
	parseBuildEvent,
	parseBuildTimes,
} from '../../../source/control-plane/build-progress.js';

function replay(lines: Array<[number, string]>) {
	let progress = initialBuildProgress(0);
	for (const [at, line] of lines) {
		const event = parseBuildEvent(line);
		if (event) progress = applyBuildEvent(progress, event, at);
	}
	return progress;
}

const allTodo = 'plan etcd=todo helm=todo kwok=todo kube-apiserver=todo kube-controller-manager=todo kube-scheduler=todo';

describe('build events', () => {
	it('parses every event build.sh writes, and ignores anything else', () => {
		const events: Array<BuildEvent | undefined> = [
			'plan etcd=built helm=todo',
			'wait',
			'start kwok',
			'done kwok 93',
			'fail kube-apiserver 2',
			'complete 515',
			'go: downloading k8s.io/api v0.35.4',
			'start',
		].map(parseBuildEvent);
		expect(events).toEqual([
			{
				type: 'plan',
				entries: [
					{name: 'etcd', built: true},
					{name: 'helm', built: false},
				],
			},
			{type: 'wait'},
			{type: 'start', name: 'kwok'},
			{type: 'done', name: 'kwok', seconds: 93},
			{type: 'fail', name: 'kube-apiserver', exitCode: 2},
			{type: 'complete', seconds: 515},
			undefined,
			undefined,
		]);
	});
});

describe('the estimate of what is left', () => {
	it('is the whole first-build table before anything is built: 515 s on 2 cores', () => {
		const progress = replay([[0, allTodo]]);
		expect(estimateBuild(progress, firstBuildSeconds, 0)).toMatchObject({current: null, leftMs: 515_000, toBuild: 6, kept: 0});
	});

	it('counts down within the binary being built and adds the ones still to build', () => {
		const progress = replay([
			[0, allTodo],
			[0, 'start etcd'],
			[51_000, 'done etcd 51'],
			[51_000, 'start helm'],
		]);
		// helm: 89 s, 30 s in; then kwok 93 + apiserver 212 + kcm 65 + scheduler 5.
		const estimate = estimateBuild(progress, firstBuildSeconds, 81_000);
		expect(estimate.current).toEqual({name: 'helm', index: 2, of: 6});
		expect(estimate.elapsedMs).toBe(81_000);
		expect(estimate.leftMs).toBe((59 + 93 + 212 + 65 + 5) * 1000);
	});

	it('never says zero while a slower-than-estimated binary is still compiling', () => {
		const progress = replay([
			[0, 'plan kube-scheduler=todo'],
			[0, 'start kube-scheduler'],
		]);
		expect(estimateBuild(progress, firstBuildSeconds, 60_000).leftMs).toBe(5000);
	});

	it('skips binaries an interrupted build already made, in the count and the estimate', () => {
		const progress = replay([
			[0, 'plan etcd=built helm=built kwok=built kube-apiserver=todo kube-controller-manager=todo kube-scheduler=todo'],
			[0, 'start kube-apiserver'],
		]);
		const estimate = estimateBuild(progress, firstBuildSeconds, 0);
		expect(estimate).toMatchObject({current: {name: 'kube-apiserver', index: 1, of: 3}, kept: 3, toBuild: 3});
		expect(estimate.leftMs).toBe((212 + 65 + 5) * 1000);
	});

	it('is zero once the build is complete, and marks a failure', () => {
		const done = replay([
			[0, allTodo],
			[515_000, 'complete 515'],
		]);
		expect(estimateBuild(done, firstBuildSeconds, 515_000).leftMs).toBe(0);
		const failed = replay([
			[0, allTodo],
			[0, 'start etcd'],
			[3000, 'fail etcd 1'],
		]);
		expect(failed.failed).toBe(true);
		expect(failed.binaries[0]).toMatchObject({name: 'etcd', state: 'failed'});
	});
});

describe('estimates', () => {
	it("take the previous build's recorded times, and the table for binaries it did not record", () => {
		const previous = parseBuildTimes('etcd\t4\nhelm\t7\nnot a line\nkwok\tseven\nkwok\t8\n');
		expect(previous).toEqual({etcd: 4, helm: 7, kwok: 8});
		expect(estimatesFrom(previous)).toEqual({...firstBuildSeconds, etcd: 4, helm: 7, kwok: 8});
	});

	it('are the first-build table when no build was recorded', () => {
		expect(estimatesFrom(undefined)).toEqual(firstBuildSeconds);
		expect(Object.values(firstBuildSeconds).reduce((sum, seconds) => sum + seconds, 0)).toBe(515);
	});
});
