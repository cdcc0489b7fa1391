/**
 * Argo Rollout (argoproj.io/v1alpha1) health, as Argo CD v3.2's Lua rule judges it
 * (resource_customizations/argoproj.io/Rollout/health.lua): Rollouts v1.0+ write `status.phase`,
 * which is surfaced as is; older controllers are judged from conditions, replica counts and the
 * strategy's state. Pure.
 */
import {healthOrder, type HealthStatus, type HealthStatusCode, type KubeObject} from '../kube-object.js';
import {conditionsOf, isObjectAt, isTrueAt, listAt, numberAt, optionalNumberAt, stringAt, valueAt} from './json-fields.js';

const notObserved: HealthStatus = {status: 'Progressing', message: 'Waiting for rollout spec update to be observed'};
const paused: HealthStatus = {status: 'Suspended', message: 'Rollout is paused'};
/** What Argo CD says when a rule returns a status word it does not know. */
const invalidStatus: HealthStatus = {status: 'Unknown', message: 'Lua returned an invalid health status'};

/** Lua's tonumber on a JSON value: numbers, and strings that read as one. */
function toNumber(raw: unknown): number | undefined {
	if (typeof raw === 'number') return raw;
	if (typeof raw !== 'string' || raw.trim() === '') return undefined;
	const value = Number(raw.trim());
	return Number.isNaN(value) ? undefined : value;
}

/**
 * The spec observed: a numeric `status.observedGeneration` equal to the generation. A missing or
 * non-numeric one (before v0.10 it was a pod-template hash), or one ahead, counts as observed.
 */
function isGenerationObserved(rollout: KubeObject): boolean {
	if (!isObjectAt(rollout, 'status')) return false;
	const observed = toNumber(valueAt(rollout, 'status', 'observedGeneration'));
	if (observed === undefined || observed > numberAt(rollout, 'metadata', 'generation')) return true;
	return observed === numberAt(rollout, 'metadata', 'generation');
}

/** With `spec.workloadRef` (v1.1+), the referenced workload's generation must be observed too. */
function isWorkloadGenerationObserved(rollout: KubeObject): boolean {
	if (valueAt(rollout, 'spec', 'workloadRef') === undefined || !isObjectAt(rollout, 'metadata', 'annotations')) return true;
	const wanted = toNumber(valueAt(rollout, 'metadata', 'annotations', 'rollout.argoproj.io/workload-generation'));
	return wanted === toNumber(valueAt(rollout, 'status', 'workloadObservedGeneration'));
}

function isHealthCode(value: string): value is HealthStatusCode {
	return (healthOrder as readonly string[]).includes(value);
}

/** Health of an Argo Rollout. */
export function rolloutHealth(rollout: KubeObject): HealthStatus {
	if (!isGenerationObserved(rollout) || !isWorkloadGenerationObserved(rollout)) return notObserved;

	const phase = valueAt(rollout, 'status', 'phase');
	if (phase !== undefined && phase !== null) {
		const message = stringAt(rollout, 'status', 'message');
		if (phase === 'Paused') return {status: 'Suspended', message};
		return typeof phase === 'string' && isHealthCode(phase) ? {status: phase, message} : invalidStatus;
	}

	for (const condition of conditionsOf(rollout)) {
		const stopped = condition.reason === 'RolloutAborted' || condition.reason === 'ProgressDeadlineExceeded';
		if (condition.type === 'InvalidSpec' || (condition.type === 'Progressing' && stopped)) {
			return {status: 'Degraded', message: condition.message};
		}
	}
	if (listAt(rollout, 'status', 'pauseConditions').length > 0 || isTrueAt(rollout, 'spec', 'paused')) return paused;

	const currentPodHash = valueAt(rollout, 'status', 'currentPodHash');
	if (currentPodHash === undefined || currentPodHash === null) {
		return {status: 'Progressing', message: 'Waiting for rollout to finish: status has not been reconciled.'};
	}
	// The Rollouts controller runs one replica when `spec.replicas` is unset.
	const desired = optionalNumberAt(rollout, 'spec', 'replicas') ?? 1;
	const updated = numberAt(rollout, 'status', 'updatedReplicas');
	if (updated < desired) {
		return {status: 'Progressing', message: 'Waiting for roll out to finish: More replicas need to be updated'};
	}
	if (numberAt(rollout, 'status', 'availableReplicas') < updated) {
		return {status: 'Progressing', message: 'Waiting for roll out to finish: updated replicas are still becoming available'};
	}
	// v0.8 moved stableRS from status.canary to status.
	const stable =
		valueAt(rollout, 'status', 'stableRS') !== undefined
			? stringAt(rollout, 'status', 'stableRS')
			: stringAt(rollout, 'status', 'canary', 'stableRS');
	if (isObjectAt(rollout, 'spec', 'strategy', 'blueGreen')) {
		if (stringAt(rollout, 'status', 'blueGreen', 'activeSelector') !== currentPodHash || !isObjectAt(rollout, 'status', 'blueGreen')) {
			return {status: 'Progressing', message: 'active service cutover pending'};
		}
		if (stable !== '' && stable !== currentPodHash) return {status: 'Progressing', message: 'waiting for analysis to complete'};
	} else if (isObjectAt(rollout, 'spec', 'strategy', 'canary')) {
		if (numberAt(rollout, 'status', 'replicas') > updated) {
			return {status: 'Progressing', message: 'Waiting for roll out to finish: old replicas are pending termination'};
		}
		if (stable === '' || stable !== currentPodHash) return {status: 'Progressing', message: 'Waiting for rollout to finish steps'};
	}
	return {status: 'Healthy', message: ''};
}
