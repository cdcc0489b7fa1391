/**
 * StatefulSet (apps/v1) health, following `kubectl rollout status`. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {isObjectAt, numberAt, optionalNumberAt, stringAt} from './json-fields.js';

/** Health of a StatefulSet: observed, pods ready, then partition / OnDelete / revision rules. */
export function statefulSetHealth(statefulSet: KubeObject): HealthStatus {
	const observed = numberAt(statefulSet, 'status', 'observedGeneration');
	if (observed === 0 || numberAt(statefulSet, 'metadata', 'generation') > observed) {
		return {status: 'Progressing', message: 'Waiting for statefulset spec update to be observed...'};
	}
	const desired = numberAt(statefulSet, 'spec', 'replicas');
	const ready = numberAt(statefulSet, 'status', 'readyReplicas');
	if (ready < desired) {
		return {status: 'Progressing', message: `Waiting for ${desired - ready} pods to be ready...`};
	}
	const updated = numberAt(statefulSet, 'status', 'updatedReplicas');
	const strategy = stringAt(statefulSet, 'spec', 'updateStrategy', 'type');
	// The API server defaults `rollingUpdate.partition` to 0, so live RollingUpdate sets land here;
	// as in Argo CD, a `rollingUpdate` without a partition is "partitioned roll out complete" too.
	const partition = optionalNumberAt(statefulSet, 'spec', 'updateStrategy', 'rollingUpdate', 'partition');
	if (strategy === 'RollingUpdate' && isObjectAt(statefulSet, 'spec', 'updateStrategy', 'rollingUpdate')) {
		const target = desired - (partition ?? 0);
		if (partition !== undefined && updated < target) {
			return {
				status: 'Progressing',
				message: `Waiting for partitioned roll out to finish: ${updated} out of ${target} new pods have been updated...`,
			};
		}
		return {status: 'Healthy', message: `partitioned roll out complete: ${updated} new pods have been updated...`};
	}
	if (strategy === 'OnDelete') {
		return {status: 'Healthy', message: `statefulset has ${ready} ready pods`};
	}
	const updateRevision = stringAt(statefulSet, 'status', 'updateRevision');
	const currentRevision = stringAt(statefulSet, 'status', 'currentRevision');
	if (updateRevision !== currentRevision) {
		return {
			status: 'Progressing',
			message: `waiting for statefulset rolling update to complete ${updated} pods at revision ${updateRevision}...`,
		};
	}
	const current = numberAt(statefulSet, 'status', 'currentReplicas');
	return {
		status: 'Healthy',
		message: `statefulset rolling update complete ${current} pods at revision ${currentRevision}...`,
	};
}
