/**
 * An informer for one kind in one namespace scope: list, then watch from the list's
 * resourceVersion; reconnect with exponential backoff on errors, resume immediately after a
 * normal close or idle timeout, and relist on 410 Gone. A relist replaces the cache and reports
 * every object that vanished meanwhile as deleted, so no stale object survives a reconnect.
 *
 * Every list-and-watch run belongs to a generation; `refresh()` and `stop()` start a new one, and
 * whatever an older run still does (a list that returns late, a stream that opens late, the end
 * of the stream refresh aborted) is dropped, so there is never more than one stream per cache.
 */
import {Watch} from '@kubernetes/client-node';
import {DriftwatchError, describeError} from '../core/errors.js';
import type {KubeObject} from '../core/kube-object.js';
import type {LiveCache, LiveChange, WatchPhase} from '../ports/watch.js';
import type {ResourceClient} from './resource-client.js';

export interface BackoffOptions {
	initialMs: number;
	maxMs: number;
}

export interface WatchCacheOptions {
	backoff?: BackoffOptions;
	openWatch?: OpenWatch;
	/** List once and never watch: what a one-shot command (status, diff) reads. Default false. */
	listOnly?: boolean;
}

/** Opens a watch stream; the default uses client-node's Watch. Injectable for fault tests. */
export type OpenWatch = (
	path: string,
	query: Record<string, string | number | boolean | undefined>,
	onEvent: (type: string, object: unknown) => void,
	onDone: (error: unknown) => void,
) => Promise<{abort(): void}>;

export class WatchCache implements LiveCache {
	readonly objects = new Map<string, KubeObject>();
	phase: WatchPhase = 'connecting';
	/** True once a list has succeeded. */
	listed = false;
	error: string | null = null;
	since = new Date().toISOString();
	private resourceVersion = '';
	private stopped = false;
	private failures = 0;
	private current: {abort(): void} | undefined;
	private timer: NodeJS.Timeout | undefined;
	/** Bumped by refresh and stop; a run whose generation is not the current one stops itself. */
	private generation = 0;
	private readonly changeListeners = new Set<(changes: LiveChange[]) => void>();
	private readonly stateListeners = new Set<() => void>();
	private synced: Promise<void>;
	private resolveSynced: () => void = () => {};

	constructor(
		private readonly client: ResourceClient,
		readonly apiVersion: string,
		readonly kind: string,
		readonly namespace: string,
		private readonly options: WatchCacheOptions = {},
	) {
		this.synced = new Promise(resolve => (this.resolveSynced = resolve));
	}

	/** Resolves after the first successful list. */
	whenSynced(): Promise<void> {
		return this.synced;
	}

	onChange(listener: (changes: LiveChange[]) => void): () => void {
		this.changeListeners.add(listener);
		return () => this.changeListeners.delete(listener);
	}

	onState(listener: () => void): () => void {
		this.stateListeners.add(listener);
		return () => this.stateListeners.delete(listener);
	}

	start(): void {
		void this.relist(this.generation);
	}

	stop(): void {
		this.stopped = true;
		this.generation++;
		clearTimeout(this.timer);
		this.current?.abort();
		this.current = undefined;
	}

	/** Drop the stream and list again now (the user's "refresh"). */
	refresh(): void {
		if (this.stopped) return;
		this.generation++;
		this.current?.abort();
		this.current = undefined;
		clearTimeout(this.timer);
		void this.relist(this.generation);
	}

	private isStale(generation: number): boolean {
		return this.stopped || generation !== this.generation;
	}

	private async relist(generation: number): Promise<void> {
		if (this.isStale(generation)) return;
		try {
			const {items, resourceVersion} = await this.client.list(this.apiVersion, this.kind, this.namespace);
			if (this.isStale(generation)) return;
			const fresh = new Map(items.map(item => [objectKey(item), item]));
			const changes: LiveChange[] = [];
			for (const [key, object] of this.objects) {
				if (!fresh.has(key)) changes.push({type: 'delete', object});
			}
			for (const [key, object] of fresh) {
				if (this.objects.get(key)?.metadata.resourceVersion !== object.metadata.resourceVersion) changes.push({type: 'upsert', object});
			}
			this.objects.clear();
			for (const [key, object] of fresh) this.objects.set(key, object);
			this.resourceVersion = resourceVersion;
			this.listed = true;
			this.resolveSynced();
			this.emit(changes);
			if (this.options.listOnly) return this.setPhase('live', null);
			await this.watch(generation);
		} catch (error) {
			if (this.isStale(generation)) return;
			if (error instanceof DriftwatchError && (error.code === 'forbidden' || error.code === 'not-found')) {
				// Not allowed to list (or the kind went away): nobody should wait for this cache; try
				// again rarely, in case a Role is granted or a CRD installed.
				this.resolveSynced();
				this.setPhase('failed', describeError(error));
				clearTimeout(this.timer);
				this.timer = setTimeout(() => void this.relist(generation), this.options.backoff?.maxMs ?? 30_000);
				return;
			}
			this.retryLater(error, () => this.relist(generation));
		}
	}

