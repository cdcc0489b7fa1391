/**
 * A destination that cannot be used at all (no kubeconfig, an unreadable one, an unknown context):
 * every request rejects with the classified error, and every watch is failed with it. The watch
 * UI runs on it, so the app still shows Git's side (revision, objects, history) with the error in
 * plain words, instead of exiting before the engine exists.
 */
import {describeError, DriftwatchError} from '../core/errors.js';
import type {ClusterPort} from '../ports/cluster.js';
import type {Destination} from '../ports/destination.js';
import type {LiveCache, WatchPort} from '../ports/watch.js';

export interface UnavailableNames {
	/** What the header shows as the context and server (the --context asked for, or 'none'). */
	context: string;
	server: string;
}

/**
 * `failure`: what connect() threw. An unusable kubeconfig (an unknown context, an unreadable file)
 * is, for the app, a cluster it cannot reach: the code says so, the message and hint stay.
 */
export function unavailableDestination(failure: unknown, names: UnavailableNames): Destination {
	const error =
		failure instanceof DriftwatchError && failure.code === 'cluster-unreachable'
			? failure
			: new DriftwatchError('cluster-unreachable', failure instanceof Error ? failure.message : describeError(failure), {
					hint: failure instanceof DriftwatchError ? failure.hint : '',
					cause: failure,
				});
	const fail = () => Promise.reject(error);
	const cluster: ClusterPort = {
		user: '-',
		context: names.context,
		server: names.server,
		get: fail,
		list: fail,
		apply: fail,
		delete: fail,
		can: fail,
		isNamespaced: fail,
	};
	const cache: LiveCache = {
		objects: new Map(),
		phase: 'failed',
		error: describeError(error),
		listed: false,
		whenSynced: () => Promise.resolve(),
	};
	const watches: WatchPort = {subscribe: () => ({cache, unsubscribe: () => {}}), refreshAll: () => {}};
	return {cluster, watches, watchStates: () => [], onWatchState: () => () => {}};
}
