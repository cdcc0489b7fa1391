/**
 * APIService (apiregistration.k8s.io/v1) health. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {conditionsOf, findCondition} from './json-fields.js';

/** Health of an APIService, from its Available condition. */
export function apiServiceHealth(apiService: KubeObject): HealthStatus {
	const available = findCondition(conditionsOf(apiService), 'Available');
	if (available === undefined) return {status: 'Progressing', message: 'Waiting to be processed'};
	const message = `${available.reason}: ${available.message}`;
	return {status: available.status === 'True' ? 'Healthy' : 'Progressing', message};
}
