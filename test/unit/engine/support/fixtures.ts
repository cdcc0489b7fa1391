/**
 * Fixtures for the engine tests: the app definition, small object builders, and what
 * `kubectl scale` leaves behind.
 */
import {type AppDefinition, defaultSyncOptions} from '../../../../source/core/app-definition.js';
import type {KubeObject, ManagedFieldsEntry} from '../../../../source/core/kube-object.js';
import {withTracking} from '../../../../source/core/tracking.js';

export const appName = 'shop';
export const namespace = 'demo';
export const repoURL = 'memory://shop.git';

function clone<T>(value: T): T {
	return structuredClone(value);
}

export function configMap(name: string, data: Record<string, string>, annotations?: Record<string, string>): KubeObject {
	return {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name, ...(annotations ? {annotations} : {})}, data};
}

export function deployment(name: string, replicas: number, image = 'nginx:1.27'): KubeObject {
	return {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name},
		spec: {
			replicas,
			selector: {matchLabels: {app: name}},
			template: {metadata: {labels: {app: name}}, spec: {containers: [{name, image}]}},
		},
	};
}

/** An object as driftwatch left it live: in the namespace, tracked by `app`, rolled out. */
export function deployed(object: KubeObject, app = appName): KubeObject {
	const placed = {...clone(object), metadata: {...clone(object.metadata), namespace: object.metadata.namespace ?? namespace}};
	const live = withTracking(app, placed);
	return live.kind === 'Deployment' ? {...live, status: rolledOut(live)} : live;
}

/** `kubectl scale --replicas=n`: the field manager the API server records for it. */
export function scaledBy(manager = 'kubectl'): ManagedFieldsEntry {
	return {
		manager,
		operation: 'Update',
		subresource: 'scale',
		time: '2025-01-01T12:00:00Z',
		fieldsType: 'FieldsV1',
		fieldsV1: {'f:spec': {'f:replicas': {}}},
	};
}

/** Sets replicas (and a status that follows, as the controller would). */
export function scaleTo(replicas: number): (object: KubeObject) => void {
	return object => {
		(object['spec'] as {replicas: number}).replicas = replicas;
		object['status'] = {observedGeneration: 0, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas};
	};
}

export function appDefinition(fields: Partial<AppDefinition> = {}): AppDefinition {
	return {
		name: appName,
		project: 'default',
		sources: [{repoURL, targetRevision: 'HEAD', path: 'deploy'}],
		destination: {namespace},
		syncPolicy: {automated: null, syncOptions: defaultSyncOptions(), retry: null},
		ignoreDifferences: [],
		revisionHistoryLimit: 10,
		origin: 'test',
		warnings: [],
		...fields,
	};
}

/** The status a Deployment controller reports once `spec.replicas` are rolled out. */
export function rolledOut(deployment: KubeObject): Record<string, unknown> {
	const spec = deployment['spec'] as {replicas?: number} | undefined;
	const replicas = spec?.replicas ?? 1;
	return {observedGeneration: 0, replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas};
}
