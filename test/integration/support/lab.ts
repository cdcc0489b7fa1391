/**
 * The GitOps lab's engine: the real adapters wired exactly as source/cli.tsx wires them (GitSource
 * with its clone cache, renderSource with the path check, connect() + ResourceClient + WatchHub,
 * pod logs, an audit log, a Notifier with no outputs), with a short Git poll and heal debounce so
 * a lab step takes seconds. Tests wait on engine snapshots, never on fixed sleeps.
 */
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {connect} from '../../../source/cluster/kube-connection.js';
import {ResourceClient} from '../../../source/cluster/resource-client.js';
import {clusterDestination} from '../../../source/cluster/cluster-destination.js';
import {appFromFlags} from '../../../source/core/app-from-flags.js';
import {displayKey} from '../../../source/core/kube-object.js';
import {AuditLog, type AuditEntry} from '../../../source/audit/audit-log.js';
import {systemClock} from '../../../source/clock/system-clock.js';
import type {FieldAttribution} from '../../../source/core/app-status.js';
import {DriftEngine} from '../../../source/engine/drift-engine.js';
import type {AppPolicy, AppView, EngineStore, TimelineEvent} from '../../../source/engine/engine-state.js';
import {Notifier} from '../../../source/notify/notifier.js';
import {describeNotification} from '../../../source/presentation/notification.js';
import {describeTimelineEvent} from '../../../source/presentation/timeline.js';
import type {RenderPort} from '../../../source/ports/render.js';
import {gitSources} from '../../../source/git/git-sources.js';
import {renderAppSource} from '../../../source/render/render-app-source.js';
import {kubeconfig, kubectl, kubectlJson} from './cluster.js';

export const adminContext = 'driftwatch-admin';
export const restrictedContext = 'driftwatch-restricted';

export interface LabOptions {
	/** The app's repoURL: the bare remote. */
	repo: string;
	namespace: string;
	name: string;
	/** Default 'app'. */
	path?: string;
	/** The target revision; default 'HEAD' (the remote's default branch), as with `driftwatch --repo`. */
	revision?: string;
	/** Default the admin context. */
	context?: string;
	autoSync?: boolean;
	selfHeal?: boolean;
	prune?: boolean;
	/** Git poll interval; default 500 ms. */
	intervalMs?: number;
}

/** A timeline entry with its sentence, as the JSON-lines stream prints it. */
export type LabEvent = TimelineEvent & {message: string; object?: string; attribution?: FieldAttribution[]};

export interface Lab {
	engine: DriftEngine;
	name: string;
	namespace: string;
	auditFile: string;
	/** Every timeline event since the engine was built, oldest first, with its sentence. */
	events: LabEvent[];
	/** The app as the engine publishes it now. */
	view(): AppView;
	/** The audit log's entries, oldest first. */
	audit(): Promise<AuditEntry[]>;
	/** Stops the engine and its watches and removes the temp dirs. */
	stop(): Promise<void>;
}

/** Builds the engine for one app with the real adapters and starts it (first evaluation done). */
export async function startLab(options: LabOptions): Promise<Lab> {
	const scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-lab-'));
	const cacheRoot = path.join(scratch, 'repos');
	const auditFile = path.join(scratch, 'state', 'audit.jsonl');
	const policy: AppPolicy = {autoSync: options.autoSync ?? false, selfHeal: options.selfHeal ?? false, prune: options.prune ?? false};
	const {app, errors} = appFromFlags({
		repo: options.repo,
		path: options.path ?? 'app',
		...(options.revision ? {revision: options.revision} : {}),
		namespace: options.namespace,
		name: options.name,
		autoSync: policy.autoSync,
		selfHeal: policy.selfHeal,
		prune: policy.prune,
	});
	if (!app) throw new Error(`lab app: ${errors.map(error => error.message).join('; ')}`);

	// The same adapters cli.tsx wires.
	const git = gitSources({cacheRoot});
	const render: RenderPort = renderAppSource;
	const connection = connect({kubeconfig: kubeconfig(), context: options.context ?? adminContext});
	const destination = clusterDestination(new ResourceClient(connection));
	const intervalMs = options.intervalMs ?? 500;
	const engine = new DriftEngine({
		apps: [{definition: app, destination, policy, intervalMs}],
		git,
		render,
		clock: systemClock,
		readOnly: false,
		intervalMs,
		audit: new AuditLog(auditFile),
		notifier: new Notifier({describe: describeNotification}),
		heal: {debounceMs: 100},
	});
	const events: LabEvent[] = [];
	engine.onEvent(entry => events.push({...entry, message: describeTimelineEvent(entry)}));
	let stopped = false;
	const lab: Lab = {
		engine,
		name: app.name,
		namespace: options.namespace,
		auditFile,
		events,
		view: () => appView(engine, app.name),
		audit: async () => readAudit(auditFile),
		stop: async () => {
			if (stopped) return;
			stopped = true;
			engine.stop();
			destination.hub.stop();
			await rm(scratch, {recursive: true, force: true});
		},
	};
	try {
		await engine.start();
	} catch (error) {
		await lab.stop();
		throw error;
	}
	return lab;
}

