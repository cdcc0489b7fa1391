/**
 * One app, live: polls Git, keeps watches on every kind it renders (plus the kinds that carry its
 * tracking), recomputes status incrementally as events arrive, and runs its policies (auto-sync,
 * self-heal). Actions (sync, revert, rollback) live in app-operations.ts and use this state.
 */
import type {AppDefinition} from '../core/app-definition.js';
import {assembleAppStatus} from '../core/assemble-app-status.js';
import {compareObject} from '../core/compare-objects.js';
import type {AppStatus, ResourceNode, RevisionInfo} from '../core/app-status.js';
import {buildResourceTree} from '../core/build-resource-tree.js';
import {describeError, errorSummary} from '../core/errors.js';
import {type KubeObject, keyString, type ResourceKey, resourceKeyOf} from '../core/kube-object.js';
import type {UnifiedLine} from '../core/line-diff.js';
import {isTrackedBy, withoutTracking} from '../core/tracking.js';
import {assignNamespaces} from './assign-namespaces.js';
import type {AppPolicy, AppView, Operation, Permission, PollState, SyncRecord, TimelineEvent} from './engine-state.js';
import {HealScheduler} from './heal-scheduler.js';
import type {ClusterPort} from '../ports/cluster.js';
import type {GitPort} from '../ports/git.js';
import type {RenderPort} from '../ports/render.js';
import type {WatchPort} from '../ports/watch.js';
import {checkPermissions} from './app-permissions.js';
import {AppWatches} from './app-watches.js';
import {ComparisonCache} from './comparison-cache.js';
import {withObservedTimes} from './observed-times.js';
import {renderApp} from './render-app.js';
import {statusTransitions} from './status-transitions.js';

export interface AppRuntimeDeps {
	definition: AppDefinition;
	git: (repoURL: string) => GitPort;
	render: RenderPort;
	cluster: ClusterPort;
	watches: WatchPort;
	policy: AppPolicy;
	readOnly: boolean;
	/** Git poll interval. */
	intervalMs: number;
	healScheduler?: HealScheduler;
	now?: () => Date;
	/** Called after every state change (the engine publishes a new snapshot). */
	onChange: () => void;
	/** Every timeline event, as it happens (headless output, notifications, audit). */
	onEvent: (event: TimelineEvent) => void;
	/** Auto-sync and self-heal call back into the operations. */
	autoSync: (runtime: AppRuntime) => Promise<void>;
	heal: (runtime: AppRuntime, keys: string[]) => Promise<void>;
}

const timelineLimit = 200;

export class AppRuntime {
	readonly name: string;
	definition: AppDefinition;
	policy: AppPolicy;
	status: AppStatus;
	tree: ResourceNode[] = [];
	timeline: TimelineEvent[] = [];
	history: SyncRecord[] = [];
	operation: Operation | null = null;
	poll: PollState = {lastFetch: null, nextFetchAt: null, error: null};
	permissions: AppView['permissions'];
	/** Desired objects of the current target revision, namespaces filled in. */
	desired: KubeObject[] = [];
	revisions: RevisionInfo[] = [];
	/** The revision last synced by driftwatch (or found in sync at start). */
	deployedSha: string | null = null;
	/** Auto-sync acts once per revision, as Argo CD does. */
	autoSyncedSha: string | null = null;
	readonly healer: HealScheduler;
	/** Objects seen Synced under the current revision: only those are self-healed. */
	readonly syncedKeys = new Set<string>();
	private notices: string[] = [];
	private readonly watches: AppWatches;
	private readonly cache: ComparisonCache;
	private renderError: unknown = null;
	private evaluated = false;
	private adoptTracked = true;
	/** False until the first lists are in: before that, everything would look missing. */
	private watchesReady = false;
	private recomputing = false;
	private dirty = false;
	private pollTimer: NodeJS.Timeout | undefined;
	private recomputeTimer: NodeJS.Timeout | undefined;
	private stopped = false;
	private readonly now: () => Date;

	constructor(readonly deps: AppRuntimeDeps) {
		this.definition = deps.definition;
		this.name = deps.definition.name;
		this.policy = {...deps.policy};
		this.healer = deps.healScheduler ?? new HealScheduler();
		this.watches = new AppWatches(deps.watches, deps.cluster, () => this.scheduleRecompute());
		this.cache = new ComparisonCache(deps.cluster, this.name, deps.readOnly);
		this.now = deps.now ?? (() => new Date());
		const pending: Permission = {allowed: !deps.readOnly, reason: deps.readOnly ? 'read-only mode (--read-only)' : ''};
		this.permissions = {sync: pending, prune: pending, revert: pending};
		this.status = {
			name: this.name,
			syncStatus: 'Unknown',
			health: {status: 'Unknown', message: 'Not evaluated yet'},
			revision: null,
			revisions: [],
			objects: [],
			counts: {synced: 0, modified: 0, missing: 0, extra: 0},
			error: null,
			warnings: [...deps.definition.warnings],
			notices: [],
			comparedAt: this.now().toISOString(),
		};
	}

