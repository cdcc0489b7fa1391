/**
 * The engine of the Argo CD mode (`driftwatch --argocd`): Argo CD's Applications in one namespace,
 * watched through the Kubernetes API (an app appears and leaves without a restart), each joined
 * with driftwatch's own comparison (attached-app.ts), behind the same EngineStore/EngineActions
 * contract as the standalone engine, so the UI and the headless stream work unchanged. Actions are
 * asked of Argo CD (argocd-actions.ts); nothing here applies or deletes a cluster object.
 */
import {applicationApiVersion, applicationKind, appProjectKind} from '../../core/argocd/application-report.js';
import {policyPatch, refreshPatch} from '../../core/argocd/application-patches.js';
import {DriftwatchError, errorSummary} from '../../core/errors.js';
import {displayKey, type KubeObject, type ResourceKey} from '../../core/kube-object.js';
import type {UnifiedLine} from '../../core/line-diff.js';
import type {ApplicationWriter, DestinationResolver} from '../../ports/argocd.js';
import type {Clock} from '../../ports/clock.js';
import type {Destination} from '../../ports/destination.js';
import type {GitPorts} from '../../ports/git.js';
import type {LogsPort} from '../../ports/logs.js';
import type {RenderPort} from '../../ports/render.js';
import type {LiveCache} from '../../ports/watch.js';
import type * as State from '../engine-state.js';
import {
	gitEditPlan,
	gitEditUnavailable,
	planArgoRollback,
	planArgoSync,
	readOnlyReason,
	refused,
	revertUnavailable,
	rollbackBlocker,
} from './argocd-actions.js';
import {argoCdPermissions} from './argocd-permissions.js';
import {AttachedApp} from './attached-app.js';
import {ConcurrencyGate} from './concurrency-gate.js';
import {type OperationRequest, OperationRequests} from './operation-requests.js';
import {mapLimit} from '../map-limit.js';
import {treeHoldsPod} from '../tree-holds-pod.js';

export interface ArgoCdEngineOptions {
	/** The namespace of Argo CD's Applications. */
	namespace: string;
	/** The cluster Argo CD runs in (its Applications, and the in-cluster destination). */
	home: Destination;
	applications: ApplicationWriter;
	resolveDestination: DestinationResolver;
	git: GitPorts;
	render: RenderPort;
	clock: Clock;
	readOnly: boolean;
	/** Git poll interval of comparisons that follow a branch. */
	intervalMs: number;
	/** Only these Applications (a one-shot `sync --argocd --name`); default all of the namespace. */
	only?: ReadonlySet<string>;
}

/** Comparisons starting at once (each renders and lists its kinds). */
const startConcurrency = 4;
/** Refresh requests in flight at once (`r` on the apps screen asks for every app). */
const refreshConcurrency = 8;

export class ArgoCdEngine implements State.EngineStore, State.EngineActions {
	private readonly apps = new Map<string, AttachedApp>();
	private readonly listeners = new Set<() => void>();
	private readonly timelineListeners = new Set<(entry: State.TimelineEvent) => void>();
	private readonly requests: OperationRequests;
	private readonly gate = new ConcurrencyGate(startConcurrency);
	private readonly unsubscribers: Array<() => void> = [];
	private permissions: State.AppView['permissions'];
	private applications: LiveCache | undefined;
	private projects: LiveCache | undefined;
	private snapshot: State.EngineSnapshot;
	private version = 0;
	private stopped = false;

	constructor(private readonly options: ArgoCdEngineOptions) {
		const pending = options.readOnly ? readOnlyReason : 'checking permissions';
		const initial = {allowed: false, reason: pending};
		this.permissions = {sync: initial, prune: initial, revert: initial};
		this.requests = new OperationRequests(options.applications, options.namespace, options.clock, () => options.home.cluster.user);
		this.snapshot = this.build();
	}

