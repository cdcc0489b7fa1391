/**
 * The engine for several apps: one AppRuntime each (each with its own destination cluster), one
 * published snapshot for readers, and the actions the UI, the headless mode and the CLI call.
 */
import type {AppDefinition} from '../core/app-definition.js';
import {DriftwatchError} from '../core/errors.js';
import {keyString, type ResourceKey} from '../core/kube-object.js';
import type {UnifiedLine} from '../core/line-diff.js';
import {AppRuntime} from './app-runtime.js';
import {HealScheduler} from './heal-scheduler.js';
import {type OperationsDeps, planFor, planRevert, runHeal, runRevert, runRollback, runSync, toActionPlan} from './app-operations.js';
import type {
	ActionPlan,
	ActionResult,
	AppPolicy,
	CommitView,
	EngineActions,
	EngineSnapshot,
	EngineStore,
	SyncRequest,
	TimelineEvent,
	WatchState,
} from './engine-state.js';
import type {AuditPort} from '../ports/audit.js';
import type {Destination} from '../ports/destination.js';
import type {GitPort} from '../ports/git.js';
import type {LogsPort} from '../ports/logs.js';
import type {NotifyPort} from '../ports/notify.js';
import type {RenderPort} from '../ports/render.js';
import {abortRollout, pauseRollout, promoteRollout, resumeRollout} from './rollout-actions.js';

export type {Destination};

export type RolloutAction = 'promote' | 'abort' | 'pause' | 'resume';

export interface DriftEngineOptions {
	apps: Array<{definition: AppDefinition; destination: Destination; policy: AppPolicy; intervalMs?: number}>;
	git: (repoURL: string) => GitPort;
	render: RenderPort;
	readOnly: boolean;
	intervalMs: number;
	audit: AuditPort;
	notifier: NotifyPort;
	healDebounceMs?: number;
	sleep?: (ms: number) => Promise<void>;
}

export class DriftEngine implements EngineStore, EngineActions {
	private readonly runtimes = new Map<string, {runtime: AppRuntime; destination: Destination}>();
	private readonly listeners = new Set<() => void>();
	private readonly eventListeners = new Set<(event: TimelineEvent) => void>();
	private snapshot: EngineSnapshot;
	private version = 0;
	private readonly operations: OperationsDeps;
	private readonly unsubscribers: Array<() => void> = [];

	constructor(private readonly options: DriftEngineOptions) {
		this.operations = {
			audit: options.audit,
			notifier: options.notifier,
			readOnly: options.readOnly,
			...(options.sleep ? {sleep: options.sleep} : {}),
		};
		for (const {definition, destination, policy, intervalMs} of options.apps) {
			if (this.runtimes.has(definition.name)) throw new DriftwatchError('config-invalid', `two apps are named "${definition.name}"`);
			const runtime = new AppRuntime({
				definition,
				git: options.git,
				render: options.render,
				cluster: destination.cluster,
				watches: destination.watches,
				policy,
				readOnly: options.readOnly,
				intervalMs: intervalMs ?? options.intervalMs,
				healScheduler: new HealScheduler({debounceMs: options.healDebounceMs ?? 150}),
				onChange: () => this.publish(),
				onEvent: event => this.emitEvent(event),
				autoSync: async target => void (await runSync(target, this.operations, {prune: target.policy.prune}, 'auto-sync')),
				heal: async (target, keys) => runHeal(target, this.operations, keys),
			});
			this.runtimes.set(definition.name, {runtime, destination});
			this.unsubscribers.push(destination.onWatchState(() => this.publish()));
		}
		this.snapshot = this.build();
	}

	/** Starts every app; resolves when each has had its first evaluation. */
	async start(): Promise<void> {
		await Promise.all([...this.runtimes.values()].map(async ({runtime}) => runtime.start()));
	}

	stop(): void {
		for (const {runtime} of this.runtimes.values()) runtime.stop();
		for (const unsubscribe of this.unsubscribers) unsubscribe();
	}

	getSnapshot = (): EngineSnapshot => this.snapshot;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** Every timeline event of every app, as it happens (headless mode, tests). */
	onEvent(listener: (event: TimelineEvent) => void): () => void {
		this.eventListeners.add(listener);
		return () => this.eventListeners.delete(listener);
	}

