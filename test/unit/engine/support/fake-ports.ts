/**
 * Fakes of the engine's own ports (source/engine/ports.ts) for unit tests of the reconciler: a Git
 * repository of in-memory commits, a renderer that returns the objects registered per commit, and
 * an in-memory cluster whose writes show up as watch changes, so policies run exactly as they do
 * against a real API server's watch stream. Nothing here touches the disk, the network or a clock
 * the test does not control (see fake-clock.ts).
 */
import {DriftwatchError} from '../../../../source/core/errors.js';
import {displayKey, keyString, type KubeObject, type ManagedFieldsEntry, resourceKeyOf} from '../../../../source/core/kube-object.js';
import {type AuditEntry, AuditLog} from '../../../../source/audit/audit-log.js';
import type {AppError} from '../../../../source/core/app-status.js';
import type {Destination} from '../../../../source/ports/destination.js';
import {type Notification, Notifier, type NotifyOutcome} from '../../../../source/notify/notifier.js';
import {describeNotification} from '../../../../source/presentation/notification.js';
import type {Checkout, CommitChangesOptions, CommitInfo, CommittedChanges, GitPort} from '../../../../source/ports/git.js';
import {parseAllDocuments, stringify} from 'yaml';
import type {LiveCache, LiveChange, WatchPhase, WatchPort} from '../../../../source/ports/watch.js';
import type {ObjectRef} from '../../../../source/ports/cluster.js';
import type {RenderedManifests, RenderPort} from '../../../../source/ports/render.js';
import {FakeCluster} from './fake-cluster.js';
import {rolledOut} from './fixtures.js';

function clone<T>(value: T): T {
	return structuredClone(value);
}

/** The marker directory a checkout of `sha` answers; the renderer reads the sha back from it. */
export function checkoutDir(sha: string): string {
	return `memory://checkout/${sha}`;
}

/** Objects registered per commit; a render of an unknown commit fails like a broken chart would. */
export class FakeRender {
	readonly rendered: string[] = [];
	private readonly bySha = new Map<string, KubeObject[]>();
	private readonly failures = new Map<string, Error>();

	register(sha: string, objects: readonly KubeObject[]): void {
		this.bySha.set(sha, clone([...objects]));
	}

	/** Rendering `sha` throws `error` (until `heal(sha)`). */
	fail(sha: string, error: Error): void {
		this.failures.set(sha, error);
	}

	heal(sha: string): void {
		this.failures.delete(sha);
	}

	readonly port: RenderPort = async (dir): Promise<RenderedManifests> => {
		const sha = dir.slice(dir.lastIndexOf('/') + 1);
		this.rendered.push(sha);
		const failure = this.failures.get(sha);
		if (failure) throw failure;
		const objects = this.bySha.get(sha);
		if (!objects) throw new DriftwatchError('render-failed', `nothing registered for ${sha}`);
		return {objects: clone(objects), notices: [], sourceType: 'directory'};
	};
}

/**
 * A repository of in-memory commits on one branch. `commit()` adds a commit whose tree renders to
 * the given objects; `revert()` appends a commit whose tree is the reverted commit's parent's.
 */
export class FakeGit implements GitPort {
	readonly isRemote: boolean;
	/** Oldest first. */
	readonly commits: CommitInfo[] = [];
	readonly reverts: Array<{sha: string; branch: string}> = [];
	/** Commits made by commitChanges, with their options. */
	readonly written: CommitChangesOptions[] = [];
	/** The files of each commit: one manifest file per commit made from objects. */
	readonly files = new Map<string, Map<string, string>>();
	/** Set to make commitChanges fail (a conflict, uncommitted work...) until cleared. */
	commitFailure: Error | undefined;
	/** Called inside commitChanges before the commit lands (a race: self-heal firing while the push runs). */
	beforeCommit: (() => Promise<void>) | undefined;
	/** Called inside checkout (a slow checkout or render while a heal comes due). */
	beforeCheckout: (() => Promise<void>) | undefined;
	/** The app follows a tag: nothing is writable. */
	notBranch = false;
	readonly checkouts: string[] = [];
	disposed = 0;
	fetches = 0;
	/** Revisions resolved, in order. */
	readonly resolved: string[] = [];
	private readonly trees = new Map<string, KubeObject[]>();
	private failure: Error | undefined;

