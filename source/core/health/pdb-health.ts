/**
 * PodDisruptionBudget (policy/v1) health. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {conditionsOf} from './json-fields.js';

/**
 * Health of a PodDisruptionBudget. `InsufficientPods` is not a failure: a budget that allows
 * no disruption right now (e.g. one replica, minAvailable 1) can be exactly what was asked for.
 */
export function pdbHealth(budget: KubeObject): HealthStatus {
	const conditions = conditionsOf(budget);
	const failed = conditions.find(condition => condition.status === 'False' && condition.reason !== 'InsufficientPods');
	if (failed !== undefined) {
		return {status: 'Degraded', message: `PodDisruptionBudget has ${failed.reason}`};
	}
	const last = conditions.at(-1);
	if (last === undefined) return {status: 'Progressing', message: 'Waiting for status'};
	return {status: 'Healthy', message: `PodDisruptionBudget has ${last.reason}`};
}
