/**
 * The watches one app needs, over the shared WatchPort: every kind Git renders (now or in an
 * earlier revision seen by this process), the common kinds its tracking may sit on, and the kinds
 * under its workloads (core/watched-kinds.ts). Every change goes into the app's LiveIndex, which
 * says which of the app's objects it touches; and it says which kinds it could not read.
 */
import {DriftwatchError} from '../core/errors.js';
import type {KubeObject} from '../core/kube-object.js';
import {commonTrackedKinds, hasWorkloads, isRelatedKind, relatedKinds} from '../core/watched-kinds.js';
import type {Clock} from '../ports/clock.js';
import type {ClusterPort} from '../ports/cluster.js';
import type {LiveCache, WatchPort} from '../ports/watch.js';
import {type ChangeSource, LiveIndex} from './live-index.js';

/** How long a first list may take before the comparison goes ahead without it. */
const listWaitMs = 15_000;

interface Subscription extends ChangeSource {
	kind: string;
	namespace: string;
	cache: LiveCache;
	unsubscribe(): void;
}

export class AppWatches {
	private readonly subscriptions = new Map<string, Subscription>();
	private readonly renderedKinds = new Map<string, readonly [string, string]>();
	/** Kinds Git renders that the cluster does not serve. */
	private unserved: string[] = [];
	readonly index: LiveIndex;

	/** `onChange` gets the keys of the app's objects each watch event touches. */
	constructor(
		app: string,
		private readonly watches: WatchPort,
		private readonly cluster: ClusterPort,
		private readonly clock: Clock,
		private readonly onChange: (touched: ReadonlySet<string>) => void,
	) {
		this.index = new LiveIndex(app);
	}

	/**
	 * Subscribes to what `desired` needs and drops what it no longer needs, and indexes the caches
	 * for `desired`; resolves when the new caches have listed (at most 15 s), so a first status
	 * never says "missing" for want of a list.
	 */
	async ensure(desired: readonly KubeObject[], destinationNamespace: string): Promise<void> {
		const namespaces = new Set([destinationNamespace, ...desired.map(object => object.metadata.namespace ?? '').filter(Boolean)]);
		// Kinds Git rendered in any revision seen so far stay watched: when the last object of a kind
		// leaves Git, its live copy is still found as extra (and pruned when prune is on).
		const desiredKinds = new Map(desired.map(object => [`${object.apiVersion}/${object.kind}`, [object.apiVersion, object.kind] as const]));
		for (const [id, kind] of desiredKinds) this.renderedKinds.set(id, kind);
		const kinds = new Map<string, readonly [string, string]>();
		for (const [apiVersion, kind] of [...commonTrackedKinds, ...this.renderedKinds.values()])
			kinds.set(`${apiVersion}/${kind}`, [apiVersion, kind]);
		if (hasWorkloads(desired)) for (const [apiVersion, kind] of relatedKinds) kinds.set(`${apiVersion}/${kind}`, [apiVersion, kind]);
		const wanted = new Map<string, [string, string, string]>();
		const unserved: string[] = [];
		for (const [id, [apiVersion, kind]] of kinds) {
			let namespaced: boolean;
			try {
				namespaced = await this.cluster.isNamespaced(apiVersion, kind);
			} catch (error) {
				// Not served (yet): a CRD this app creates gets its watch after the next render. The
				// common kinds are only searched for leftovers; a kind Git renders is worth a warning.
				if (!(error instanceof DriftwatchError && error.code === 'not-found')) throw error;
				if (desiredKinds.has(id)) unserved.push(`${kind} (${apiVersion}) is not served by the cluster: its objects show as missing`);
				continue;
			}
			for (const namespace of namespaced ? namespaces : [''])
				wanted.set(`${apiVersion}/${kind}/${namespace}`, [apiVersion, kind, namespace]);
		}
		this.unserved = unserved;
		for (const [id, subscription] of this.subscriptions) {
			if (wanted.has(id)) continue;
			subscription.unsubscribe();
			this.subscriptions.delete(id);
		}
		// Git's objects changed: index every cache again for them (once per render, not per event).
		this.index.reset(desired);
		const scratch = new Set<string>();
		for (const subscription of this.subscriptions.values()) {
			for (const object of subscription.cache.objects.values()) this.index.upsert(subscription, object, scratch);
		}
		const fresh: LiveCache[] = [];
		for (const [id, [apiVersion, kind, namespace]] of wanted) {
			if (this.subscriptions.has(id)) continue;
			const source: ChangeSource = {apiVersion, related: isRelatedKind(apiVersion, kind)};
			const {cache, unsubscribe} = this.watches.subscribe(apiVersion, kind, namespace, changes => {
				const touched = new Set<string>();
				for (const change of changes) {
					if (change.type === 'upsert') this.index.upsert(source, change.object, touched);
					else this.index.remove(source, change.object, touched);
				}
				if (touched.size > 0) this.onChange(touched);
			});
			this.subscriptions.set(id, {...source, kind, namespace, cache, unsubscribe});
			// A shared cache may have listed already (another app watches this kind too).
			for (const object of cache.objects.values()) this.index.upsert(source, object, scratch);
			fresh.push(cache);
		}
		if (fresh.length === 0) return;
		let cancel = () => {};
		const timeout = new Promise<void>(resolve => (cancel = this.clock.schedule(listWaitMs, resolve)));
		await Promise.race([Promise.all(fresh.map(async cache => cache.whenSynced())), timeout]);
		cancel();
	}