	constructor(
		private readonly render: FakeRender,
		options: {remote?: boolean} = {},
	) {
		this.isRemote = options.remote ?? false;
	}

	get head(): CommitInfo {
		const head = this.commits.at(-1);
		if (!head) throw new Error('FakeGit: no commit yet');
		return head;
	}

	commit(subject: string, objects: readonly KubeObject[], author = 'Ana Lopez'): CommitInfo {
		const n = this.commits.length + 1;
		const sha = `${n.toString(16).padStart(7, '0')}${'e'.repeat(33)}`;
		const info: CommitInfo = {
			sha,
			shortSha: sha.slice(0, 7),
			subject,
			message: subject,
			author,
			authorEmail: 'ana@example.com',
			date: new Date(Date.UTC(2025, 0, 1, 0, n)).toISOString(),
		};
		this.commits.push(info);
		this.trees.set(sha, clone([...objects]));
		this.files.set(sha, new Map([['app/manifests.yaml', objects.map(object => stringify(object)).join('---\n')]]));
		this.render.register(sha, objects);
		return info;
	}

	async writableBranch(revision: string): Promise<{branch: string; head: CommitInfo}> {
		this.throwIfFailing();
		if (this.notBranch)
			throw new DriftwatchError('edit-refused', `the app follows ${revision}, which is not a branch of the fake repository`);
		return {branch: 'main', head: this.head};
	}

	async commitChanges(options: CommitChangesOptions): Promise<CommittedChanges> {
		this.throwIfFailing();
		await this.beforeCommit?.();
		if (this.commitFailure) throw this.commitFailure;
		const files = new Map(this.files.get(this.head.sha) ?? []);
		for (const file of options.files) {
			if ((this.files.get(options.base)?.get(file.path) ?? null) !== file.before) throw new Error(`${file.path} is not what the plan saw`);
			files.set(file.path, file.after);
		}
		const objects = [...files.values()].flatMap(text => parseAllDocuments(text).map(document => document.toJS() as KubeObject));
		const rebased = options.base !== this.head.sha;
		const info = this.commit(options.message.split('\n')[0] ?? '', objects, 'driftwatch');
		this.files.set(info.sha, files);
		this.written.push(options);
		return {commit: info, branch: 'main', pushed: this.isRemote, rebased};
	}

	/** Every Git call fails with `error` until called with undefined. */
	failWith(error: Error | undefined): void {
		this.failure = error;
	}

	async prepare(): Promise<void> {
		this.throwIfFailing();
	}

	async fetch(): Promise<void> {
		this.throwIfFailing();
		this.fetches++;
	}

	async resolve(revision: string): Promise<CommitInfo> {
		this.throwIfFailing();
		this.resolved.push(revision);
		if (revision === 'HEAD' || revision === 'main') return this.head;
		const found = this.commits.find(commit => commit.sha.startsWith(revision));
		if (!found) throw new DriftwatchError('revision-not-found', `revision ${revision} not found`);
		return found;
	}

	async checkout(sha: string): Promise<Checkout> {
		this.throwIfFailing();
		await this.beforeCheckout?.();
		this.checkouts.push(sha);
		return {dir: checkoutDir(sha), dispose: async () => void this.disposed++};
	}

	async history(_path: string, options: {revision?: string; limit?: number} = {}): Promise<CommitInfo[]> {
		this.throwIfFailing();
		return [...this.commits].reverse().slice(0, options.limit ?? this.commits.length);
	}

	async revert(sha: string, options: {branch: string; message?: string}): Promise<CommitInfo> {
		this.throwIfFailing();
		const index = this.commits.findIndex(commit => commit.sha.startsWith(sha));
		const target = this.commits[index];
		if (!target) throw new DriftwatchError('revision-not-found', `revision ${sha} not found`);
		this.reverts.push({sha: target.sha, branch: options.branch});
		const parent = this.commits[index - 1];
		const tree = parent ? (this.trees.get(parent.sha) ?? []) : [];
		return this.commit(options.message ?? `Revert "${target.subject}"`, tree, 'driftwatch');
	}

