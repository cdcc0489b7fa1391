/**
 * The watches one app needs, over the shared WatchPort: every kind Git renders (now or in an
 * earlier revision seen by this process), the common kinds its tracking may sit on, and the
 * ReplicaSets and Pods under its workloads. Reads the live state for a recompute from the caches.
 */
import {type KubeObject, keyString, resourceKeyOf} from '../core/kube-object.js';
import {isTrackedBy} from '../core/tracking.js';
import type {ClusterPort} from '../ports/cluster.js';
import type {LiveCache, WatchPort} from '../ports/watch.js';
import {commonTrackedKinds} from './read-live.js';

const workloadKinds = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'ReplicaSet', 'Rollout']);
const relatedPrefixes = ['apps/v1/ReplicaSet/', 'v1/Pod/'];

/** What one recompute sees. */
export interface LiveView {
	/** By keyString of the desired object. */
	live: Map<string, KubeObject>;
	/** Tracked by this app, not in Git. */
	extras: KubeObject[];
	/** ReplicaSets and Pods, for the owner tree and health. */
	related: KubeObject[];
}

export class AppWatches {
	private readonly subscriptions = new Map<string, {cache: LiveCache; unsubscribe(): void}>();
	private readonly renderedKinds = new Map<string, [string, string]>();

	constructor(
		private readonly watches: WatchPort,
		private readonly cluster: ClusterPort,
		private readonly onChange: () => void,
	) {}

	/**
	 * Subscribes to what `desired` needs and drops what it no longer needs; resolves when the new
	 * caches have listed (at most 15 s), so a first status never says "missing" for want of a list.
	 */
	async ensure(desired: readonly KubeObject[], destinationNamespace: string): Promise<void> {
		const namespaces = new Set([destinationNamespace, ...desired.map(object => object.metadata.namespace ?? '').filter(Boolean)]);
		// Kinds Git rendered in any revision seen so far stay watched: when the last object of a kind
		// leaves Git, its live copy is still found as extra (and pruned when prune is on).
		for (const object of desired) this.renderedKinds.set(`${object.apiVersion}/${object.kind}`, [object.apiVersion, object.kind]);
		const kinds = new Map<string, [string, string]>();
		for (const [apiVersion, kind] of [...commonTrackedKinds, ...this.renderedKinds.values()])
			kinds.set(`${apiVersion}/${kind}`, [apiVersion, kind]);
		if (desired.some(object => workloadKinds.has(object.kind))) {
			kinds.set('apps/v1/ReplicaSet', ['apps/v1', 'ReplicaSet']);
			kinds.set('v1/Pod', ['v1', 'Pod']);
		}
		const wanted = new Map<string, [string, string, string]>();
		for (const [apiVersion, kind] of kinds.values()) {
			let namespaced: boolean;
			try {
				namespaced = await this.cluster.isNamespaced(apiVersion, kind);
			} catch {
				continue; // Not served (yet): a CRD this app creates gets its watch after the next render.
			}
			for (const namespace of namespaced ? namespaces : [''])
				wanted.set(`${apiVersion}/${kind}/${namespace}`, [apiVersion, kind, namespace]);
		}
		for (const [id, subscription] of this.subscriptions) {
			if (wanted.has(id)) continue;
			subscription.unsubscribe();
			this.subscriptions.delete(id);
		}
		const fresh: LiveCache[] = [];
		for (const [id, [apiVersion, kind, namespace]] of wanted) {
			if (this.subscriptions.has(id)) continue;
			const subscription = this.watches.subscribe(apiVersion, kind, namespace, () => this.onChange());
			this.subscriptions.set(id, subscription);
			fresh.push(subscription.cache);
		}
		await Promise.race([Promise.all(fresh.map(cache => cache.whenSynced())), new Promise(resolve => setTimeout(resolve, 15_000).unref())]);
	}

	/** The object in the cache that serves its kind and namespace. */
	liveObject(apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined {
		const cache = this.subscriptions.get(`${apiVersion}/${kind}/${namespace}`) ?? this.subscriptions.get(`${apiVersion}/${kind}/`);
		return cache?.cache.objects.get(`${namespace}/${name}`) ?? cache?.cache.objects.get(`/${name}`);
	}

	/** Live state for `desired`, the extras tracked by `app`, and the pods and ReplicaSets. */
	view(app: string, desired: readonly KubeObject[]): LiveView {
		const live = new Map<string, KubeObject>();
		for (const object of desired) {
			const found = this.liveObject(object.apiVersion, object.kind, object.metadata.namespace ?? '', object.metadata.name);
			if (found) live.set(keyString(resourceKeyOf(object)), found);
		}
		const desiredKeys = new Set(desired.map(object => keyString(resourceKeyOf(object))));
		const extras: KubeObject[] = [];
		const related: KubeObject[] = [];
		for (const [id, subscription] of this.subscriptions) {
			const isRelated = relatedPrefixes.some(prefix => id.startsWith(prefix));
			for (const object of subscription.cache.objects.values()) {
				if (isRelated) related.push(object);
				else if (isTrackedBy(app, object) && !desiredKeys.has(keyString(resourceKeyOf(object)))) extras.push(object);
			}
		}
		return {live, extras, related};
	}

	dispose(): void {
		for (const subscription of this.subscriptions.values()) subscription.unsubscribe();
		this.subscriptions.clear();
	}
}
