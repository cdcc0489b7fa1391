/**
 * Deployment (apps/v1) health, following `kubectl rollout status` as Argo CD does. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {conditionsOf, findCondition, isTrueAt, numberAt} from './json-fields.js';

const waiting = 'Waiting for rollout to finish';

/** Health of a Deployment: paused, deadline exceeded, rolling out, or healthy. */
export function deploymentHealth(deployment: KubeObject): HealthStatus {
	if (isTrueAt(deployment, 'spec', 'paused')) {
		return {status: 'Suspended', message: 'Deployment is paused'};
	}
	// Status numbers describe an older spec until the controller has observed this generation.
	if (numberAt(deployment, 'metadata', 'generation') > numberAt(deployment, 'status', 'observedGeneration')) {
		return {
			status: 'Progressing',
			message: `${waiting}: observed deployment generation less than desired generation`,
		};
	}
	const progressing = findCondition(conditionsOf(deployment), 'Progressing');
	if (progressing?.reason === 'ProgressDeadlineExceeded') {
		return {status: 'Degraded', message: `Deployment "${deployment.metadata.name}" exceeded its progress deadline`};
	}
	const desired = numberAt(deployment, 'spec', 'replicas');
	const replicas = numberAt(deployment, 'status', 'replicas');
	const updated = numberAt(deployment, 'status', 'updatedReplicas');
	const available = numberAt(deployment, 'status', 'availableReplicas');
	if (updated < desired) {
		return {
			status: 'Progressing',
			message: `${waiting}: ${updated} out of ${desired} new replicas have been updated...`,
		};
	}
	if (replicas > updated) {
		return {
			status: 'Progressing',
			message: `${waiting}: ${replicas - updated} old replicas are pending termination...`,
		};
	}
	if (available < updated) {
		return {
			status: 'Progressing',
			message: `${waiting}: ${available} of ${updated} updated replicas are available...`,
		};
	}
	return {status: 'Healthy', message: ''};
}
