/**
 * One watch per kind and namespace scope, shared by every app that needs it. Apps subscribe and
 * unsubscribe; the last one out stops the stream.
 */
import type {ResourceClient} from './resource-client.js';
import type {LiveChange, WatchPort} from '../ports/watch.js';
import {WatchCache, type WatchCacheOptions} from './watch-cache.js';

export interface WatchSubscription {
	cache: WatchCache;
	unsubscribe(): void;
}

export class WatchHub implements WatchPort {
	private readonly caches = new Map<string, {cache: WatchCache; users: number}>();
	private readonly stateListeners = new Set<() => void>();

	constructor(
		readonly client: ResourceClient,
		private readonly options: WatchCacheOptions = {},
	) {}

	/** Subscribes to changes of one kind in one namespace ('' = cluster-wide / cluster-scoped). */
	subscribe(apiVersion: string, kind: string, namespace: string, onChange: (changes: LiveChange[]) => void): WatchSubscription {
		const id = `${apiVersion}/${kind}/${namespace}`;
		let entry = this.caches.get(id);
		if (!entry) {
			const cache = new WatchCache(this.client, apiVersion, kind, namespace, this.options);
			cache.onState(() => this.stateListeners.forEach(listener => listener()));
			entry = {cache, users: 0};
			this.caches.set(id, entry);
			cache.start();
		}
		entry.users++;
		const stop = entry.cache.onChange(onChange);
		let active = true;
		return {
			cache: entry.cache,
			unsubscribe: () => {
				if (!active) return;
				active = false;
				stop();
				const current = this.caches.get(id);
				if (current && --current.users === 0) {
					current.cache.stop();
					this.caches.delete(id);
					this.stateListeners.forEach(listener => listener());
				}
			},
		};
	}

	get(apiVersion: string, kind: string, namespace: string): WatchCache | undefined {
		return this.caches.get(`${apiVersion}/${kind}/${namespace}`)?.cache;
	}

	all(): WatchCache[] {
		return [...this.caches.values()].map(entry => entry.cache);
	}

	onState(listener: () => void): () => void {
		this.stateListeners.add(listener);
		return () => this.stateListeners.delete(listener);
	}

	refreshAll(): void {
		for (const {cache} of this.caches.values()) cache.refresh();
	}

	stop(): void {
		for (const {cache} of this.caches.values()) cache.stop();
		this.caches.clear();
	}
}