	/** Lists the Applications, checks permissions, and resolves when every app had its first comparison (or its failure). */
	async start(): Promise<void> {
		const {home, namespace} = this.options;
		this.unsubscribers.push(home.onWatchState(() => this.publish()));
		const applications = home.watches.subscribe(applicationApiVersion, applicationKind, namespace, changes => {
			for (const change of changes) {
				if (change.type === 'upsert') this.upsert(change.object);
				else this.remove(change.object.metadata.name);
			}
			this.publish();
		});
		this.unsubscribers.push(applications.unsubscribe);
		this.applications = applications.cache;
		const projects = home.watches.subscribe(applicationApiVersion, appProjectKind, namespace, () => this.publish());
		this.unsubscribers.push(projects.unsubscribe);
		this.projects = projects.cache;
		await this.checkPermissions();
		await applications.cache.whenSynced();
		for (const object of applications.cache.objects.values()) this.upsert(object);
		this.publish();
		await Promise.all([...this.apps.values()].map(async app => app.ensureComparison()));
	}

	stop(): void {
		this.stopped = true;
		for (const unsubscribe of this.unsubscribers) unsubscribe();
		for (const app of this.apps.values()) app.stop();
		this.apps.clear();
		this.requests.abandon('driftwatch stopped before Argo CD reported the end of the operation');
	}

	getSnapshot = (): State.EngineSnapshot => this.snapshot;

	subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** Every timeline entry of every app, as it is added (headless mode, tests). */
	onEvent(listener: (entry: State.TimelineEvent) => void): () => void {
		this.timelineListeners.add(listener);
		return () => this.timelineListeners.delete(listener);
	}

	/** One app as readers see it now. */
	app(name: string): State.AppView {
		const view = this.snapshot.apps.find(candidate => candidate.name === name);
		if (!view) throw this.unknown(name);
		return view;
	}

	private upsert(object: KubeObject): void {
		if (this.stopped || (this.options.only && !this.options.only.has(object.metadata.name))) return;
		const existing = this.apps.get(object.metadata.name);
		if (existing) existing.update(object);
		else {
			const app = new AttachedApp(object, {
				git: this.options.git,
				render: this.options.render,
				clock: this.options.clock,
				readOnly: this.options.readOnly,
				intervalMs: this.options.intervalMs,
				resolveDestination: this.options.resolveDestination,
				gate: this.gate,
				onChange: () => this.publish(),
				onTimeline: entry => this.timelineListeners.forEach(listener => listener(entry)),
			});
			this.apps.set(app.name, app);
			void app.ensureComparison();
		}
		const report = this.apps.get(object.metadata.name)?.report;
		if (report) this.requests.settle(report);
	}

	private remove(name: string): void {
		this.apps.get(name)?.stop();
		this.apps.delete(name);
		this.requests.abandon(`the Application ${name} was deleted before its operation ended`, name);
	}

	private attached(name: string): AttachedApp {
		const app = this.apps.get(name);
		if (!app) throw this.unknown(name);
		return app;
	}

	private unknown(name: string): DriftwatchError {
		const known = [...this.apps.keys()].join(', ') || 'none';
		const listing = this.applications?.phase === 'failed' ? `; listing them failed: ${this.applications.error ?? 'no reason given'}` : '';
		return new DriftwatchError(
			'config-invalid',
			`no Application named "${name}" in ${this.options.namespace} (known: ${known}${listing})`,
			{
				hint: 'check --argocd-namespace and that your kubeconfig user may list applications.argoproj.io there',
			},
		);
	}

	private async checkPermissions(): Promise<void> {
		if (this.options.readOnly) return;
		this.permissions = await argoCdPermissions(this.options.home.cluster, this.options.namespace);
		this.publish();
	}

	async planSync(app: string, request: State.SyncRequest = {}): Promise<State.ActionPlan> {
		const attached = this.attached(app);
		return Promise.resolve(planArgoSync(this.app(app), attached.report, request));
	}