	private throwIfFailing(): void {
		if (this.failure) throw this.failure;
	}
}

interface Subscriber {
	apiVersion: string;
	kind: string;
	/** '' = every namespace (and cluster-scoped kinds). */
	namespace: string;
	objects: Map<string, KubeObject>;
	onChange: (changes: LiveChange[]) => void;
	/** What the runtime reads; `phase` and `listed` change when a list is held or a watch drops. */
	cache: {objects: Map<string, KubeObject>; phase: WatchPhase; error: string | null; listed: boolean; whenSynced(): Promise<void>};
	/** Not listed yet, or disconnected: changes are not delivered (a relist catches up). */
	paused: boolean;
	listed: () => void;
}

/**
 * The cluster's object store as the watches see it. Every change (a write through
 * {@link WatchedCluster}, or `edit`/`remove` standing in for kubectl or a controller) bumps the
 * resourceVersion and is delivered synchronously to the matching subscribers, whose caches
 * already hold it, as a real watch cache does before it calls back.
 */
export class FakeWatches implements WatchPort {
	refreshes = 0;
	/** Every subscription ever opened, as 'apiVersion/Kind/namespace', in order. */
	readonly opened: string[] = [];
	private readonly store = new Map<string, KubeObject>();
	/** Lists refused, by 'apiVersion/Kind', with the API's message. */
	private readonly refusedLists = new Map<string, string>();
	/** Kinds whose first list does not answer until `releaseList` ('apiVersion/Kind'). */
	private readonly heldLists = new Set<string>();
	private readonly subscribers = new Set<Subscriber>();
	private version = 0;

	/** Subscriptions open now, as 'apiVersion/Kind/namespace'. */
	get open(): string[] {
		return [...this.subscribers].map(subscriber => `${subscriber.apiVersion}/${subscriber.kind}/${subscriber.namespace}`).sort();
	}

	subscribe(
		apiVersion: string,
		kind: string,
		namespace: string,
		onChange: (changes: LiveChange[]) => void,
	): {cache: LiveCache; unsubscribe(): void} {
		this.opened.push(`${apiVersion}/${kind}/${namespace}`);
		const refusal = this.refusedLists.get(`${apiVersion}/${kind}`);
		if (refusal !== undefined) {
			// As the real watch cache does after a 403 on its list: nothing cached, phase failed.
			const cache: LiveCache = {objects: new Map(), phase: 'failed', error: refusal, listed: false, whenSynced: async () => {}};
			return {cache, unsubscribe: () => {}};
		}
		const objects = new Map<string, KubeObject>();
		let listed = () => {};
		const synced = new Promise<void>(resolve => (listed = resolve));
		const held = this.heldLists.has(`${apiVersion}/${kind}`);
		const subscriber: Subscriber = {
			apiVersion,
			kind,
			namespace,
			objects,
			onChange,
			cache: {objects, phase: held ? 'connecting' : 'live', error: null, listed: !held, whenSynced: () => synced},
			paused: held,
			listed,
		};
		if (!held) {
			for (const object of this.store.values()) if (matches(subscriber, object)) subscriber.objects.set(cacheKey(object), object);
			listed();
		}
		this.subscribers.add(subscriber);
		return {cache: subscriber.cache, unsubscribe: () => void this.subscribers.delete(subscriber)};
	}

	refreshAll(): void {
		this.refreshes++;
	}

	/** The first list of this kind does not answer (a loaded API server) until `releaseList`. */
	holdList(apiVersion: string, kind: string): void {
		this.heldLists.add(`${apiVersion}/${kind}`);
	}

	/** The held lists of this kind answer now: the caches fill and report what they found. */
	releaseList(apiVersion: string, kind: string): void {
		this.heldLists.delete(`${apiVersion}/${kind}`);
		for (const subscriber of this.of(apiVersion, kind)) if (!subscriber.cache.listed) this.relist(subscriber);
	}

	/** The watches of this kind drop: 'reconnecting', and nothing reaches them until `reconnect`. */
	disconnect(apiVersion: string, kind: string): void {
		for (const subscriber of this.of(apiVersion, kind)) {
			subscriber.paused = true;
			subscriber.cache.phase = 'reconnecting';
			subscriber.cache.error = 'connection reset by peer';
		}
	}

