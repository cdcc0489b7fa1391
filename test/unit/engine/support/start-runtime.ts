/**
 * One AppRuntime over the fake ports and a fake clock, as the runtime tests use it: Git with one
 * commit, the cluster holding it deployed (unless told otherwise), and recorders for the timeline,
 * the audit log and notifications.
 */
import type {AppDefinition} from '../../../../source/core/app-definition.js';
import {keyString, type KubeObject} from '../../../../source/core/kube-object.js';
import {AppRuntime} from '../../../../source/engine/app-runtime.js';
import type {AppPolicy, TimelineEvent} from '../../../../source/engine/engine-state.js';
import {describeTimelineEvent} from '../../../../source/presentation/timeline.js';
import {FakeClock} from './fake-clock.js';
import {FakeGit, FakeRender, FakeWatches, RecordingAuditLog, RecordingNotifier, WatchedCluster} from './fake-ports.js';
import {appDefinition, configMap, deployed, deployment} from './fixtures.js';

export const web = deployment('web', 2);
export const config = configMap('config', {color: 'blue'});
export const webKey = 'apps/Deployment/demo/web';
export const configKey = '/ConfigMap/demo/config';

export interface RuntimeOptions {
	policy?: Partial<AppPolicy>;
	/** What the cluster holds at start; default: the first commit, deployed. */
	live?: KubeObject[];
	readOnly?: boolean;
	definition?: Partial<AppDefinition>;
	/** Objects of the first commit; default web and config. */
	desired?: KubeObject[];
	/** Prepare the cluster (forbid kinds, fail lists) before the runtime starts. */
	cluster?: (cluster: WatchedCluster, watches: FakeWatches) => void;
	mode?: 'live' | 'once';
	/** Git poll interval; default one hour (tests poll by hand). */
	intervalMs?: number;
	/** Do not start it. */
	noStart?: boolean;
}

export const running: AppRuntime[] = [];

/** Stops every runtime started by a test (call in afterEach). */
export function stopAll(): void {
	for (const runtime of running.splice(0)) runtime.stop();
}

export async function startRuntime(options: RuntimeOptions = {}) {
	const render = new FakeRender();
	const git = new FakeGit(render);
	const desired = options.desired ?? [web, config];
	const first = git.commit('first', desired);
	const watches = new FakeWatches();
	for (const object of options.live ?? desired.map(item => deployed(item))) watches.put(object);
	const cluster = new WatchedCluster(watches);
	options.cluster?.(cluster, watches);
	const clock = new FakeClock();
	const audit = new RecordingAuditLog();
	const notifier = new RecordingNotifier();
	const events: TimelineEvent[] = [];
	let changes = 0;
	const runtime = new AppRuntime({
		definition: appDefinition(options.definition),
		git: () => git,
		render: render.port,
		cluster,
		watches,
		clock,
		policy: {autoSync: false, selfHeal: false, prune: false, ...options.policy},
		readOnly: options.readOnly ?? false,
		mode: options.mode ?? 'live',
		intervalMs: options.intervalMs ?? 3_600_000,
		heal: {debounceMs: 100},
		audit,
		notifier,
		onChange: () => void changes++,
		onTimeline: entry => void events.push(entry),
	});
	running.push(runtime);
	if (!options.noStart) {
		await runtime.start();
		await clock.advance(0);
	}
	const state = () => runtime.state();
	const objectState = (key: string) => state().status.objects.find(object => keyString(object.key) === key);
	return {
		render,
		git,
		first,
		watches,
		cluster,
		clock,
		audit,
		notifier,
		events,
		runtime,
		state,
		objectState,
		changes: () => changes,
		types: () => events.map(event => event.type),
		/** The sentences of the entries of `type`, oldest first. */
		messages: (type: TimelineEvent['type']) => events.filter(event => event.type === type).map(event => describeTimelineEvent(event)),
		/** Advances fake time until the state satisfies `done`. */
		until: async (done: (state: ReturnType<typeof runtime.state>) => boolean, what: string) => clock.advanceUntil(state, done, what),
	};
}
