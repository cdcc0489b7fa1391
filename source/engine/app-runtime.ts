/**
 * One app, live: polls Git, keeps watches on every kind it renders (plus the kinds that carry its
 * tracking and its workloads' children), compares as watch events arrive (bursts coalesced into
 * one comparison), and carries out what its policies decide. The effects live here; every state
 * change is an event folded by the pure reducer (reduce-app.ts). In 'once' mode (the one-shot
 * commands) it evaluates once: no poll timer, no permission checks, no policy acts.
 */
import type {AppDefinition} from '../core/app-definition.js';
import type {AppStatus} from '../core/app-status.js';
import {errorSummary} from '../core/errors.js';
import {type KubeObject, keyString, type ResourceKey} from '../core/kube-object.js';
import type {UnifiedLine} from '../core/line-diff.js';
import {isTrackedBy} from '../core/tracking.js';
import type {AuditPort} from '../ports/audit.js';
import type {Clock} from '../ports/clock.js';
import type {ClusterPort} from '../ports/cluster.js';
import type {GitPorts} from '../ports/git.js';
import type {NotifyPort} from '../ports/notify.js';
import type {RenderPort} from '../ports/render.js';
import type {WatchPort} from '../ports/watch.js';
import type {AppContext} from './app-context.js';
import type {AppEvent, ObjectChange} from './app-events.js';
import {checkPermissions} from './app-permissions.js';
import {addedEntries, type AppState, initialAppState} from './app-state.js';
import {AppWatches} from './app-watches.js';
import {assignNamespaces} from './assign-namespaces.js';
import {auditEntryOf} from './audit-entries.js';
import {ComparisonCache} from './comparison-cache.js';
import {fullDiffOf} from './full-diff.js';
import type {AppPolicy, TimelineEvent} from './engine-state.js';
import {HealTimers} from './heal-timers.js';
import {notificationsOf} from './notifications-of.js';
import {ObjectTable} from './object-table.js';
import {type HealOptions, autoSyncTarget} from './policy-decisions.js';
import {reduceApp} from './reduce-app.js';
import {type RenderedApp, renderRevisions, resolveRevisions} from './render-app.js';
import {StaleCacheGate} from './stale-cache-gate.js';
import {runSync} from './sync-operation.js';

export interface AppRuntimeDeps {
	definition: AppDefinition;
	git: GitPorts;
	render: RenderPort;
	cluster: ClusterPort;
	watches: WatchPort;
	clock: Clock;
	policy: AppPolicy;
	readOnly: boolean;
	/** 'live': keep watching and act; 'once': evaluate once and stop there. */
	mode: 'live' | 'once';
	/** Git poll interval. */
	intervalMs: number;
	heal?: Partial<HealOptions>;
	audit?: AuditPort;
	notifier?: NotifyPort;
	/** Waits between sync retries; default a clock timer. */
	sleep?: (ms: number) => Promise<void>;
	/** Called after every state change (the engine publishes a new snapshot). */
	onChange: () => void;
	/** Every timeline entry, as it is added (headless output). */
	onTimeline: (entry: TimelineEvent) => void;
}

/** How long watch events gather before one comparison runs. */
const coalesceMs = 25;

export class AppRuntime implements AppContext {
	readonly name: string;
	readonly definition: AppDefinition;
	readonly readOnly: boolean;
	readonly cluster: ClusterPort;
	readonly git: GitPorts;
	readonly render: RenderPort;
	readonly clock: Clock;
	private current: AppState;
	private readonly watches: AppWatches;
	private readonly cache: ComparisonCache;
	private readonly table: ObjectTable;
	private readonly heals: HealTimers;
	/** Objects (keyString) watch events touched since the last comparison; 'all' after a render. */
	private dirty: Set<string> | 'all' = 'all';
	/** Set when the policies must look at every object (after an operation or a policy change), not only the changed ones. */
	private policiesOnAll = true;
	/** False until the first lists are in (and while new kinds list): else everything would look missing. */
	private watchesReady = false;
	private inflight: Promise<void> | undefined;
	private again = false;
	private cancelPoll = () => {};
	private cancelComparison: (() => void) | undefined;
	private readonly gate: StaleCacheGate;
	private stopped = false;

