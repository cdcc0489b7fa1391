/** The bench's command line: `--quick` (1,000 objects, a few minutes) or the full mode, and overrides. */
import {syncConcurrency} from '../../source/engine/sync-concurrency.js';

export interface BenchOptions {
	mode: 'quick' | 'full';
	/** App sizes for the cluster figures. */
	sizes: number[];
	/** Objects of the event-storm app, and how long the storm lasts. */
	storm: {objects: number; seconds: number; eventsPerSecond: number};
	/** Concurrency bound of the floor loop: the bound driftwatch's sync is held to (default its own constant). */
	concurrency: number;
	/** Repeats of the expensive figures (sync, status, watch) per size, and samples per event of the Argo CD speed line. */
	repeats: number;
	/** Drift rounds (ten drifts and ten restores each) for the drift latency, per size. */
	driftRounds: number;
	/** Per-figure time limit, in seconds. */
	timeoutSeconds: number;
	/** Only these figures (ids: sync, status, watch, drift, storm, ui, argocd); default all. */
	only: string[];
	/** Where the JSON goes. */
	output: string;
	/** Write a CPU profile of each driftwatch process into this directory. */
	cpuProfileDir?: string;
	/** Write a heap snapshot of `watch --no-ui` after the ten drifts (first run of each size) into this directory. */
	heapSnapshotDir?: string;
	/** Run the kubectl reference lines (apply, diff); --no-references skips them for quick before/after runs. */
	references: boolean;
}

export const figureIds = ['sync', 'status', 'watch', 'drift', 'storm', 'ui', 'argocd'] as const;

const usage = `usage: npm run bench -- [--quick] [--sizes 1000,10000] [--only sync,status,watch,drift,storm,ui,argocd]
  [--concurrency ${syncConcurrency}] [--repeats 3] [--drift-rounds 3] [--timeout SECONDS] [--storm-objects N]
  [--storm-seconds S] [--storm-rate EVENTS_PER_S] [--output FILE] [--cpu-prof DIR] [--heap-snapshot DIR]
  [--no-references]`;

const valueFlags = [
	'--sizes',
	'--only',
	'--concurrency',
	'--repeats',
	'--drift-rounds',
	'--timeout',
	'--storm-objects',
	'--storm-seconds',
	'--storm-rate',
	'--output',
	'--cpu-prof',
	'--heap-snapshot',
];

/** Parses argv (without node and the script); throws with the usage on anything unknown. */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
	const quick = argv.includes('--quick');
	const options: BenchOptions = quick
		? {
				mode: 'quick',
				sizes: [1000],
				storm: {objects: 1000, seconds: 10, eventsPerSecond: 1000},
				concurrency: syncConcurrency,
				repeats: 3,
				driftRounds: 3,
				timeoutSeconds: 300,
				only: [],
				output: 'bench-results/latest.json',
				references: true,
			}
		: {
				mode: 'full',
				sizes: [1000, 10_000, 20_000],
				storm: {objects: 10_000, seconds: 30, eventsPerSecond: 1000},
				concurrency: syncConcurrency,
				repeats: 3,
				driftRounds: 3,
				timeoutSeconds: 900,
				only: [],
				output: 'bench-results/latest.json',
				references: true,
			};
	const numbers = (text: string, flag: string) => {
		const values = text.split(',').map(Number);
		if (values.some(value => !Number.isInteger(value) || value <= 0)) throw new Error(`${flag} takes positive whole numbers\n${usage}`);
		return values;
	};
	for (let index = 0; index < argv.length; index++) {
		const flag = argv[index] ?? '';
		if (flag === '--quick') continue;
		if (flag === '--no-references') {
			options.references = false;
			continue;
		}
		if (!valueFlags.includes(flag)) throw new Error(`unknown option ${flag}\n${usage}`);
		const value = argv[index + 1];
		if (value === undefined || value.startsWith('--')) throw new Error(`${flag} needs a value\n${usage}`);
		index++;
		const one = () => numbers(value, flag)[0] ?? 0;
		switch (flag) {
			case '--sizes':
				options.sizes = numbers(value, flag);
				break;
			case '--only': {
				const unknown = value.split(',').filter(id => !(figureIds as readonly string[]).includes(id));
				if (unknown.length > 0) throw new Error(`unknown figure ${unknown.join(', ')}\n${usage}`);
				options.only = value.split(',');
				break;
			}
			case '--concurrency':
				options.concurrency = one();
				break;
			case '--repeats':
				options.repeats = one();
				break;
			case '--drift-rounds':
				options.driftRounds = one();
				break;
			case '--timeout':
				options.timeoutSeconds = one();
				break;
			case '--storm-objects':
				options.storm.objects = one();
				break;
			case '--storm-seconds':
				options.storm.seconds = one();
				break;
			case '--storm-rate':
				options.storm.eventsPerSecond = one();
				break;
			case '--output':
				options.output = value;
				break;
			case '--cpu-prof':
				options.cpuProfileDir = value;
				break;
			case '--heap-snapshot':
				options.heapSnapshotDir = value;
				break;
			default:
				throw new Error(`unknown option ${flag}\n${usage}`);
		}
	}
	return options;
}

/** Whether a figure runs under --only. */
export function wanted(options: BenchOptions, figure: (typeof figureIds)[number]): boolean {
	return options.only.length === 0 || options.only.includes(figure);
}
