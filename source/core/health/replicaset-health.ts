/**
 * ReplicaSet (apps/v1) health. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {conditionsOf, findCondition, numberAt} from './json-fields.js';

/** Health of a ReplicaSet: a ReplicaFailure condition (quota, admission) is Degraded. */
export function replicaSetHealth(replicaSet: KubeObject): HealthStatus {
	if (numberAt(replicaSet, 'metadata', 'generation') > numberAt(replicaSet, 'status', 'observedGeneration')) {
		return {
			status: 'Progressing',
			message: 'Waiting for rollout to finish: observed replica set generation less than desired generation',
		};
	}
	const failure = findCondition(conditionsOf(replicaSet), 'ReplicaFailure');
	if (failure?.status === 'True') {
		return {status: 'Degraded', message: failure.message};
	}
	const desired = numberAt(replicaSet, 'spec', 'replicas');
	const available = numberAt(replicaSet, 'status', 'availableReplicas');
	if (available < desired) {
		return {
			status: 'Progressing',
			message: `Waiting for rollout to finish: ${available} out of ${desired} new replicas are available...`,
		};
	}
	return {status: 'Healthy', message: ''};
}