	runtime(app: string): AppRuntime {
		const entry = this.runtimes.get(app);
		if (!entry) throw new DriftwatchError('config-invalid', `no app named "${app}" (known: ${[...this.runtimes.keys()].join(', ')})`);
		return entry.runtime;
	}

	async planSync(app: string, request: SyncRequest = {}): Promise<ActionPlan> {
		const runtime = this.runtime(app);
		return toActionPlan(runtime, planFor(runtime, request), this.operations);
	}

	async sync(app: string, request: SyncRequest = {}): Promise<ActionResult> {
		return runSync(this.runtime(app), this.operations, request, 'user');
	}

	async planRevert(app: string, sha?: string): Promise<ActionPlan> {
		return planRevert(this.runtime(app), this.operations, sha);
	}

	async revert(app: string, sha?: string): Promise<ActionResult> {
		return runRevert(this.runtime(app), this.operations, sha);
	}

	async planRollback(app: string, historyId: number): Promise<ActionPlan> {
		const runtime = this.runtime(app);
		const record = runtime.history.find(entry => entry.id === historyId);
		return {
			action: 'rollback',
			app,
			apply: [],
			delete: [],
			...(record ? {commit: {sha: record.revision, subject: record.subject}} : {}),
			notes: ['the objects of that revision are applied (no prune); auto-sync and self-heal are turned off'],
			...(this.options.readOnly
				? {blockedReason: 'read-only mode (--read-only)'}
				: record
					? {}
					: {blockedReason: `no sync with id ${historyId}`}),
		};
	}

	async rollback(app: string, historyId: number): Promise<ActionResult> {
		const runtime = this.runtime(app);
		const record = runtime.history.find(entry => entry.id === historyId);
		if (!record) {
			const message = `no sync with id ${historyId} in the history (known: ${runtime.history.map(entry => entry.id).join(', ') || 'none'})`;
			return {ok: false, message, applied: [], deleted: [], errors: [message]};
		}
		return runRollback(runtime, this.operations, {revision: record.revision, subject: record.subject});
	}

	/** Rollback to any commit of the source (the CLI's `rollback REVISION`). */
	async rollbackToRevision(app: string, revision: string): Promise<ActionResult> {
		const runtime = this.runtime(app);
		const source = runtime.definition.sources[0];
		try {
			const commit = await this.options.git(source?.repoURL ?? '').resolve(revision);
			return await runRollback(runtime, this.operations, {revision: commit.sha, subject: commit.subject});
		} catch (error) {
			const message = `rollback failed: ${error instanceof Error ? error.message : String(error)}`;
			return {ok: false, message, applied: [], deleted: [], errors: [message]};
		}
	}

	setPolicy(app: string, patch: Partial<AppPolicy>): void {
		const runtime = this.runtime(app);
		runtime.policy = {...runtime.policy, ...patch};
		const words = Object.entries(patch).map(([name, value]) => `${name} ${value ? 'on' : 'off'}`);
		runtime.record('policy-changed', words.join(', '));
		void this.options.audit
			.record({
				time: new Date().toISOString(),
				user: runtime.deps.cluster.user,
				app,
				action: 'policy',
				result: 'succeeded',
				message: words.join(', '),
			})
			.catch(() => {});
		runtime.scheduleRecompute(0);
	}

	async refresh(app?: string): Promise<void> {
		const targets = app ? [this.runtime(app)] : [...this.runtimes.values()].map(entry => entry.runtime);
		for (const {destination} of this.runtimes.values()) destination.watches.refreshAll();
		await Promise.all(targets.map(async runtime => runtime.pollOnce({force: true})));
	}

	async commits(app: string, limit = 30): Promise<CommitView[]> {
		const runtime = this.runtime(app);
		const source = runtime.definition.sources[0];
		if (!source) return [];
		const history = await this.options.git(source.repoURL).history(source.path, {revision: source.targetRevision, limit});
		const deployed = runtime.deployedSha;
		return history.map(commit => ({
			sha: commit.sha,
			shortSha: commit.shortSha,
			subject: commit.subject,
			author: commit.author,
			date: commit.date,
			deployed: commit.sha === deployed,
		}));
	}

