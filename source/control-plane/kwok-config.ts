/**
 * The kwok configuration: kwok's own node and pod stages (shipped in its Go module and copied next
 * to the binary by build.sh) plus driftwatch's failure stages. The stock pod-ready stage gets one
 * extra condition so that pods meant to fail are left to the failure stages.
 *
 * Two pod-stage profiles: 'fast' (tests: a pod is Running as soon as it is scheduled, deleted pods
 * go at once) and 'visible' (the lab: Pending, ContainerCreating and Terminating each last about
 * one to two seconds, so a person watching sees the lifecycle a real cluster shows).
 */
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {dump, loadAll} from 'js-yaml';
import {packageRoot} from './locate.js';

/** Images that the failure stages take; keep in step with driftwatch-stages.yaml. */
export const failingImageExpression = '.spec.containers.[] | select(.image | test("crashloop|^[^/]*\\\\.invalid/|does-not-exist")) | .name';

const stockStages = [
	'node/fast/node-initialize.yaml',
	'node/heartbeat/node-heartbeat.yaml',
	'pod/fast/pod-ready.yaml',
	'pod/fast/pod-complete.yaml',
	'pod/fast/pod-delete.yaml',
];

export type PodStages = 'fast' | 'visible';

/** How long each visible pod stage lasts: 1 s plus up to 1 s of jitter (kwok's delay semantics). */
export const visibleStageDelay = {durationMilliseconds: 1000, jitterDurationMilliseconds: 2000};

type Stage = {
	kind?: string;
	metadata?: {name?: string};
	spec?: {selector?: {matchExpressions?: unknown[]}; delay?: Record<string, unknown>};
};

/**
 * What every fake container "prints": kwok serves this file as the container log (following it).
 * kwok reads it as the CRI log format a kubelet keeps: `<RFC3339Nano time> <stream> F <line>`.
 */
function containerLog(lines: string[], now = new Date()): string {
	return (
		lines
			.map(line => `${now.toISOString()} ${line.startsWith('panic') || line.startsWith('\t') ? 'stderr' : 'stdout'} F ${line}`)
			.join('\n') + '\n'
	);
}

const currentRun = ['driftwatch local cluster: fake container started by kwok', 'listening on :80', 'GET /healthz 200'];
/** What `kubectl logs --previous` shows: the run that crashed (CrashLoopBackOff pods restart into it). */
const previousRun = [
	'driftwatch local cluster: fake container started by kwok',
	'loading configuration from /etc/app/config.yaml',
	'panic: runtime error: invalid memory address or nil pointer dereference',
	'\tat main.main() /app/main.go:42',
];

export async function writeKwokConfig(cacheDir: string, file: string, dataDir: string, podStages: PodStages = 'fast'): Promise<void> {
	const documents: Stage[] = [];
	for (const relative of stockStages) {
		const text = await readFile(path.join(cacheDir, 'kwok-stages', relative), 'utf8');
		for (const stage of loadAll(text) as Stage[]) {
			if (stage?.metadata?.name === 'pod-ready') {
				stage.spec?.selector?.matchExpressions?.push({key: failingImageExpression, operator: 'DoesNotExist'});
			}
			documents.push(stage);
		}
	}
	const ours = (name: string) => readFile(path.join(packageRoot, 'scripts', 'control-plane', 'kwok', name), 'utf8');
	documents.push(...(loadAll(await ours('driftwatch-stages.yaml')) as Stage[]));
	if (podStages === 'visible') {
		documents.push(...(loadAll(await ours('driftwatch-visible-stages.yaml')) as Stage[]));
		slowDown(documents);
	}
	const logFile = path.join(dataDir, 'container.log');
	const previousLogFile = path.join(dataDir, 'container-previous.log');
	await writeFile(logFile, containerLog(currentRun));
	await writeFile(previousLogFile, containerLog(previousRun));
	const logs = {
		apiVersion: 'kwok.x-k8s.io/v1alpha1',
		kind: 'ClusterLogs',
		metadata: {name: 'driftwatch-container-logs'},
		spec: {selector: {}, logs: [{logsFile: logFile, previousLogsFile: previousLogFile, follow: true}]},
	};
	await writeFile(file, [...documents, logs].map(document => dump(document, {lineWidth: -1})).join('---\n'));
}

/**
 * The visible profile: every pod stage waits {@link visibleStageDelay}, and the stages that end
 * ContainerCreating (ready, or a failure) select only pods that driftwatch-pod-container-creating
 * has put there.
 */
function slowDown(stages: Stage[]): void {
	const afterCreate = new Set(['pod-ready', 'driftwatch-pod-crashloop', 'driftwatch-pod-imagepullbackoff']);
	for (const stage of stages) {
		const name = stage.metadata?.name ?? '';
		if (stage.kind !== 'Stage' || (!name.startsWith('pod-') && !name.startsWith('driftwatch-pod-'))) continue;
		if (name === 'pod-complete') continue;
		if (stage.spec) stage.spec.delay = {...visibleStageDelay};
		if (afterCreate.has(name)) {
			stage.spec?.selector?.matchExpressions?.push({
				key: '.status.containerStatuses.[].state.waiting.reason',
				operator: 'In',
				values: ['ContainerCreating'],
			});
		}
	}
}
