/**
 * What driftwatch knows about one app at a moment: the result every command prints and every
 * screen shows. Built by the engine from Git, the renderers and the cluster; plain data.
 */
import type {ObjectDiff} from './diff-objects.js';
import type {HealthStatus, ResourceKey, SyncStatusCode} from './kube-object.js';

export type DriftKind = 'none' | 'modified' | 'missing' | 'extra';

/** Who last changed a drifted field, from managedFields. */
export interface FieldAttribution {
	/** '/spec/replicas' */
	path: string;
	manager: string;
	operation: string;
	/** ISO time of that manager's last write, when the server recorded one. */
	time?: string;
	/** True when `time` is when driftwatch first saw the change (the server records no time for some subresource writes, e.g. scale). */
	timeObserved?: boolean;
	subresource?: string;
}

export interface ObjectState {
	key: ResourceKey;
	apiVersion: string;
	syncStatus: 'Synced' | 'OutOfSync';
	drift: DriftKind;
	changedPaths: string[];
	/** left = live, right = desired; Secret values masked. */
	diff: ObjectDiff | null;
	health: HealthStatus | null;
	attribution: FieldAttribution[];
	warnings: string[];
	/** For pods and workloads: a short live state such as 'Running', 'CrashLoopBackOff'. */
	liveState?: string;
}

export interface RevisionInfo {
	repoURL: string;
	path: string;
	targetRevision: string;
	sha: string;
	shortSha: string;
	subject: string;
	author: string;
	date: string;
}

export interface AppError {
	code: string;
	message: string;
	hint: string;
}

export interface AppStatus {
	name: string;
	syncStatus: SyncStatusCode;
	health: HealthStatus;
	/** The first source's revision (what people call "the" revision). */
	revision: RevisionInfo | null;
	revisions: RevisionInfo[];
	objects: ObjectState[];
	counts: {synced: number; modified: number; missing: number; extra: number};
	/** Set when the state could not be determined (render, Git or cluster failure): sync is Unknown. */
	error: AppError | null;
	warnings: string[];
	notices: string[];
	comparedAt: string;
}

export function emptyCounts(): AppStatus['counts'] {
	return {synced: 0, modified: 0, missing: 0, extra: 0};
}

/** An object in the app's resource tree (Deployment > ReplicaSet > Pod), with live detail. */
export interface ResourceNode {
	key: ResourceKey;
	apiVersion: string;
	/** Undefined for children that Git does not manage (ReplicaSets, Pods). */
	syncStatus?: 'Synced' | 'OutOfSync';
	health: HealthStatus | null;
	/** Pods: Pending, ContainerCreating, Running, CrashLoopBackOff, Terminating... */
	liveState?: string;
	/** Containers of a pod, for the logs view. */
	containers?: string[];
	children: ResourceNode[];
}
