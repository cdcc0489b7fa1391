/**
 * Everything the engine needs from one destination cluster (source/cluster/cluster-destination.ts
 * builds it): its client, its shared watches and their states, pod logs, and Rollouts patches.
 */
import type {ClusterPort} from './cluster.js';
import type {LogsPort} from './logs.js';
import type {RolloutPatcher} from './rollouts.js';
import type {WatchPort, WatchState} from './watch.js';

export interface Destination {
	cluster: ClusterPort;
	watches: WatchPort;
	watchStates(): WatchState[];
	onWatchState(listener: () => void): () => void;
	/** Absent: logs are not available for this cluster. */
	logs?: LogsPort;
	/** Absent: Rollouts actions are not available for this cluster. */
	rollouts?: RolloutPatcher;
}
