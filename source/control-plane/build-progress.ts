/**
 * The control-plane build's progress, from the events scripts/control-plane/build.sh writes on
 * file descriptor 3, and an estimate of what is left. Pure: callers pass `now` and the estimates.
 */

/** The binaries in build.sh's order. */
export const controlPlaneBinaries = ['etcd', 'helm', 'kwok', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;

/**
 * Seconds per binary of a first build from an empty Go module cache on a 2-core machine (measured
 * here: 515 s in all). Later binaries of k8s.io/kubernetes reuse what kube-apiserver compiled.
 */
export const firstBuildSeconds: Readonly<Record<string, number>> = {
	etcd: 51,
	helm: 89,
	kwok: 93,
	'kube-apiserver': 212,
	'kube-controller-manager': 65,
	'kube-scheduler': 5,
};

export type BuildEvent =
	| {type: 'plan'; entries: Array<{name: string; built: boolean}>}
	| {type: 'wait'}
	| {type: 'start'; name: string}
	| {type: 'done'; name: string; seconds: number}
	| {type: 'fail'; name: string; exitCode: number}
	| {type: 'complete'; seconds: number};

/** One event line; undefined for anything else (the script's protocol is line-based and tiny). */
export function parseBuildEvent(line: string): BuildEvent | undefined {
	const [type, ...words] = line.trim().split(/\s+/);
	switch (type) {
		case 'plan':
			return {
				type,
				entries: words.map(word => {
					const [name = '', state] = word.split('=');
					return {name, built: state === 'built'};
				}),
			};
		case 'wait':
			return {type};
		case 'start':
			return words[0] ? {type, name: words[0]} : undefined;
		case 'done':
			return words[0] ? {type, name: words[0], seconds: Number(words[1] ?? 0)} : undefined;
		case 'fail':
			return words[0] ? {type, name: words[0], exitCode: Number(words[1] ?? 1)} : undefined;
		case 'complete':
			return {type, seconds: Number(words[0] ?? 0)};
		default:
			return undefined;
	}
}

export type BinaryState = 'built' | 'todo' | 'building' | 'done' | 'failed';

export interface BuildProgress {
	binaries: Array<{name: string; state: BinaryState; seconds?: number}>;
	/** When this build started (ms). */
	startedAt: number;
	/** When the binary being built started (ms). */
	currentStartedAt: number | null;
	/** Another build of the same cache key holds the lock. */
	waiting: boolean;
	complete: boolean;
	failed: boolean;
}

export function initialBuildProgress(now: number): BuildProgress {
	return {binaries: [], startedAt: now, currentStartedAt: null, waiting: false, complete: false, failed: false};
}

export function applyBuildEvent(progress: BuildProgress, event: BuildEvent, now: number): BuildProgress {
	const setState = (name: string, state: BinaryState, seconds?: number) =>
		progress.binaries.map(binary => (binary.name === name ? {...binary, state, ...(seconds === undefined ? {} : {seconds})} : binary));
	switch (event.type) {
		case 'plan':
			return {
				...progress,
				waiting: false,
				binaries: event.entries.map(entry => ({name: entry.name, state: entry.built ? 'built' : 'todo'})),
			};
		case 'wait':
			return {...progress, waiting: true};
		case 'start':
			return {...progress, binaries: setState(event.name, 'building'), currentStartedAt: now};
		case 'done':
			return {...progress, binaries: setState(event.name, 'done', event.seconds), currentStartedAt: null};
		case 'fail':
			return {...progress, binaries: setState(event.name, 'failed'), currentStartedAt: null, failed: true};
		case 'complete':
			return {...progress, complete: true, waiting: false, currentStartedAt: null};
	}
}

export interface BuildEstimate {
	/** The binary being built, with its place among those this build compiles (1-based). */
	current: {name: string; index: number; of: number} | null;
	elapsedMs: number;
	/** What is left, from the estimates; never below a few seconds while something is building. */
	leftMs: number;
	/** Binaries already built (by an earlier, interrupted build) that this one keeps. */
	kept: number;
	/** How many binaries this build compiles. */
	toBuild: number;
}

/** Seconds per binary: the previous build's recorded times where there are some, else the table. */
export function estimatesFrom(previous: Readonly<Record<string, number>> | undefined): Record<string, number> {
	return Object.fromEntries(
		Object.entries(firstBuildSeconds).map(([name, seconds]) => {
			const recorded = previous?.[name];
			return [name, recorded !== undefined && Number.isFinite(recorded) && recorded >= 0 ? recorded : seconds];
		}),
	);
}

export function estimateBuild(progress: BuildProgress, estimates: Readonly<Record<string, number>>, now: number): BuildEstimate {
	const toBuild = progress.binaries.filter(binary => binary.state !== 'built');
	const index = toBuild.findIndex(binary => binary.state === 'building');
	const currentBinary = index >= 0 ? toBuild[index] : undefined;
	let leftMs = 0;
	for (const binary of toBuild) {
		const estimateMs = (estimates[binary.name] ?? 60) * 1000;
		if (binary.state === 'todo') leftMs += estimateMs;
		if (binary.state === 'building') {
			const inCurrent = progress.currentStartedAt === null ? 0 : now - progress.currentStartedAt;
			// Slower than last time: say "a few seconds" rather than a negative or frozen zero.
			leftMs += Math.max(estimateMs - inCurrent, 5000);
		}
	}
	return {
		current: currentBinary ? {name: currentBinary.name, index: index + 1, of: toBuild.length} : null,
		elapsedMs: now - progress.startedAt,
		leftMs: progress.complete ? 0 : leftMs,
		kept: progress.binaries.length - toBuild.length,
		toBuild: toBuild.length,
	};
}

/** A build-times.tsv file (`NAME<TAB>SECONDS` lines); later lines win, junk lines are skipped. */
export function parseBuildTimes(text: string): Record<string, number> {
	const times: Record<string, number> = {};
	for (const line of text.split('\n')) {
		const [name, seconds] = line.split('\t');
		const value = Number(seconds);
		if (name && seconds !== undefined && Number.isFinite(value) && value >= 0) times[name] = value;
	}
	return times;
}
