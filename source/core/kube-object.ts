/**
 * The shapes every layer shares: a Kubernetes object as plain JSON, and its identity.
 * Pure: no I/O.
 */

/** Object metadata, loosely typed: only the fields driftwatch reads are named. */
export interface ObjectMeta {
	name: string;
	namespace?: string;
	generateName?: string;
	uid?: string;
	resourceVersion?: string;
	generation?: number;
	creationTimestamp?: string;
	deletionTimestamp?: string;
	labels?: Record<string, string>;
	annotations?: Record<string, string>;
	ownerReferences?: OwnerReference[];
	managedFields?: ManagedFieldsEntry[];
	[field: string]: unknown;
}

export interface OwnerReference {
	apiVersion: string;
	kind: string;
	name: string;
	uid: string;
	controller?: boolean;
}

/** One entry of `metadata.managedFields`: who owns which fields, and since when. */
export interface ManagedFieldsEntry {
	manager?: string;
	/** 'Apply' or 'Update' as the API server writes them today; kept open for future operations. */
	operation?: string;
	apiVersion?: string;
	time?: string;
	fieldsType?: string;
	fieldsV1?: Record<string, unknown>;
	subresource?: string;
}

/** A Kubernetes object as JSON. Everything but apiVersion, kind and metadata is open. */
export interface KubeObject {
	apiVersion: string;
	kind: string;
	metadata: ObjectMeta;
	[field: string]: unknown;
}

/** Identity of an object, as Argo CD keys resources: group, kind, namespace, name. */
export interface ResourceKey {
	/** API group; '' for the core group. */
	group: string;
	kind: string;
	/** '' for cluster-scoped objects. */
	namespace: string;
	name: string;
}

/** The API group of an apiVersion: 'apps/v1' -> 'apps', 'v1' -> ''. */
export function groupOf(apiVersion: string): string {
	const slash = apiVersion.indexOf('/');
	return slash === -1 ? '' : apiVersion.slice(0, slash);
}

export function resourceKeyOf(object: KubeObject): ResourceKey {
	return {
		group: groupOf(object.apiVersion),
		kind: object.kind,
		namespace: object.metadata.namespace ?? '',
		name: object.metadata.name,
	};
}

/** A stable string for maps: 'apps/Deployment/default/web', '/Namespace//demo'. */
export function keyString(key: ResourceKey): string {
	return `${key.group}/${key.kind}/${key.namespace}/${key.name}`;
}

/** How people read an object's identity: 'Deployment/default/web' or 'Namespace/demo'. */
export function displayKey(key: ResourceKey): string {
	return key.namespace ? `${key.kind}/${key.namespace}/${key.name}` : `${key.kind}/${key.name}`;
}

export function isKubeObject(value: unknown): value is KubeObject {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
	const candidate = value as Record<string, unknown>;
	const metadata = candidate['metadata'] as Record<string, unknown> | undefined;
	return (
		typeof candidate['apiVersion'] === 'string' &&
		typeof candidate['kind'] === 'string' &&
		typeof metadata === 'object' &&
		metadata !== null &&
		typeof metadata['name'] === 'string'
	);
}

/** Health words, best to worst, as Argo CD users know them. */
export const healthOrder = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'] as const;
export type HealthStatusCode = (typeof healthOrder)[number];

export interface HealthStatus {
	status: HealthStatusCode;
	message: string;
}

export type SyncStatusCode = 'Synced' | 'OutOfSync' | 'Unknown';