	/** The dropped watches relist: deletions and changes missed meanwhile are reported, as WatchCache does. */
	reconnect(apiVersion: string, kind: string): void {
		for (const subscriber of this.of(apiVersion, kind)) this.relist(subscriber);
	}

	private of(apiVersion: string, kind: string): Subscriber[] {
		return [...this.subscribers].filter(subscriber => subscriber.apiVersion === apiVersion && subscriber.kind === kind);
	}

	private relist(subscriber: Subscriber): void {
		const fresh = new Map([...this.store.values()].filter(object => matches(subscriber, object)).map(object => [cacheKey(object), object]));
		const changes: LiveChange[] = [];
		for (const [key, object] of subscriber.objects) if (!fresh.has(key)) changes.push({type: 'delete', object});
		for (const [key, object] of fresh) if (subscriber.objects.get(key) !== object) changes.push({type: 'upsert', object});
		subscriber.objects.clear();
		for (const [key, object] of fresh) subscriber.objects.set(key, object);
		Object.assign(subscriber.cache, {phase: 'live', error: null, listed: true});
		subscriber.paused = false;
		subscriber.listed();
		if (changes.length > 0) subscriber.onChange(changes);
	}

	/** Lists of this kind are refused from now on (an RBAC Role without list), with `message`. */
	refuseList(apiVersion: string, kind: string, message: string): void {
		this.refusedLists.set(`${apiVersion}/${kind}`, message);
	}

	/** Stores `object` (a new resourceVersion) and tells the watches; returns what was stored. */
	put(object: KubeObject): KubeObject {
		const stored = clone(object);
		stored.metadata.resourceVersion = String(++this.version);
		this.store.set(keyString(resourceKeyOf(stored)), stored);
		this.emit({type: 'upsert', object: stored});
		return stored;
	}

	remove(ref: ObjectRef): void {
		const key = keyString(resourceKeyOf(refObject(ref)));
		const object = this.store.get(key);
		if (!object) return;
		this.store.delete(key);
		this.version++;
		this.emit({type: 'delete', object});
	}

	/** By display key, 'Deployment/demo/web'. */
	find(display: string): KubeObject | undefined {
		const found = [...this.store.values()].find(object => displayKey(resourceKeyOf(object)) === display);
		return found ? clone(found) : undefined;
	}

	get(ref: ObjectRef): KubeObject | undefined {
		const found = this.store.get(keyString(resourceKeyOf(refObject(ref))));
		return found ? clone(found) : undefined;
	}

	list(apiVersion: string, kind: string, namespace?: string): KubeObject[] {
		return [...this.store.values()]
			.filter(object => object.apiVersion === apiVersion && object.kind === kind && (!namespace || object.metadata.namespace === namespace))
			.map(clone);
	}

	/** Display keys of everything stored, sorted. */
	keys(): string[] {
		return [...this.store.values()].map(object => displayKey(resourceKeyOf(object))).sort();
	}

	/**
	 * Someone other than driftwatch changes an object (`kubectl scale`, `kubectl edit`, a
	 * controller): `change` edits a copy; `manager` records who owns which fields afterwards.
	 */
	edit(display: string, change: (object: KubeObject) => void, manager?: ManagedFieldsEntry): KubeObject {
		const current = this.find(display);
		if (!current) throw new Error(`FakeWatches: no ${display} to edit`);
		change(current);
		if (manager) current.metadata.managedFields = [...(current.metadata.managedFields ?? []), manager];
		return this.put(current);
	}

	private emit(change: LiveChange): void {
		for (const subscriber of this.subscribers) {
			if (subscriber.paused || !matches(subscriber, change.object)) continue;
			if (change.type === 'upsert') subscriber.objects.set(cacheKey(change.object), change.object);
			else subscriber.objects.delete(cacheKey(change.object));
			subscriber.onChange([change]);
		}
	}
}

function matches(subscriber: Subscriber, object: KubeObject): boolean {
	return (
		object.apiVersion === subscriber.apiVersion &&
		object.kind === subscriber.kind &&
		(subscriber.namespace === '' || (object.metadata.namespace ?? '') === subscriber.namespace)
	);
}