	constructor(readonly deps: AppRuntimeDeps) {
		this.definition = deps.definition;
		this.name = deps.definition.name;
		this.readOnly = deps.readOnly;
		this.cluster = deps.cluster;
		this.git = deps.git;
		this.render = deps.render;
		this.clock = deps.clock;
		this.current = initialAppState(deps.definition, deps.policy, deps.readOnly, deps.clock.now());
		this.watches = new AppWatches(this.name, deps.watches, deps.cluster, deps.clock, touched => this.touched(touched));
		this.cache = new ComparisonCache(deps.cluster, this.name, deps.readOnly);
		this.table = new ObjectTable(input => this.cache.compare(input), deps.definition.ignoreDifferences);
		this.gate = new StaleCacheGate(this.watches, deps.clock, () => void (this.stopped || this.runPolicies([])));
		this.heals = new HealTimers(this, deps.heal, key => this.gate.mayHeal(this.current.status.objects, key));
	}

	state(): AppState {
		return this.current;
	}

	/** The first evaluation (or its failure), then, live, the poll timer. */
	async start(): Promise<void> {
		await this.pollOnce({force: true});
		if (this.deps.mode === 'live') this.schedulePoll();
	}

	stop(): void {
		this.stopped = true;
		this.cancelPoll();
		this.cancelComparison?.();
		this.gate.dispose();
		this.heals.cancelAll();
		this.watches.dispose();
	}

	async dispatch(event: AppEvent): Promise<void> {
		const before = this.current;
		this.current = reduceApp(before, event);
		if (this.current === before) return;
		const added = addedEntries(before, this.current);
		for (const entry of added) this.deps.onTimeline(entry);
		this.deps.onChange();
		for (const notification of notificationsOf(this.name, event, added)) void this.deps.notifier?.notify(notification);
		const entry = auditEntryOf(this.name, event);
		if (!entry || !this.deps.audit) return;
		try {
			await this.deps.audit.record(entry);
		} catch (error) {
			await this.dispatch({type: 'ActionFailed', time: this.clock.now(), operation: 'audit', refused: false, error: errorSummary(error)});
		}
	}

	/** Fetch Git, resolving each source's revision once; render only when a commit changed (or when forced). */
	async pollOnce(options: {force?: boolean} = {}): Promise<void> {
		let revisions;
		try {
			revisions = await resolveRevisions(this.definition.sources, this.git, {fetch: true});
		} catch (error) {
			return this.dispatch({type: 'GitPollFailed', time: this.clock.now(), error: errorSummary(error)});
		}
		await this.dispatch({type: 'GitPolled', time: this.clock.now()});
		const state = this.current;
		const changed = revisions.map(revision => revision.sha).join(',') !== state.revisions.map(revision => revision.sha).join(',');
		if (!changed && !options.force && !state.renderError) return;
		let rendered: RenderedApp;
		try {
			rendered = await renderRevisions(this.definition, revisions, this);
		} catch (error) {
			return this.dispatch({type: 'RenderFailed', time: this.clock.now(), error: errorSummary(error)});
		}
		// From here on the cluster is asked (kinds' scope, the watches' lists): when it cannot be
		// reached, Git's revision and objects still show (cluster-unavailable.ts), and the next poll retries.
		const namespace = this.definition.destination.namespace;
		let unreachable: unknown;
		const desired = await assignNamespaces(rendered.objects, namespace, this.cluster).catch((error: unknown) => {
			unreachable = error;
			return assignNamespaces(rendered.objects, namespace);
		});
		this.cache.reset(changed);
		this.watchesReady = false;
		await this.dispatch({type: 'RevisionRendered', time: this.clock.now(), desired, revisions, notices: rendered.notices});
		if (unreachable === undefined) await this.watches.ensure(desired, namespace).catch((error: unknown) => (unreachable = error));
		if (unreachable !== undefined)
			return this.dispatch({type: 'ClusterUnavailable', time: this.clock.now(), error: errorSummary(unreachable)});
		this.table.setDesired(desired);
		this.dirty = 'all';
		this.watchesReady = true;
		if (this.deps.mode === 'live' && !this.readOnly) {
			await this.dispatch({type: 'PermissionsChecked', permissions: await checkPermissions(this.cluster, desired)});
		}
		await this.compare();
	}

	private schedulePoll(): void {
		if (this.stopped) return;
		void this.dispatch({type: 'PollScheduled', nextFetchAt: this.clock.now() + this.deps.intervalMs});
		this.cancelPoll = this.clock.schedule(this.deps.intervalMs, () => void this.pollOnce().finally(() => this.schedulePoll()));
	}