	async start(): Promise<void> {
		await this.pollOnce({force: true});
		this.schedulePoll();
	}

	stop(): void {
		this.stopped = true;
		clearTimeout(this.pollTimer);
		clearTimeout(this.recomputeTimer);
		this.healer.cancelAll();
		this.watches.dispose();
	}

	/** Fetch Git; re-render only when a source's commit changed (or when forced). */
	async pollOnce(options: {force?: boolean} = {}): Promise<void> {
		try {
			const shas: string[] = [];
			for (const source of this.definition.sources) {
				const git = this.deps.git(source.repoURL);
				await git.prepare();
				if (git.isRemote) await git.fetch();
				shas.push((await git.resolve(source.targetRevision)).sha);
			}
			this.poll = {...this.poll, lastFetch: this.now().toISOString(), error: null};
			const changed = shas.join(',') !== this.revisions.map(revision => revision.sha).join(',');
			if (changed || options.force || this.renderError) await this.renderRevision(changed);
		} catch (error) {
			const message = describeError(error);
			if (this.poll.error !== message) this.record('error', `Git: ${message}`);
			this.poll = {...this.poll, error: message};
			if (this.revisions.length === 0) this.fail(error);
		} finally {
			this.deps.onChange();
		}
	}

	private async renderRevision(changed: boolean): Promise<void> {
		const previous = this.revisions[0];
		try {
			const rendered = await renderApp(this.definition, this.deps);
			this.desired = await assignNamespaces(rendered.objects, this.definition.destination.namespace, this.deps.cluster);
			this.revisions = rendered.revisions;
			this.notices = rendered.notices;
			this.renderError = null;
		} catch (error) {
			this.renderError = error;
			this.fail(error);
			return;
		}
		this.cache.reset(changed);
		const current = this.revisions[0];
		if (changed && current) {
			this.syncedKeys.clear();
			this.healer.reset();
			if (previous) this.record('commit-seen', `new commit ${current.shortSha}: ${current.subject} (${current.author})`);
			else this.record('commit-seen', `watching ${current.shortSha}: ${current.subject}`);
		}
		await this.watches.ensure(this.desired, this.definition.destination.namespace);
		this.watchesReady = true;
		await this.refreshPermissions();
		await this.recompute();
	}

	private fail(error: unknown): void {
		const next: AppStatus = {
			...this.status,
			syncStatus: 'Unknown',
			health: {status: 'Unknown', message: describeError(error)},
			error: errorSummary(error),
			comparedAt: this.now().toISOString(),
		};
		this.publishStatus(next);
	}

	private schedulePoll(): void {
		if (this.stopped) return;
		this.poll = {...this.poll, nextFetchAt: new Date(this.now().getTime() + this.deps.intervalMs).toISOString()};
		this.deps.onChange();
		this.pollTimer = setTimeout(() => {
			void this.pollOnce().finally(() => this.schedulePoll());
		}, this.deps.intervalMs);
	}

	scheduleRecompute(delayMs = 25): void {
		if (this.stopped || this.recomputeTimer) return;
		this.recomputeTimer = setTimeout(() => {
			this.recomputeTimer = undefined;
			void this.recompute();
		}, delayMs);
	}

	/** Status from the watch caches; dry runs only for objects whose live or desired state changed. */
	async recompute(): Promise<void> {
		if (this.renderError || this.revisions.length === 0 || !this.watchesReady) return;
		if (this.recomputing) {
			this.dirty = true;
			return;
		}
		this.recomputing = true;
		try {
			do {
				this.dirty = false;
				await this.recomputeOnce();
			} while (this.dirty && !this.stopped);
		} finally {
			this.recomputing = false;
		}
	}

	private async recomputeOnce(): Promise<void> {
		const {live, extras, related} = this.watches.view(this.name, this.desired);
		if (this.adoptTracked) {
			// At start-up, objects driftwatch applied before (they carry this app's tracking) count as
			// deployed, so self-heal protects them even if they drifted while driftwatch was not running.
			this.adoptTracked = false;
			for (const [key, object] of live) if (isTrackedBy(this.name, object)) this.syncedKeys.add(key);
		}
		const predicted = await this.cache.predict(this.desired, live, this.revisions[0]?.sha ?? '');
		const next = assembleAppStatus({
			app: this.definition,
			desired: this.desired,
			live,
			extras,
			related,
			predicted,
			revisions: this.revisions,
			notices: this.notices,
			warnings: [...this.definition.warnings],
			now: this.now(),
			compare: input => this.cache.compare(input),
		});
		const liveByKey = new Map(live);
		for (const extra of extras) liveByKey.set(keyString(resourceKeyOf(extra)), extra);
		this.tree = buildResourceTree(next.objects, liveByKey, related);
		this.publishStatus(next);
		this.runPolicies();
	}