function cacheKey(object: KubeObject): string {
	return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function refObject(ref: ObjectRef): KubeObject {
	return {apiVersion: ref.apiVersion, kind: ref.kind, metadata: {name: ref.name, ...(ref.namespace ? {namespace: ref.namespace} : {})}};
}

/**
 * The sync tests' FakeCluster (request log, injected failures, dry runs that change nothing) over a
 * {@link FakeWatches} store: real applies and deletes change the store, so the engine sees its own
 * writes through its watches. An apply keeps the live `status` (the API server ignores it on
 * apply) and, for a Deployment created without one, plays the controller and reports it rolled out.
 */
export class WatchedCluster extends FakeCluster {
	constructor(readonly watches: FakeWatches) {
		super();
	}

	override async get(ref: ObjectRef): Promise<KubeObject | undefined> {
		return this.watches.get(ref);
	}

	override async list(apiVersion: string, kind: string, namespace?: string): Promise<{items: KubeObject[]; resourceVersion: string}> {
		return {items: this.watches.list(apiVersion, kind, namespace), resourceVersion: '1'};
	}

	override async apply(object: KubeObject, options: {dryRun?: boolean; force?: boolean} = {}): Promise<KubeObject> {
		const result = await super.apply(object, options);
		if (options.dryRun) return result;
		const existing = this.watches.get(refOf(object));
		const status = existing?.['status'] ?? (object.kind === 'Deployment' ? rolledOut(object) : undefined);
		return this.watches.put({...clone(object), ...(status === undefined ? {} : {status})});
	}

	override async delete(
		ref: ObjectRef,
		options: {propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'; dryRun?: boolean} = {},
	): Promise<void> {
		await super.delete(ref, options);
		if (!options.dryRun) this.watches.remove(ref);
	}

	override stored(display: string): KubeObject | undefined {
		return this.watches.find(display);
	}

	override storedKeys(): string[] {
		return this.watches.keys();
	}

	/** Every request, as 'apply ConfigMap/demo/web' or 'dry delete ...'. */
	requests(): string[] {
		return this.calls.map(call => `${call.dryRun ? 'dry ' : ''}${call.verb} ${call.object}`);
	}

	/** Requests that changed something, as 'apply ConfigMap/demo/web'. */
	writes(): string[] {
		return this.mutations().map(call => `${call.verb} ${call.object}`);
	}
}

function refOf(object: KubeObject): ObjectRef {
	return {apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name};
}

/** A destination for DriftEngine over the fakes (no watch states to report). */
export function destinationOf(cluster: WatchedCluster): Destination {
	return {cluster, watches: cluster.watches, watchStates: () => [], onWatchState: () => () => {}};
}

/** Records audit entries instead of writing a file; `failWith` makes writes fail like a full disk. */
export class RecordingAuditLog extends AuditLog {
	readonly entries: AuditEntry[] = [];
	private failure: Error | undefined;

	constructor() {
		super(null);
	}

	failWith(error: Error | undefined): void {
		this.failure = error;
	}

	override record(entry: AuditEntry): Promise<void> {
		if (this.failure) return Promise.reject(this.failure);
		this.entries.push(entry);
		return Promise.resolve();
	}

	/** 'sync succeeded', 'heal succeeded', 'revert refused'... */
	summary(): string[] {
		return this.entries.map(entry => `${entry.action} ${entry.result}`);
	}
}

/** Records notifications instead of ringing or posting. */
export class RecordingNotifier extends Notifier {
	readonly sent: Notification[] = [];

	constructor() {
		super({describe: describeNotification});
	}

	/** Set to make deliveries fail with this error (as a webhook that refuses). */
	failWith: AppError | undefined;

	override async notify(notification: Notification): Promise<NotifyOutcome> {
		this.sent.push(notification);
		return this.failWith ? {delivered: false, error: this.failWith} : {delivered: true};
	}

	kinds(): string[] {
		return this.sent.map(notification => notification.kind);
	}

	/** The text each notification would carry, as the webhook says it. */
	texts(): string[] {
		return this.sent.map(describeNotification);
	}
}
