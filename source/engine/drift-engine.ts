/**
 * The engine for several apps: one AppRuntime each (each with its own destination cluster), one
 * published snapshot for readers, and the actions the UI, the headless mode and the CLI call.
 */
import type {AppDefinition} from '../core/app-definition.js';
import {DriftwatchError} from '../core/errors.js';
import type {ResourceKey} from '../core/kube-object.js';
import {keyString} from '../core/kube-object.js';
import type {UnifiedLine} from '../core/line-diff.js';
import type {AuditPort} from '../ports/audit.js';
import type {Clock} from '../ports/clock.js';
import type {Destination} from '../ports/destination.js';
import type {GitPorts} from '../ports/git.js';
import type {LogsPort} from '../ports/logs.js';
import type {NotifyPort} from '../ports/notify.js';
import type {RenderPort} from '../ports/render.js';
import type {SourceEditPort} from '../ports/source-edit.js';
import {AppRuntime} from './app-runtime.js';
import {reportConnection, reportingNotifier} from './fault-reports.js';
import {treeHoldsPod} from './tree-holds-pod.js';
import {type AppState, viewOf} from './app-state.js';
import type {
	ActionPlan,
	ActionResult,
	AppPolicy,
	AppView,
	CommitView,
	EngineActions,
	EngineSnapshot,
	EngineStore,
	RolloutAction,
	SyncRequest,
	TimelineEvent,
	WatchState,
} from './engine-state.js';
import type {HealOptions} from './policy-decisions.js';
import {planRevert, runRevert} from './revert-operation.js';
import {planRollback, refuseRollback, runRollback} from './rollback-operation.js';
import {runRolloutAction} from './rollout-operation.js';
import {SourceEdits} from './source-edits.js';
import {planFor, runSync, toActionPlan} from './sync-operation.js';

export interface DriftEngineOptions {
	apps: Array<{definition: AppDefinition; destination: Destination; policy: AppPolicy; intervalMs?: number}>;
	git: GitPorts;
	render: RenderPort;
	clock: Clock;
	readOnly: boolean;
	/** Default Git poll interval. */
	intervalMs: number;
	/** 'live' (default): watch and act until stopped; 'once': evaluate each app once (one-shot commands). */
	mode?: 'live' | 'once';
	audit?: AuditPort;
	notifier?: NotifyPort;
	heal?: Partial<HealOptions>;
	/** Waits between sync retries; default a clock timer. */
	sleep?: (ms: number) => Promise<void>;
	/** Workspaces and commit messages for keep, set-image and promote; without it they are refused. */
	sourceEdits?: SourceEditPort;
}

interface Entry {
	runtime: AppRuntime;
	destination: Destination;
	/** The last view built, and the state it was built from: unchanged apps keep their view. */
	view?: {state: AppState; view: AppView};
}

export class DriftEngine implements EngineStore, EngineActions {
	private readonly entries = new Map<string, Entry>();
	private readonly listeners = new Set<() => void>();
	private readonly timelineListeners = new Set<(entry: TimelineEvent) => void>();
	private snapshot: EngineSnapshot;
	private version = 0;
	private readonly unsubscribers: Array<() => void> = [];
	private readonly edits: SourceEdits;

	constructor(private readonly options: DriftEngineOptions) {
		const notifier = options.notifier && reportingNotifier(options.notifier, options.clock, name => this.entries.get(name)?.runtime);
		for (const {definition, destination, policy, intervalMs} of options.apps) {
			if (this.entries.has(definition.name)) throw new DriftwatchError('config-invalid', `two apps are named "${definition.name}"`);
			const runtime = new AppRuntime({
				definition,
				git: options.git,
				render: options.render,
				cluster: destination.cluster,
				watches: destination.watches,
				clock: options.clock,
				policy,
				readOnly: options.readOnly,
				mode: options.mode ?? 'live',
				intervalMs: intervalMs ?? options.intervalMs,
				...(options.heal ? {heal: options.heal} : {}),
				...(options.audit ? {audit: options.audit} : {}),
				...(notifier ? {notifier} : {}),
				...(options.sleep ? {sleep: options.sleep} : {}),
				onChange: () => this.publish(),
				onTimeline: entry => this.timelineListeners.forEach(listener => listener(entry)),
			});
			this.entries.set(definition.name, {runtime, destination});
		}
		for (const destination of new Set([...this.entries.values()].map(entry => entry.destination))) {
			const apps = () => [...this.entries.values()].filter(entry => entry.destination === destination).map(entry => entry.runtime);
			this.unsubscribers.push(
				destination.onWatchState(() => this.publish()),
				reportConnection(destination, options.clock, apps),
			);
		}
		this.snapshot = this.build();
		this.edits = new SourceEdits(options.sourceEdits, () => [...this.entries.values()].map(entry => entry.runtime));
	}