	/** The object in the cache that serves its kind and namespace. */
	liveObject(apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined {
		const subscription = this.subscriptions.get(`${apiVersion}/${kind}/${namespace}`) ?? this.subscriptions.get(`${apiVersion}/${kind}/`);
		return subscription?.cache.objects.get(`${namespace}/${name}`) ?? subscription?.cache.objects.get(`/${name}`);
	}

	/**
	 * Whether policies may trust the caches: every one has answered its first list (or refused it)
	 * and none is reconnecting. Else an object may show as missing or drifted when it is not. (A
	 * cache that has listed and is opening its watch is current: the watch resumes from the list.)
	 */
	settled(): boolean {
		for (const {cache} of this.subscriptions.values()) if (!isFresh(cache) && cache.phase !== 'failed') return false;
		return true;
	}

	/** Whether the cache serving this kind and namespace has listed and is not reconnecting: what it shows is current. */
	isCurrent(apiVersion: string, kind: string, namespace: string): boolean {
		const subscription = this.subscriptions.get(`${apiVersion}/${kind}/${namespace}`) ?? this.subscriptions.get(`${apiVersion}/${kind}/`);
		return subscription !== undefined && isFresh(subscription.cache);
	}

	/** Kinds that could not be read, in words: not served, list refused, or not listed yet. */
	warnings(): string[] {
		return [...this.unserved, ...this.listWarnings()];
	}

	/** Lists refused (RBAC) or not done yet: what the comparison could not see. */
	private listWarnings(): string[] {
		const warnings: string[] = [];
		for (const {kind, namespace, cache} of this.subscriptions.values()) {
			const where = namespace ? `in ${namespace}` : 'cluster-wide';
			if (cache.phase === 'failed') warnings.push(`cannot list ${kind} ${where}: ${cache.error ?? 'unknown error'}`);
			else if (!cache.listed) warnings.push(`${kind} ${where} not listed yet${cache.error ? `: ${cache.error}` : ''}`);
		}
		return warnings;
	}

	dispose(): void {
		for (const subscription of this.subscriptions.values()) subscription.unsubscribe();
		this.subscriptions.clear();
	}
}

/** Listed, and live or opening its watch from that list (not reconnecting, not refused). */
function isFresh(cache: LiveCache): boolean {
	return cache.listed && (cache.phase === 'live' || cache.phase === 'connecting');
}