	/** The whole-object diff of one object (the UI's full mode), from the same inputs as its status. */
	fullDiff(key: ResourceKey): UnifiedLine[] {
		const id = keyString(key);
		const desired = this.desired.find(object => keyString(resourceKeyOf(object)) === id);
		const state = this.status.objects.find(object => keyString(object.key) === id);
		const apiVersion = desired?.apiVersion ?? state?.apiVersion ?? '';
		const live = this.liveObject(apiVersion, key.kind, key.namespace, key.name);
		const predicted = this.cache.prediction(id);
		const result = compareObject({
			key,
			...(desired ? {desired} : {}),
			...(live ? {live: withoutTracking(live)} : {}),
			...(predicted ? {predicted} : {}),
			ignoreDifferences: this.definition.ignoreDifferences,
			context: Number.POSITIVE_INFINITY,
		});
		return result.diff?.unified ?? [];
	}

	/** The object in the watch cache that serves its kind and namespace. */
	liveObject(apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined {
		return this.watches.liveObject(apiVersion, kind, namespace, name);
	}

	private publishStatus(next: AppStatus): void {
		next = withObservedTimes(this.status, next, this.now());
		const previous = this.evaluated ? this.status : null;
		this.evaluated = true;
		for (const event of statusTransitions(previous, next, this.now())) this.push(event);
		this.status = next;
		for (const object of next.objects) if (object.syncStatus === 'Synced') this.syncedKeys.add(keyString(object.key));
		if (next.syncStatus === 'Synced' && this.deployedSha === null) this.deployedSha = next.revision?.sha ?? null;
		this.deps.onChange();
	}

	private runPolicies(): void {
		if (this.deps.readOnly || this.operation?.phase === 'Running' || this.status.error) return;
		const sha = this.status.revision?.sha ?? null;
		if (this.policy.autoSync && this.status.syncStatus === 'OutOfSync' && sha !== this.autoSyncedSha && sha !== this.deployedSha) {
			this.autoSyncedSha = sha;
			void this.deps.autoSync(this);
			return;
		}
		if (!this.policy.selfHeal) return;
		const drifted = this.status.objects
			.filter(object => (object.drift === 'modified' || object.drift === 'missing') && this.syncedKeys.has(keyString(object.key)))
			.map(object => keyString(object.key));
		for (const key of drifted) {
			const decision = this.healer.schedule(key, () => {
				// Decided when the timer fires: by then the watch may show the drift gone (often our own apply).
				const still = this.status.objects.some(object => keyString(object.key) === key && object.syncStatus === 'OutOfSync');
				if (!still || !this.policy.selfHeal || this.operation?.phase === 'Running') return false;
				void this.deps.heal(this, [key]);
				return true;
			});
			if (decision?.fight) {
				this.record(
					'heal-backoff',
					`${key.split('/').slice(1).join('/')} keeps changing back (${decision.fight.heals} heals in a row); next heal in ${Math.round(decision.delayMs / 1000)}s`,
				);
			}
		}
	}

	async refreshPermissions(): Promise<void> {
		if (!this.deps.readOnly) this.permissions = await checkPermissions(this.deps.cluster, this.desired);
	}

	/** Adds a timeline event (newest first) and reports it. */
	record(type: TimelineEvent['type'], message: string, extra: Partial<TimelineEvent> = {}): void {
		this.push({time: this.now().toISOString(), type, app: this.name, message, ...extra});
		this.deps.onChange();
	}

	private push(event: TimelineEvent): void {
		this.timeline = [event, ...this.timeline].slice(0, timelineLimit);
		this.deps.onEvent(event);
	}

	view(): AppView {
		const source = this.definition.sources[0];
		return {
			name: this.name,
			source: {repoURL: source?.repoURL ?? '', path: source?.path ?? '', targetRevision: source?.targetRevision ?? ''},
			destination: {namespace: this.definition.destination.namespace, context: this.deps.cluster.context, server: this.deps.cluster.server},
			policy: {...this.policy},
			status: this.status,
			poll: this.poll,
			tree: this.tree,
			timeline: this.timeline,
			history: this.history,
			operation: this.operation,
			permissions: this.permissions,
		};
	}
}
