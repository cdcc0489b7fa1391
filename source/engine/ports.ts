/**
 * What the engine needs from the outside world, as interfaces. Adapters (source/git, source/render,
 * source/cluster) implement them; only cli.tsx wires the real ones, and unit tests pass fakes.
 */
import type {KubeObject} from '../core/kube-object.js';
import type {AppSource} from '../core/app-definition.js';
import type {AuditEntry} from '../core/audit-entry.js';
import type {CommitInfo} from '../core/commit-info.js';
import type {Notification} from '../core/notification.js';

export type {CommitInfo};

export interface Checkout {
	dir: string;
	dispose(): Promise<void>;
}

export interface GitPort {
	readonly isRemote: boolean;
	prepare(): Promise<void>;
	fetch(): Promise<void>;
	resolve(revision: string): Promise<CommitInfo>;
	checkout(sha: string): Promise<Checkout>;
	history(path: string, options?: {revision?: string; limit?: number}): Promise<CommitInfo[]>;
	revert(sha: string, options: {branch: string; message?: string}): Promise<CommitInfo>;
}

export interface RenderedManifests {
	objects: KubeObject[];
	notices: string[];
	sourceType: 'directory' | 'kustomize' | 'helm';
}

/** Renders one source checked out at `dir` (the repository root). */
export type RenderPort = (dir: string, source: AppSource, namespace: string, appName: string) => Promise<RenderedManifests>;

export interface ObjectRef {
	apiVersion: string;
	kind: string;
	namespace?: string;
	name: string;
}

export interface ClusterPort {
	/** Who acts, for the audit log: the kubeconfig user. */
	readonly user: string;
	readonly context: string;
	readonly server: string;
	get(ref: ObjectRef): Promise<KubeObject | undefined>;
	list(
		apiVersion: string,
		kind: string,
		namespace?: string,
		labelSelector?: string,
	): Promise<{items: KubeObject[]; resourceVersion: string}>;
	apply(object: KubeObject, options?: {dryRun?: boolean; force?: boolean}): Promise<KubeObject>;
	delete(ref: ObjectRef, options?: {propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'; dryRun?: boolean}): Promise<void>;
	can(verb: string, ref: {apiVersion: string; kind: string; namespace?: string}): Promise<{allowed: boolean; reason: string}>;
	isNamespaced(apiVersion: string, kind: string): Promise<boolean>;
}

/** A live cache of one kind in one namespace scope, kept current by a watch. */
export interface LiveCache {
	readonly objects: ReadonlyMap<string, KubeObject>;
	whenSynced(): Promise<void>;
}

export interface LiveChange {
	type: 'upsert' | 'delete';
	object: KubeObject;
}

/** Shared watches (source/cluster/watch-hub.ts). */
export interface WatchPort {
	subscribe(
		apiVersion: string,
		kind: string,
		namespace: string,
		onChange: (changes: LiveChange[]) => void,
	): {cache: LiveCache; unsubscribe(): void};
	refreshAll(): void;
}

/** Streams a pod's log (source/cluster/pod-logs.ts). */
export type LogsPort = (
	pod: {namespace: string; name: string},
	container: string | undefined,
	onLine: (line: string) => void,
	onError: (message: string) => void,
	options?: {previous?: boolean},
) => () => void;

/** Where actions are recorded (source/audit/audit-log.ts). */
export interface AuditPort {
	record(entry: AuditEntry): Promise<void>;
}

/** Who is told about transitions (source/notify/notifier.ts); never throws. */
export interface NotifyPort {
	notify(notification: Notification): Promise<void>;
}
