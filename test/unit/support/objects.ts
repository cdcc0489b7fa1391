/** Small builders for sync fixtures: objects, tracked live objects and comparison states. */
import type {ObjectState} from '../../../source/core/app-status.js';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {resourceKeyOf} from '../../../source/core/kube-object.js';
import {withTracking} from '../../../source/core/tracking.js';

const apiVersions: Record<string, string> = {
	Deployment: 'apps/v1',
	StatefulSet: 'apps/v1',
	DaemonSet: 'apps/v1',
	ReplicaSet: 'apps/v1',
	Ingress: 'networking.k8s.io/v1',
	NetworkPolicy: 'networking.k8s.io/v1',
	IngressClass: 'networking.k8s.io/v1',
	Job: 'batch/v1',
	CronJob: 'batch/v1',
	CustomResourceDefinition: 'apiextensions.k8s.io/v1',
	ClusterRole: 'rbac.authorization.k8s.io/v1',
	ClusterRoleBinding: 'rbac.authorization.k8s.io/v1',
	Role: 'rbac.authorization.k8s.io/v1',
	RoleBinding: 'rbac.authorization.k8s.io/v1',
	HorizontalPodAutoscaler: 'autoscaling/v2',
	PodDisruptionBudget: 'policy/v1',
	StorageClass: 'storage.k8s.io/v1',
	APIService: 'apiregistration.k8s.io/v1',
	Widget: 'example.com/v1',
};

const clusterScoped = new Set([
	'Namespace',
	'CustomResourceDefinition',
	'ClusterRole',
	'ClusterRoleBinding',
	'StorageClass',
	'PersistentVolume',
	'IngressClass',
	'APIService',
]);

/** An object of `kind`; namespaced kinds go to 'demo' unless told otherwise. */
export function object(
	kind: string,
	name: string,
	options: {namespace?: string; wave?: number | string; annotations?: Record<string, string>} = {},
): KubeObject {
	const annotations = {
		...options.annotations,
		...(options.wave === undefined ? {} : {'argocd.argoproj.io/sync-wave': String(options.wave)}),
	};
	const namespace = clusterScoped.has(kind) ? undefined : (options.namespace ?? 'demo');
	return {
		apiVersion: apiVersions[kind] ?? 'v1',
		kind,
		metadata: {name, ...(namespace ? {namespace} : {}), ...(Object.keys(annotations).length > 0 ? {annotations} : {})},
	};
}

/** A CRD that defines `group/kind`. */
export function crd(group: string, kind: string, wave?: number): KubeObject {
	const base = object('CustomResourceDefinition', `${kind.toLowerCase()}s.${group}`, {wave});
	return {...base, spec: {group, names: {kind, plural: `${kind.toLowerCase()}s`}}};
}

/** A live object as driftwatch left it for `app`. */
export function tracked(app: string, live: KubeObject): KubeObject {
	return withTracking(app, live);
}

export function state(
	of: KubeObject,
	syncStatus: 'Synced' | 'OutOfSync',
	drift: ObjectState['drift'] = syncStatus === 'Synced' ? 'none' : 'modified',
): ObjectState {
	return {
		key: resourceKeyOf(of),
		apiVersion: of.apiVersion,
		syncStatus,
		drift,
		changedPaths: [],
		diff: null,
		health: null,
		attribution: [],
		warnings: [],
	};
}

export function names(objects: KubeObject[]): string[] {
	return objects.map(item => `${item.kind}/${item.metadata.name}`);
}
