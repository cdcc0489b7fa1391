/**
 * Everything the engine needs from one cluster: the raw-JSON client, shared watches and their
 * states for the header, pod logs, and Argo Rollouts patches.
 */
import type {Destination} from '../ports/destination.js';
import {followPodLogs} from './pod-logs.js';
import type {ResourceClient} from './resource-client.js';
import {KubeRolloutPatcher} from './rollout-patcher.js';
import {WatchHub} from './watch-hub.js';

/** `listOnly`: read each kind with one list and open no watch (the one-shot commands). */
export function clusterDestination(client: ResourceClient, options: {listOnly?: boolean} = {}): Destination & {hub: WatchHub} {
	const hub = new WatchHub(client, options.listOnly ? {listOnly: true} : {});
	return {
		hub,
		cluster: client,
		watches: hub,
		watchStates: () =>
			hub.all().map(cache => ({
				apiVersion: cache.apiVersion,
				kind: cache.kind,
				namespace: cache.namespace,
				phase: cache.phase,
				error: cache.error,
				since: cache.since,
			})),
		onWatchState: listener => hub.onState(listener),
		logs: (pod, container, onLine, onError, options) => followPodLogs(client.connection, pod, container, onLine, onError, options),
		rollouts: new KubeRolloutPatcher(client.rest, client.discovery),
	};
}
