/**
 * The kwok configuration: kwok's own node and pod stages (shipped in its Go module and copied next
 * to the binary by build.sh) plus driftwatch's failure stages. The stock pod-ready stage gets one
 * extra condition so that pods meant to fail are left to the failure stages.
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

type Stage = {metadata?: {name?: string}; spec?: {selector?: {matchExpressions?: unknown[]}}};

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

export async function writeKwokConfig(cacheDir: string, file: string, dataDir: string): Promise<void> {
	const documents: unknown[] = [];
	for (const relative of stockStages) {
		const text = await readFile(path.join(cacheDir, 'kwok-stages', relative), 'utf8');
		for (const stage of loadAll(text) as Stage[]) {
			if (stage?.metadata?.name === 'pod-ready') {
				stage.spec?.selector?.matchExpressions?.push({key: failingImageExpression, operator: 'DoesNotExist'});
			}
			documents.push(stage);
		}
	}
	const ours = await readFile(path.join(packageRoot, 'scripts', 'control-plane', 'kwok', 'driftwatch-stages.yaml'), 'utf8');
	documents.push(...loadAll(ours));
	const logFile = path.join(dataDir, 'container.log');
	const previousLogFile = path.join(dataDir, 'container-previous.log');
	await writeFile(logFile, containerLog(currentRun));
	await writeFile(previousLogFile, containerLog(previousRun));
	documents.push({
		apiVersion: 'kwok.x-k8s.io/v1alpha1',
		kind: 'ClusterLogs',
		metadata: {name: 'driftwatch-container-logs'},
		spec: {selector: {}, logs: [{logsFile: logFile, previousLogsFile: previousLogFile, follow: true}]},
	});
	await writeFile(file, documents.map(document => dump(document, {lineWidth: -1})).join('---\n'));
}