	async sync(app: string, request: State.SyncRequest = {}): Promise<State.ActionResult> {
		const plan = await this.planSync(app, request);
		if (request.dryRun)
			return {
				ok: !plan.blockedReason,
				message: plan.blockedReason ?? 'dry run: nothing was asked of Argo CD',
				applied: plan.apply,
				deleted: plan.delete,
				errors: [],
			};
		if (plan.blockedReason) return refused(plan.blockedReason);
		const resources = request.resources?.length
			? this.app(app)
					.status.objects.filter(object => plan.apply.includes(displayKey(object.key)) || plan.delete.includes(displayKey(object.key)))
					.map(object => object.key)
			: undefined;
		const prune = request.prune ?? false;
		return this.operate(app, {kind: prune ? 'prune' : 'sync', prune, ...(resources ? {resources} : {})});
	}

	async planRevert(app: string): Promise<State.ActionPlan> {
		this.attached(app);
		return Promise.resolve({action: 'revert', app, apply: [], delete: [], notes: [], blockedReason: revertUnavailable});
	}

	async revert(app: string): Promise<State.ActionResult> {
		this.attached(app);
		return Promise.resolve(refused(revertUnavailable));
	}

	async planRollback(app: string, historyId: number): Promise<State.ActionPlan> {
		return Promise.resolve(planArgoRollback(this.app(app), this.attached(app).report, historyId));
	}

	async rollback(app: string, historyId: number): Promise<State.ActionResult> {
		const plan = await this.planRollback(app, historyId);
		if (plan.blockedReason) return refused(plan.blockedReason);
		const history = this.attached(app).report.history.find(entry => entry.id === historyId);
		return this.operate(app, {kind: 'rollback', prune: false, ...(history ? {history, revision: history.revision} : {})});
	}

	async rollbackToRevision(app: string, revision: string): Promise<State.ActionResult> {
		const blocker = rollbackBlocker(this.app(app), this.attached(app).report);
		if (blocker) return refused(blocker);
		return this.operate(app, {kind: 'rollback', prune: false, revision});
	}

	/** Sets the operation and resolves when Argo CD reports it ended. */
	private async operate(app: string, request: OperationRequest): Promise<State.ActionResult> {
		const initiator = request.kind === 'rollback' ? 'rollback' : 'user';
		return this.requests.ask(app, this.attached(app).report, request, reason =>
			this.emit({type: 'sync-failed', time: this.now(), app, initiator, cause: 'refused', reason, errors: []}),
		);
	}

	setPolicy(app: string, patch: Partial<State.AppPolicy>): void {
		const attached = this.attached(app);
		if (this.options.readOnly) return;
		const change = policyPatch(attached.report.automated, patch);
		if (!change) return;
		this.options.applications.patch(this.options.namespace, app, change).catch((error: unknown) => this.failed(app, 'policy', error));
	}

	async refresh(app?: string, options: {hard?: boolean} = {}): Promise<void> {
		const targets = app ? [this.attached(app)] : [...this.apps.values()];
		this.options.home.watches.refreshAll();
		await mapLimit(targets, refreshConcurrency, async target => {
			if (!this.options.readOnly && this.permissions.sync.allowed) {
				await this.options.applications
					.patch(this.options.namespace, target.name, refreshPatch(options.hard ? 'hard' : 'normal'))
					.catch((error: unknown) => this.failed(target.name, 'refresh', error));
			}
			await target.engine?.refresh();
		});
	}

	async planKeep(app: string): Promise<State.ActionPlan> {
		return Promise.resolve(gitEditPlan('keep', this.attached(app).name));
	}

	async keep(app: string): Promise<State.ActionResult> {
		return Promise.resolve(refused(`keep is ${gitEditUnavailable} (${this.attached(app).name})`));
	}

	releaseKeep(): void {}

	async planSetImage(app: string): Promise<State.ActionPlan> {
		return Promise.resolve(gitEditPlan('set-image', this.attached(app).name));
	}

	async setImage(app: string): Promise<State.ActionResult> {
		return Promise.resolve(refused(`set-image is ${gitEditUnavailable} (${this.attached(app).name})`));
	}