	private async watch(generation: number): Promise<void> {
		if (this.isStale(generation)) return;
		const path = await this.client.discovery.path(this.apiVersion, this.kind, this.namespace);
		if (this.isStale(generation)) return;
		let gone = false;
		let ended = false;
		const open = this.options.openWatch ?? defaultOpenWatch(this.client);
		const rewatch = () => this.watch(generation).catch(failure => this.retryLater(failure, () => this.relist(generation)));
		const stream = await open(
			path,
			{resourceVersion: this.resourceVersion, allowWatchBookmarks: true},
			(type, raw) => {
				if (this.isStale(generation)) return;
				const object = raw as KubeObject & {code?: number};
				if (type === 'ERROR') {
					if (object.code === 410) gone = true;
					return;
				}
				if (object?.metadata?.resourceVersion) this.resourceVersion = object.metadata.resourceVersion;
				if (type === 'BOOKMARK') return;
				const whole = {...object, apiVersion: this.apiVersion, kind: this.kind} as KubeObject;
				if (type === 'DELETED') {
					this.objects.delete(objectKey(whole));
					this.emit([{type: 'delete', object: whole}]);
				} else {
					this.objects.set(objectKey(whole), whole);
					this.emit([{type: 'upsert', object: whole}]);
				}
			},
			error => {
				ended = true;
				// The end of a stream that refresh or stop replaced (aborting it) is not an idle timeout.
				if (this.isStale(generation)) return;
				this.current = undefined;
				if (gone || statusOf(error) === 410) return void this.relist(generation);
				// A normal close or an idle timeout: resume from where we were, at once.
				if (!error || isTimeout(error)) return void rewatch();
				this.retryLater(error, rewatch);
			},
		);
		// Refreshed or stopped while the stream was opening: this stream is not wanted any more.
		if (this.isStale(generation)) {
			stream.abort();
			return;
		}
		// The stream may already have failed while opening; then retryLater has set the phase.
		if (!ended) {
			this.current = stream;
			this.failures = 0;
			this.setPhase('live', null);
		}
	}

	private retryLater(error: unknown, again: () => Promise<void>): void {
		if (this.stopped) return;
		this.failures++;
		const {initialMs, maxMs} = this.options.backoff ?? {initialMs: 500, maxMs: 30_000};
		const delay = Math.min(maxMs, initialMs * 2 ** (this.failures - 1)) * (0.8 + Math.random() * 0.4);
		this.setPhase('reconnecting', describeError(error));
		clearTimeout(this.timer);
		this.timer = setTimeout(() => void again(), delay);
	}

	private setPhase(phase: WatchPhase, error: string | null): void {
		if (this.phase === phase && this.error === error) return;
		this.phase = phase;
		this.error = error;
		this.since = new Date().toISOString();
		for (const listener of this.stateListeners) listener();
	}

	private emit(changes: LiveChange[]): void {
		if (changes.length === 0) return;
		for (const listener of this.changeListeners) listener(changes);
	}
}

function objectKey(object: KubeObject): string {
	return `${object.metadata.namespace ?? ''}/${object.metadata.name}`;
}

function statusOf(error: unknown): number | undefined {
	return typeof error === 'object' && error !== null ? (error as {statusCode?: number}).statusCode : undefined;
}

function isTimeout(error: unknown): boolean {
	return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** The stream client-node's Watch opens; exported so tests can wrap (count) real streams. */
export function defaultOpenWatch(client: ResourceClient): OpenWatch {
	const watch = new Watch(client.connection.config);
	return async (path, query, onEvent, onDone) => {
		const controller = await watch.watch(path, query, (type, object) => onEvent(type, object), onDone);
		return {abort: () => controller.abort()};
	};
}