	/** Watch events touched these objects: compare them soon, with whatever else arrives meanwhile. */
	private touched(keys: ReadonlySet<string>): void {
		if (this.dirty !== 'all') for (const key of keys) this.dirty.add(key);
		this.schedule(coalesceMs);
	}

	/** Compares now, and lets the policies look at every object (after a write or a policy change). */
	requestComparison(): void {
		this.policiesOnAll = true;
		this.schedule(0);
	}

	/** A comparison `delayMs` from now; requests meanwhile join it (a burst of watch events is one comparison). */
	private schedule(delayMs: number): void {
		if (this.stopped || this.cancelComparison) return;
		this.cancelComparison = this.clock.schedule(delayMs, () => {
			this.cancelComparison = undefined;
			void this.compare();
		});
	}

	/** Compares now; while one runs, another is queued and this resolves after it. */
	compare(): Promise<void> {
		if (this.inflight) {
			this.again = true;
			return this.inflight;
		}
		const run = async () => {
			do {
				this.again = false;
				await this.compareOnce();
			} while (this.again && !this.stopped);
		};
		this.inflight = run().finally(() => (this.inflight = undefined));
		return this.inflight;
	}

	/**
	 * Reassesses the objects watch events touched (every object after a render): dry runs only for
	 * those whose live or desired state changed, comparisons and health for those only.
	 */
	private async compareOnce(): Promise<void> {
		const state = this.current;
		if (this.stopped || state.renderError || state.revisions.length === 0 || !this.watchesReady) return;
		const dirty = this.dirty;
		this.dirty = new Set();
		const index = this.watches.index;
		await this.cache.predict(dirty, index, state.revisions[0]?.sha ?? '');
		if (this.stopped) return;
		if (this.current.renderEpoch !== state.renderEpoch) {
			// A render came in meanwhile: it compares everything again.
			this.dirty = 'all';
			return;
		}
		const now = new Date(this.clock.now());
		const changes = this.table.update(dirty, index, key => this.cache.prediction(key), now);
		const view = this.table.view();
		const status: AppStatus = {
			name: this.name,
			syncStatus: view.syncStatus,
			health: view.health,
			revision: state.revisions[0] ?? null,
			revisions: [...state.revisions],
			objects: view.objects,
			counts: view.counts,
			error: null,
			warnings: [...this.definition.warnings, ...this.watches.warnings(), ...this.cache.warnings()],
			notices: [...state.notices],
			comparedAt: now.toISOString(),
		};
		const tracked = state.adoptTracked
			? [...index.liveDesired()].filter(([, object]) => isTrackedBy(this.name, object)).map(([key]) => key)
			: [];
		await this.dispatch({
			type: 'LiveCompared',
			time: now.getTime(),
			renderEpoch: state.renderEpoch,
			status,
			tree: view.tree,
			changes,
			tracked,
		});
		if (this.deps.mode === 'live') this.runPolicies(changes);
	}

	/** Auto-sync first (once per revision); else self-heal schedules the drifted objects among those that changed. */
	private runPolicies(changes: readonly ObjectChange[]): void {
		// Never on a stale watch cache (stale-cache-gate.ts): look at every object once they are current.
		if (!this.gate.allows()) return void (this.policiesOnAll = true);
		const revision = autoSyncTarget(this.current);
		if (revision) {
			void this.dispatch({type: 'AutoSyncTriggered', revision}).then(async () =>
				runSync(this, {prune: this.current.policy.prune}, 'auto-sync'),
			);
			return;
		}
		const all = this.policiesOnAll;
		this.policiesOnAll = false;
		const objects = all ? this.current.status.objects : changes.map(change => change.after).filter(after => after !== undefined);
		this.heals.scheduleDrifted(this.gate.current(objects));
	}

	async sleep(ms: number): Promise<void> {
		if (this.deps.sleep) return this.deps.sleep(ms);
		return new Promise(resolve => void this.clock.schedule(ms, resolve));
	}

	/** The whole-object diff of one object (the UI's full mode), from the same inputs as its status. */
	fullDiff(key: ResourceKey): UnifiedLine[] {
		return fullDiffOf(key, this.watches.index, this.cache.prediction(keyString(key)), this.definition.ignoreDifferences);
	}

	liveObject(apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined {
		return this.watches.liveObject(apiVersion, kind, namespace, name);
	}
}
