/**
 * What the engine needs from one Kubernetes cluster (source/cluster/resource-client.ts implements
 * it): raw JSON objects, server-side apply (also as a dry run), delete, and access reviews.
 * Failures are DriftwatchErrors classified from HTTP status codes by the adapter.
 */
import type {KubeObject} from '../core/kube-object.js';

/** Names one object for a request. */
export interface ObjectRef {
	apiVersion: string;
	kind: string;
	namespace?: string;
	name: string;
}

export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface ClusterPort {
	/** Who acts, for the audit log: the kubeconfig user. */
	readonly user: string;
	readonly context: string;
	readonly server: string;
	/** The object, or undefined when it does not exist. */
	get(ref: ObjectRef): Promise<KubeObject | undefined>;
	list(
		apiVersion: string,
		kind: string,
		namespace?: string,
		labelSelector?: string,
	): Promise<{items: KubeObject[]; resourceVersion: string}>;
	/** Server-side apply with driftwatch's field manager; `dryRun` predicts without changing anything. */
	apply(object: KubeObject, options?: {dryRun?: boolean; force?: boolean}): Promise<KubeObject>;
	delete(ref: ObjectRef, options?: {propagationPolicy?: PropagationPolicy; dryRun?: boolean}): Promise<void>;
	can(verb: string, ref: {apiVersion: string; kind: string; namespace?: string}): Promise<{allowed: boolean; reason: string}>;
	/** Rejects with DriftwatchError 'not-found' when the cluster does not serve the kind. */
	isNamespaced(apiVersion: string, kind: string): Promise<boolean>;
}