function appView(engine: DriftEngine, name: string): AppView {
	const view = engine.getSnapshot().apps.find(candidate => candidate.name === name);
	if (!view) throw new Error(`no app ${name} in the snapshot`);
	return view;
}

async function readAudit(file: string): Promise<AuditEntry[]> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
		throw error;
	}
	return text
		.split('\n')
		.filter(Boolean)
		.map(line => JSON.parse(line) as AuditEntry);
}

/**
 * Resolves with the first published snapshot of `name` that satisfies `predicate` (checked now,
 * then on every snapshot); rejects after `timeoutMs` describing where the app got to.
 */
export async function waitForApp(
	engine: EngineStore,
	name: string,
	predicate: (app: AppView) => boolean,
	timeoutMs = 60_000,
	what = 'the app to reach the expected state',
): Promise<AppView> {
	return new Promise((resolve, reject) => {
		let last: AppView | undefined;
		let settled = false;
		const settle = () => {
			settled = true;
			clearTimeout(timer);
			unsubscribe();
		};
		const check = () => {
			if (settled) return;
			last = engine.getSnapshot().apps.find(candidate => candidate.name === name);
			let satisfied: boolean;
			try {
				satisfied = last !== undefined && predicate(last);
			} catch {
				satisfied = false;
			}
			if (satisfied && last) {
				settle();
				resolve(last);
			}
		};
		const unsubscribe = engine.subscribe(check);
		const timer = setTimeout(() => {
			if (settled) return;
			settle();
			reject(
				new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}; app: ${last ? describeApp(last) : 'not in the snapshot'}`),
			);
		}, timeoutMs);
		check();
	});
}

/** Resolves with the first timeline event (from index `since` of lab.events on) that matches. */
export async function waitForEvent(
	lab: Lab,
	predicate: (event: LabEvent) => boolean,
	options: {since?: number; timeoutMs?: number; what?: string} = {},
): Promise<LabEvent> {
	const since = options.since ?? 0;
	const timeoutMs = options.timeoutMs ?? 60_000;
	const found = () => lab.events.slice(since).find(predicate);
	const already = found();
	if (already) return already;
	return new Promise((resolve, reject) => {
		const stop = lab.engine.onEvent(() => {
			const event = found();
			if (!event) return;
			stop();
			clearTimeout(timer);
			resolve(event);
		});
		const timer = setTimeout(() => {
			stop();
			const recent = lab.events
				.slice(since)
				.map(event => `${event.type}: ${event.message}`)
				.join(' | ');
			reject(
				new Error(
					`timed out after ${timeoutMs / 1000}s waiting for ${options.what ?? 'a timeline event'}; events since: ${recent || 'none'}`,
				),
			);
		}, timeoutMs);
	});
}

/** One line about an app, for failure messages. */
export function describeApp(app: AppView): string {
	const objects = app.status.objects
		.map(object => `${displayKey(object.key)}=${object.syncStatus}/${object.drift}/${object.health?.status ?? '-'}`)
		.join(', ');
	const events = app.timeline
		.slice(0, 6)
		.map(event => `${event.type}: ${describeTimelineEvent(event)}`)
		.join(' | ');
	return (
		`${app.status.syncStatus}/${app.status.health.status} "${app.status.health.message}" at ${app.status.revision?.shortSha ?? '?'}` +
		`${app.status.error ? ` error: ${app.status.error.message}` : ''}; operation: ${app.operation ? `${app.operation.action} ${app.operation.phase}` : 'none'}` +
		`; objects: ${objects}; latest events: ${events}`
	);
}

export const isSyncedHealthy = (app: AppView): boolean =>
	app.status.syncStatus === 'Synced' && app.status.health.status === 'Healthy' && app.operation?.phase !== 'Running';

/**
 * Proves that nothing happens: reads `read()` every `intervalMs` for `durationMs` and throws as
 * soon as it differs from the first reading. Returns that reading.
 */
export async function expectUnchanged<T>(what: string, read: () => Promise<T>, durationMs = 3000, intervalMs = 250): Promise<T> {
	const first = JSON.stringify(await read());
	const deadline = Date.now() + durationMs;
	while (Date.now() < deadline) {
		await new Promise(resolve => setTimeout(resolve, intervalMs));
		const now = JSON.stringify(await read());
		if (now !== first) throw new Error(`${what} changed: was ${first}, now ${now}`);
	}
	return JSON.parse(first) as T;
}

export interface PodSummary {
	name: string;
	phase: string;
	images: string[];
	terminating: boolean;
	/** Waiting reasons of the containers (CrashLoopBackOff...). */
	waiting: string[];
}

/** The pods of `selector` in `namespace`, as kubectl sees them. */
export async function pods(namespace: string, selector = 'app=web'): Promise<PodSummary[]> {
	type Pod = {
		metadata: {name: string; deletionTimestamp?: string};
		spec: {containers: Array<{image: string}>};
		status?: {phase?: string; containerStatuses?: Array<{state?: {waiting?: {reason?: string}}}>};
	};
	const list = await kubectlJson<{items: Pod[]}>(['get', 'pods', '-n', namespace, '-l', selector]);
	return list.items.map(pod => ({
		name: pod.metadata.name,
		phase: pod.status?.phase ?? '',
		images: pod.spec.containers.map(container => container.image),
		terminating: pod.metadata.deletionTimestamp !== undefined,
		waiting: (pod.status?.containerStatuses ?? []).map(status => status.state?.waiting?.reason ?? '').filter(Boolean),
	}));
}

/** Reads the lab fixture `file` (relative to fixtures/lab). */
export const labFixture = (file: string): string => path.resolve('fixtures/lab', file);

/** What kubectl says about the objects of fixtures/lab/unmanaged.yaml (identity and content). */
export interface UnmanagedState {
	configMap: {uid: string; resourceVersion: string; data: Record<string, string>; annotations: Record<string, string>};
	deployment: {uid: string; generation: number; annotations: Record<string, string>; image: string};
}

/** Creates, with kubectl, a ConfigMap and a Deployment that driftwatch did not create. */
export async function createUnmanaged(namespace: string): Promise<UnmanagedState> {
	await kubectl(['create', '-n', namespace, '-f', labFixture('unmanaged.yaml')]);
	// The deployment controller annotates a new Deployment with its revision: take the baseline after that.
	await kubectl(['rollout', 'status', '-n', namespace, 'deployment/hand-made', '--timeout=60s']);
	return unmanagedState(namespace);
}

export async function unmanagedState(namespace: string): Promise<UnmanagedState> {
	type Meta = {uid: string; resourceVersion: string; generation?: number; annotations?: Record<string, string>};
	const configMap = await kubectlJson<{metadata: Meta; data: Record<string, string>}>([
		'get',
		'configmap',
		'hand-made-config',
		'-n',
		namespace,
	]);
	const deployment = await kubectlJson<{metadata: Meta; spec: {template: {spec: {containers: Array<{image: string}>}}}}>([
		'get',
		'deployment',
		'hand-made',
		'-n',
		namespace,
	]);
	return {
		configMap: {
			uid: configMap.metadata.uid,
			resourceVersion: configMap.metadata.resourceVersion,
			data: configMap.data,
			annotations: configMap.metadata.annotations ?? {},
		},
		deployment: {
			uid: deployment.metadata.uid,
			generation: deployment.metadata.generation ?? 0,
			annotations: deployment.metadata.annotations ?? {},
			image: deployment.spec.template.spec.containers[0]?.image ?? '',
		},
	};
}
