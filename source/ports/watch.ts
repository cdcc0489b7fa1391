/**
 * Shared watches (source/cluster/watch-hub.ts implements it): one list-then-watch per kind and
 * namespace scope, kept current, shared by every app that subscribes to it.
 */
import type {KubeObject} from '../core/kube-object.js';

export type WatchPhase = 'connecting' | 'live' | 'reconnecting' | 'failed';

/** One shared watch stream (one per kind and namespace scope), as the header shows it. */
export interface WatchState {
	apiVersion: string;
	kind: string;
	/** '' for all namespaces / cluster-scoped. */
	namespace: string;
	phase: WatchPhase;
	error: string | null;
	/** ISO time of the last phase change. */
	since: string;
}

/** One change a watch delivered (a relist reports deletions it missed as deletes). */
export interface LiveChange {
	type: 'upsert' | 'delete';
	object: KubeObject;
}

/** A live cache of one kind in one namespace scope, kept current by a watch. */
export interface LiveCache {
	/** By 'namespace/name' ('/name' for cluster-scoped objects). */
	readonly objects: ReadonlyMap<string, KubeObject>;
	/** 'failed' when the list was refused or the kind is not served; then `error` says why. */
	readonly phase: WatchPhase;
	readonly error: string | null;
	/** True once a list has succeeded. */
	readonly listed: boolean;
	/** Resolves after the first list, successful or refused. */
	whenSynced(): Promise<void>;
}

export interface WatchPort {
	/** Subscribes to one kind in one namespace ('' = every namespace, or a cluster-scoped kind). */
	subscribe(
		apiVersion: string,
		kind: string,
		namespace: string,
		onChange: (changes: LiveChange[]) => void,
	): {cache: LiveCache; unsubscribe: () => void};
	/** Lists every cache again now (the user's refresh). */
	refreshAll(): void;
}
