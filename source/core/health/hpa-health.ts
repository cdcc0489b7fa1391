/**
 * HorizontalPodAutoscaler health, for autoscaling/v2 (`status.conditions`) and autoscaling/v1
 * (the same conditions, as JSON in an annotation). Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {type Condition, conditionsOf, toCondition} from './json-fields.js';

/** Where autoscaling/v1 keeps the conditions its schema has no field for. */
export const hpaConditionsAnnotation = 'autoscaling.alpha.kubernetes.io/conditions';

const waitingToAutoscale: HealthStatus = {status: 'Progressing', message: 'Waiting to Autoscale'};

/** The controller cannot read or scale its target, or cannot compute a replica count. */
function isFailure(condition: Condition): boolean {
	if (condition.type === 'AbleToScale') {
		return condition.reason === 'FailedGetScale' || condition.reason === 'FailedUpdateScale';
	}
	if (condition.type === 'ScalingActive') {
		// FailedGetResourceMetric, FailedGetPodsMetric, FailedGetObjectMetric, FailedGetExternalMetric, ...
		return (
			/^FailedGet\w*Metric$/.test(condition.reason) ||
			condition.reason === 'InvalidSelector' ||
			condition.reason === 'FailedComputeMetricsReplicas'
		);
	}
	return false;
}

function isSettled(condition: Condition): boolean {
	return (condition.type === 'AbleToScale' || condition.type === 'ScalingLimited') && condition.status === 'True';
}

/** Conditions of a v1 HPA; throws when the annotation is not a JSON list. */
function annotationConditions(hpa: KubeObject): Condition[] {
	const text = hpa.metadata.annotations?.[hpaConditionsAnnotation];
	if (text === undefined) return [];
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch (error) {
		throw new Error(`failed to parse annotation ${hpaConditionsAnnotation}: ${(error as Error).message}`, {cause: error});
	}
	if (!Array.isArray(parsed)) throw new Error(`annotation ${hpaConditionsAnnotation} is not a JSON list`);
	return parsed.map(toCondition);
}

/**
 * Health of an HPA. A failure anywhere in the conditions wins over a healthy one: v2 lists
 * AbleToScale=True before a failing ScalingActive, and that HPA cannot scale on its metrics.
 */
export function hpaHealth(hpa: KubeObject): HealthStatus {
	const conditions = hpa.apiVersion === 'autoscaling/v1' ? annotationConditions(hpa) : conditionsOf(hpa);
	const failure = conditions.find(isFailure);
	if (failure !== undefined) return {status: 'Degraded', message: failure.message};
	const settled = conditions.find(isSettled);
	if (settled !== undefined) return {status: 'Healthy', message: settled.message};
	return waitingToAutoscale;
}
