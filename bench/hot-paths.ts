/**
 * `npm run bench:hot-paths`: speed and memory of the pure hot paths, outside the unit tests (timings there would
 * be flaky on shared CI machines). Prints one line per case: median time over runs, and heap growth.
 */
import {assembleAppStatus} from '../source/core/assemble-app-status.js';
import type {AppDefinition} from '../source/core/app-definition.js';
import {defaultSyncOptions} from '../source/core/app-definition.js';
import {compareApp} from '../source/core/compare-objects.js';
import {diffObjects} from '../source/core/diff-objects.js';
import {type KubeObject, keyString, resourceKeyOf} from '../source/core/kube-object.js';
import {unifiedDiff} from '../source/core/line-diff.js';

function deployment(index: number, replicas: number, image: string): KubeObject {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: `web-${index}`, namespace: 'bench', labels: {app: `web-${index}`}},
		spec: {
			replicas,
			selector: {matchLabels: {app: `web-${index}`}},
			template: {
				metadata: {labels: {app: `web-${index}`}},
				spec: {
					containers: [
						{
							name: 'web',
							image,
							ports: [{containerPort: 80}],
							resources: {requests: {cpu: '100m', memory: '64Mi'}},
							env: Array.from({length: 20}, (_, e) => ({name: `VAR_${e}`, value: `value-${e}`})),
						},
					],
				},
			},
		},
	};
}

/** The fields of the bench's Deployments that `live` changes. */
interface DeploymentShape {
	spec: {
		replicas: number;
		strategy?: unknown;
		template: {spec: {containers: Array<{imagePullPolicy?: string; resources: {requests: {cpu: string}}}>}};
	};
	status?: unknown;
}

function live(object: KubeObject, drift: boolean): KubeObject {
	const copy = structuredClone(object) as KubeObject & DeploymentShape;
	const container = copy.spec.template.spec.containers[0];
	if (!container) throw new Error('the bench Deployment has no container');
	copy.metadata = {
		...copy.metadata,
		uid: 'u',
		resourceVersion: '1',
		generation: 2,
		creationTimestamp: '2026-01-01T00:00:00Z',
		managedFields: [{manager: 'driftwatch', operation: 'Apply', fieldsV1: {'f:spec': {'f:replicas': {}}}}],
	};
	copy.spec.strategy = {type: 'RollingUpdate', rollingUpdate: {maxSurge: '25%', maxUnavailable: '25%'}};
	container.imagePullPolicy = 'IfNotPresent';
	container.resources.requests.cpu = '0.1';
	if (drift) copy.spec.replicas = 5;
	copy.status = {
		replicas: copy.spec.replicas,
		updatedReplicas: copy.spec.replicas,
		availableReplicas: copy.spec.replicas,
		observedGeneration: 2,
	};
	return copy;
}

function measure(name: string, runs: number, work: () => unknown): void {
	const times: number[] = [];
	globalThis.gc?.();
	const heapBefore = process.memoryUsage().heapUsed;
	let keep: unknown;
	for (let run = 0; run < runs; run++) {
		const start = performance.now();
		keep = work();
		times.push(performance.now() - start);
	}
	const heapAfter = process.memoryUsage().heapUsed;
	times.sort((a, b) => a - b);
	const median = times[Math.floor(times.length / 2)] ?? 0;
	console.log(
		`${name.padEnd(52)} median ${median.toFixed(1).padStart(8)} ms   heap +${((heapAfter - heapBefore) / 1024 / 1024).toFixed(1)} MiB`,
	);
	void keep;
}

const app: AppDefinition = {
	name: 'bench',
	project: 'default',
	sources: [],
	destination: {namespace: 'bench'},
	syncPolicy: {automated: null, syncOptions: defaultSyncOptions(), retry: null},
	ignoreDifferences: [],
	revisionHistoryLimit: 10,
	origin: 'bench',
	warnings: [],
};

for (const count of [100, 1000]) {
	const desired = Array.from({length: count}, (_, index) => deployment(index, 2, 'nginx:1.27'));
	const liveMap = new Map(desired.map((object, index) => [keyString(resourceKeyOf(object)), live(object, index % 10 === 0)]));
	measure(`compareApp: ${count} Deployments, 10% drifted`, 5, () => compareApp({desired, live: liveMap}));
	measure(`assembleAppStatus: ${count} Deployments (compare+health)`, 5, () =>
		assembleAppStatus({
			app,
			desired,
			live: liveMap,
			extras: [],
			related: [],
			predicted: new Map(),
			revisions: [],
			notices: [],
			warnings: [],
			now: new Date(),
		}),
	);
}

const big = {
	apiVersion: 'v1',
	kind: 'ConfigMap',
	metadata: {name: 'big', namespace: 'bench'},
	data: Object.fromEntries(Array.from({length: 5000}, (_, index) => [`key-${index}`, `value ${index}`])),
};
const bigChanged = {...big, data: {...big.data, 'key-2500': 'changed'}};
measure('diffObjects: ConfigMap with 5000 keys, 1 change', 5, () => diffObjects(big, bigChanged));
const lines = Array.from({length: 20_000}, (_, index) => `line ${index}`);
const changedLines = lines.map((line, index) => (index % 1000 === 0 ? `${line} changed` : line));
measure('unifiedDiff: 20000 lines, 20 changes', 5, () => unifiedDiff(lines, changedLines));
