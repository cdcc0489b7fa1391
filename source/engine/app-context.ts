/**
 * What an operation (sync, revert, rollback, Rollouts action) may use of its app: the current
 * state, `dispatch` to report what happened, and the ports. AppRuntime provides it; operations
 * never change state any other way.
 */
import type {AppDefinition} from '../core/app-definition.js';
import type {KubeObject} from '../core/kube-object.js';
import type {Clock} from '../ports/clock.js';
import type {ClusterPort} from '../ports/cluster.js';
import type {GitPorts} from '../ports/git.js';
import type {RenderPort} from '../ports/render.js';
import type {AppEvent} from './app-events.js';
import type {AppState} from './app-state.js';

export interface AppContext {
	readonly name: string;
	readonly definition: AppDefinition;
	readonly readOnly: boolean;
	readonly cluster: ClusterPort;
	readonly git: GitPorts;
	readonly render: RenderPort;
	readonly clock: Clock;
	state(): AppState;
	/** Folds the event into the state, publishes it, and resolves once it is audited. */
	dispatch(event: AppEvent): Promise<void>;
	/** The object in the watch cache that serves its kind and namespace. */
	liveObject(apiVersion: string, kind: string, namespace: string, name: string): KubeObject | undefined;
	/** Compares again now (after a write, or a policy change). */
	requestComparison(): void;
	/** Fetches Git and renders again if the revision moved. */
	pollOnce(options?: {force?: boolean}): Promise<void>;
	/** Waits between sync retries. */
	sleep(ms: number): Promise<void>;
	/** A sync applied `sent` (Git's object now, with tracking) and the server answered `response`. */
	recordApplied?(sent: KubeObject, response: KubeObject): void;
}