	/**
	 * Argo Rollouts promote / abort / pause / resume on a Rollout in the app's namespace, with the
	 * kubectl plugin's patches; recorded in the timeline and the audit log like every action.
	 */
	async rollout(app: string, name: string, action: RolloutAction, options: {full?: boolean} = {}): Promise<ActionResult> {
		const runtime = this.runtime(app);
		const entry = this.runtimes.get(app);
		const ref = {namespace: runtime.definition.destination.namespace, name};
		const user = runtime.deps.cluster.user;
		const audit = async (result: 'succeeded' | 'failed' | 'refused', message: string) =>
			this.options.audit
				.record({
					time: new Date().toISOString(),
					user,
					app,
					action: `rollout-${action}`,
					objects: [`Rollout/${ref.namespace}/${name}`],
					result,
					message,
				})
				.catch(() => {});
		if (this.options.readOnly || !entry?.destination.rollouts) {
			const message = this.options.readOnly
				? `rollout ${action} refused: read-only mode (--read-only)`
				: 'rollout actions are not available for this cluster';
			await audit('refused', message);
			return {ok: false, message, applied: [], deleted: [], errors: [message]};
		}
		try {
			const patcher = entry.destination.rollouts;
			const result =
				action === 'promote'
					? await promoteRollout(patcher, ref, options)
					: action === 'abort'
						? await abortRollout(patcher, ref)
						: action === 'pause'
							? await pauseRollout(patcher, ref)
							: await resumeRollout(patcher, ref);
			const message = `Rollout/${ref.namespace}/${name}: ${action}${options.full ? ' (full)' : ''} sent (${result.patches.length} patch${result.patches.length === 1 ? '' : 'es'})`;
			runtime.record('rollout-action', message, {object: `Rollout/${ref.namespace}/${name}`});
			await audit('succeeded', message);
			return {ok: true, message, applied: [`Rollout/${ref.namespace}/${name}`], deleted: [], errors: []};
		} catch (error) {
			const message = `rollout ${action} of ${ref.namespace}/${name} failed: ${error instanceof Error ? error.message : String(error)}`;
			runtime.record('error', message);
			await audit('failed', message);
			return {ok: false, message, applied: [], deleted: [], errors: [message]};
		}
	}

	/** The whole-object diff for the UI's full mode. */
	async fullDiff(app: string, key: ResourceKey): Promise<UnifiedLine[]> {
		return this.runtime(app).fullDiff(key);
	}

	async liveObject(app: string, key: ResourceKey): Promise<unknown> {
		const runtime = this.runtime(app);
		const state = runtime.status.objects.find(object => keyString(object.key) === keyString(key));
		const apiVersion = state?.apiVersion ?? (key.group ? `${key.group}/v1` : 'v1');
		return (
			runtime.liveObject(apiVersion, key.kind, key.namespace, key.name) ??
			(await runtime.deps.cluster.get({apiVersion, kind: key.kind, namespace: key.namespace, name: key.name}))
		);
	}

	/** Logs come from the destination whose app deploys to the pod's namespace (else the first). */
	followLogs: LogsPort = (pod, container, onLine, onError, options = {}) => {
		const destination =
			[...this.runtimes.values()].find(entry => entry.runtime.definition.destination.namespace === pod.namespace)?.destination ??
			[...this.runtimes.values()][0]?.destination;
		if (!destination?.logs) {
			onError('logs are not available for this cluster');
			return () => {};
		}
		return destination.logs(pod, container, onLine, onError, options);
	};

	private publish(): void {
		this.snapshot = this.build();
		for (const listener of this.listeners) listener();
	}

	private emitEvent(event: TimelineEvent): void {
		for (const listener of this.eventListeners) listener(event);
		const notify = this.options.notifier;
		const time = event.time;
		if (event.type === 'drift-detected') void notify.notify({kind: 'out-of-sync', app: event.app, message: event.message, time});
		if (event.type === 'health-changed' && event.message.includes('→ Degraded'))
			void notify.notify({kind: 'degraded', app: event.app, message: event.message, time});
	}

	private build(): EngineSnapshot {
		const first = [...this.runtimes.values()][0];
		const seen = new Set<Destination>();
		const watches: WatchState[] = [];
		for (const {destination} of this.runtimes.values()) {
			if (seen.has(destination)) continue;
			seen.add(destination);
			watches.push(...destination.watchStates());
		}
		return {
			apps: [...this.runtimes.values()].map(({runtime}) => runtime.view()),
			readOnly: this.options.readOnly,
			user: first?.destination.cluster.user ?? '',
			context: first?.destination.cluster.context ?? '',
			server: first?.destination.cluster.server ?? '',
			watches,
			version: ++this.version,
		};
	}
}