	/** Starts every app; resolves when each has had its first evaluation (or its failure). */
	async start(): Promise<void> {
		await Promise.all([...this.entries.values()].map(async ({runtime}) => runtime.start()));
	}

	stop(): void {
		for (const {runtime} of this.entries.values()) runtime.stop();
		for (const unsubscribe of this.unsubscribers) unsubscribe();
	}

	getSnapshot = (): EngineSnapshot => this.snapshot;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** Every timeline entry of every app, as it is added (headless mode, tests). */
	onEvent(listener: (entry: TimelineEvent) => void): () => void {
		this.timelineListeners.add(listener);
		return () => this.timelineListeners.delete(listener);
	}

	/** One app as readers see it now. */
	app(name: string): AppView {
		const view = this.snapshot.apps.find(candidate => candidate.name === name);
		if (!view) throw this.unknown(name);
		return view;
	}

	private runtime(app: string): AppRuntime {
		const entry = this.entries.get(app);
		if (!entry) throw this.unknown(app);
		return entry.runtime;
	}

	private unknown(app: string): DriftwatchError {
		return new DriftwatchError('config-invalid', `no app named "${app}" (known: ${[...this.entries.keys()].join(', ')})`);
	}

	async planSync(app: string, request: SyncRequest = {}): Promise<ActionPlan> {
		const runtime = this.runtime(app);
		return Promise.resolve(toActionPlan(runtime, planFor(runtime, request)));
	}

	async sync(app: string, request: SyncRequest = {}): Promise<ActionResult> {
		return runSync(this.runtime(app), request, 'user');
	}

	async planRevert(app: string, sha?: string): Promise<ActionPlan> {
		return planRevert(this.runtime(app), sha);
	}

	async revert(app: string, sha?: string): Promise<ActionResult> {
		return runRevert(this.runtime(app), sha);
	}

	async planRollback(app: string, historyId: number): Promise<ActionPlan> {
		return Promise.resolve(planRollback(this.runtime(app), historyId));
	}

	async rollback(app: string, historyId: number): Promise<ActionResult> {
		const runtime = this.runtime(app);
		const history = runtime.state().history;
		const record = history.find(entry => entry.id === historyId);
		if (!record)
			return refuseRollback(
				runtime,
				`no sync with id ${historyId} in the history (known: ${history.map(entry => entry.id).join(', ') || 'none'})`,
			);
		return runRollback(runtime, record.revision);
	}

	async rollbackToRevision(app: string, revision: string): Promise<ActionResult> {
		return runRollback(this.runtime(app), revision);
	}

	setPolicy(app: string, patch: Partial<AppPolicy>): void {
		const runtime = this.runtime(app);
		void runtime.dispatch({type: 'PolicyChanged', time: this.options.clock.now(), patch, user: runtime.cluster.user});
		runtime.requestComparison();
	}

	async refresh(app?: string): Promise<void> {
		const targets = app ? [this.runtime(app)] : [...this.entries.values()].map(entry => entry.runtime);
		for (const {destination} of this.entries.values()) destination.watches.refreshAll();
		await Promise.all(targets.map(async runtime => runtime.pollOnce({force: true})));
	}