	async planPromote(app: string): Promise<State.ActionPlan> {
		return Promise.resolve(gitEditPlan('promote', this.attached(app).name));
	}

	async promote(app: string): Promise<State.ActionResult> {
		return Promise.resolve(refused(`promote is ${gitEditUnavailable} (${this.attached(app).name})`));
	}

	async commits(app: string, limit?: number): Promise<State.CommitView[]> {
		return this.attached(app).engine?.commits(app, limit) ?? [];
	}

	async liveObject(app: string, key: ResourceKey): Promise<unknown> {
		const engine = this.attached(app).engine;
		if (!engine)
			throw new DriftwatchError(
				'config-invalid',
				`${app}: ${this.app(app).argocd?.comparisonError ?? 'driftwatch has no view of its cluster yet'}`,
			);
		return engine.liveObject(app, key);
	}

	async rollout(app: string, name: string, action: State.RolloutAction, options: {full?: boolean} = {}): Promise<State.ActionResult> {
		const engine = this.attached(app).engine;
		if (!engine) return refused(`${app}: driftwatch has no view of its cluster`);
		return engine.rollout(app, name, action, options);
	}

	async fullDiff(app: string, key: ResourceKey): Promise<UnifiedLine[]> {
		return (await this.attached(app).engine?.fullDiff(app, key)) ?? [];
	}

	/** Logs come from the cluster of the app whose resource tree holds the pod. */
	followLogs: LogsPort = (pod, container, onLine, onError, options = {}) => {
		const candidates = pod.app ? [this.apps.get(pod.app)] : [...this.apps.values()];
		const owner = candidates.find(app => app && treeHoldsPod(this.snapshot.apps.find(view => view.name === app.name)?.tree ?? [], pod));
		const engine = owner?.engine;
		if (!engine) {
			onError(`no attached app shows pod ${pod.namespace}/${pod.name}`);
			return () => {};
		}
		return engine.followLogs({...pod, app: owner.name}, container, onLine, onError, options);
	};

	private failed(app: string, operation: 'policy' | 'refresh', error: unknown): void {
		const summary = errorSummary(error);
		const refusedByServer = error instanceof DriftwatchError && error.code === 'forbidden';
		this.emit({type: 'error', time: this.now(), app, operation, refused: refusedByServer, message: summary.message, hint: summary.hint});
	}

	/** An entry of driftwatch's own about an app (a refused request): on its timeline and to listeners. */
	private emit(entry: State.TimelineEvent): void {
		this.apps.get(entry.app)?.note(entry);
		this.timelineListeners.forEach(listener => listener(entry));
		this.publish();
	}

	private now(): string {
		return new Date(this.options.clock.now()).toISOString();
	}

	/** True once the AppProjects are listed and the app's project is not among them. */
	private projectMissing(app: AttachedApp): boolean {
		const projects = this.projects;
		return projects !== undefined && projects.listed && !projects.objects.has(`${this.options.namespace}/${app.report.project}`);
	}

	private publish(): void {
		if (this.stopped) return;
		this.snapshot = this.build();
		for (const listener of this.listeners) listener();
	}

	private build(): State.EngineSnapshot {
		const {home} = this.options;
		const seen = new Set<Destination>([home]);
		const watches: State.WatchState[] = [...home.watchStates()];
		for (const app of this.apps.values()) {
			const destination = app.destination;
			if (!destination || seen.has(destination)) continue;
			seen.add(destination);
			watches.push(...destination.watchStates());
		}
		return {
			apps: [...this.apps.values()]
				.sort((a, b) => (a.name < b.name ? -1 : 1))
				.map(app => app.view(this.permissions, this.projectMissing(app))),
			readOnly: this.options.readOnly,
			user: home.cluster.user,
			context: home.cluster.context,
			server: home.cluster.server,
			watches,
			version: ++this.version,
			argocd: {namespace: this.options.namespace},
		};
	}
}