	async commits(app: string, limit = 30): Promise<CommitView[]> {
		const runtime = this.runtime(app);
		const source = runtime.definition.sources[0];
		if (!source) return [];
		const history = await this.options.git(source.repoURL).history(source.path, {revision: source.targetRevision, limit});
		const deployed = runtime.state().deployedSha;
		return history.map(commit => ({
			sha: commit.sha,
			shortSha: commit.shortSha,
			subject: commit.subject,
			author: commit.author,
			date: commit.date,
			deployed: commit.sha === deployed,
		}));
	}

	async rollout(app: string, name: string, action: RolloutAction, options: {full?: boolean} = {}): Promise<ActionResult> {
		return runRolloutAction(this.runtime(app), this.entries.get(app)?.destination.rollouts, name, action, options);
	}

	async fullDiff(app: string, key: ResourceKey): Promise<UnifiedLine[]> {
		return Promise.resolve(this.runtime(app).fullDiff(key));
	}

	async liveObject(app: string, key: ResourceKey): Promise<unknown> {
		const runtime = this.runtime(app);
		const state = runtime.state().status.objects.find(object => keyString(object.key) === keyString(key));
		const apiVersion = state?.apiVersion ?? (key.group ? `${key.group}/v1` : 'v1');
		return (
			runtime.liveObject(apiVersion, key.kind, key.namespace, key.name) ??
			(await runtime.cluster.get({apiVersion, kind: key.kind, namespace: key.namespace, name: key.name}))
		);
	}

	async planKeep(app: string, key: ResourceKey): Promise<ActionPlan> {
		return this.edits.planKeep(this.runtime(app), key);
	}

	async keep(app: string, key: ResourceKey): Promise<ActionResult> {
		return this.edits.keep(this.runtime(app), key);
	}

	releaseKeep(app: string, key: ResourceKey): void {
		this.edits.releaseKeep(this.runtime(app), key);
	}

	async planSetImage(app: string, assignments: string[], resources: string[] = []): Promise<ActionPlan> {
		return this.edits.planSetImage(this.runtime(app), assignments, resources);
	}

	async setImage(app: string, assignments: string[], resources: string[] = []): Promise<ActionResult> {
		return this.edits.setImage(this.runtime(app), assignments, resources);
	}

	async planPromote(app: string, from: string, to: string): Promise<ActionPlan> {
		return this.edits.planPromote(this.runtime(app), from, to);
	}

	async promote(app: string, from: string, to: string): Promise<ActionResult> {
		return this.edits.promote(this.runtime(app), from, to);
	}

	/**
	 * Logs come from the cluster of the app that shows the pod: the one named (`pod.app`), else the
	 * first whose tree holds the pod, else the first deploying to its namespace (two clusters may
	 * share a namespace name, so the namespace alone is the last resort).
	 */
	followLogs: LogsPort = (pod, container, onLine, onError, options = {}) => {
		const entries = [...this.entries.values()];
		const named = pod.app === undefined ? undefined : this.entries.get(pod.app);
		const destination = (
			named ??
			entries.find(entry => treeHoldsPod(entry.runtime.state().tree, pod)) ??
			entries.find(entry => entry.runtime.definition.destination.namespace === pod.namespace) ??
			entries[0]
		)?.destination;
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

	private build(): EngineSnapshot {
		const entries = [...this.entries.values()];
		const first = entries[0];
		const seen = new Set<Destination>();
		const watches: WatchState[] = [];
		for (const {destination} of entries) {
			if (seen.has(destination)) continue;
			seen.add(destination);
			watches.push(...destination.watchStates());
		}
		return {
			apps: entries.map(entry => {
				const state = entry.runtime.state();
				if (entry.view?.state !== state) entry.view = {state, view: viewOf(state, entry.destination.cluster)};
				return entry.view.view;
			}),
			readOnly: this.options.readOnly,
			user: first?.destination.cluster.user ?? '',
			context: first?.destination.cluster.context ?? '',
			server: first?.destination.cluster.server ?? '',
			watches,
			version: ++this.version,
		};
	}
}
