/**
 * Argo Rollout (argoproj.io/v1alpha1) health. Rollouts v1.0+ write `status.phase`, which is
 * trusted as is; older controllers are judged from conditions and replica counts. Pure.
 */
import {healthOrder, type HealthStatus, type HealthStatusCode, type KubeObject} from '../kube-object.js';
import {conditionsOf, isObjectAt, isTrueAt, listAt, numberAt, optionalNumberAt, stringAt, valueAt} from './json-fields.js';

const notObserved: HealthStatus = {status: 'Progressing', message: 'Waiting for rollout spec update to be observed'};
const paused: HealthStatus = {status: 'Suspended', message: 'Rollout is paused'};

/** The observed generation; before v1.0 it was a pod-template hash, which says nothing here. */
function observedGeneration(rollout: KubeObject): number | undefined {
	const raw = valueAt(rollout, 'status', 'observedGeneration');
	if (typeof raw === 'number') return raw;
	return typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : undefined;
}

function isHealthCode(value: string): value is HealthStatusCode {
	return (healthOrder as readonly string[]).includes(value);
}

/** Health of an Argo Rollout. */
export function rolloutHealth(rollout: KubeObject): HealthStatus {
	if (!isObjectAt(rollout, 'status') || valueAt(rollout, 'status', 'observedGeneration') === undefined) return notObserved;
	const observed = observedGeneration(rollout);
	if (observed !== undefined && observed !== numberAt(rollout, 'metadata', 'generation')) return notObserved;

	const phase = stringAt(rollout, 'status', 'phase');
	const phaseMessage = stringAt(rollout, 'status', 'message');
	if (phase === 'Paused') return {status: 'Suspended', message: phaseMessage || paused.message};
	if (isHealthCode(phase)) return {status: phase, message: phaseMessage};

	for (const condition of conditionsOf(rollout)) {
		const stopped = condition.reason === 'RolloutAborted' || condition.reason === 'ProgressDeadlineExceeded';
		if (condition.type === 'InvalidSpec' || (condition.type === 'Progressing' && stopped)) {
			return {status: 'Degraded', message: condition.message};
		}
	}
	if (listAt(rollout, 'status', 'pauseConditions').length > 0 || isTrueAt(rollout, 'spec', 'paused')) return paused;

	const currentPodHash = stringAt(rollout, 'status', 'currentPodHash');
	if (!currentPodHash) {
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
	if (isObjectAt(rollout, 'spec', 'strategy', 'canary')) {
		if (numberAt(rollout, 'status', 'replicas') > updated) {
			return {status: 'Progressing', message: 'Waiting for roll out to finish: old replicas are pending termination'};
		}
		// v0.8 moved stableRS from status.canary to status.
		const stable = stringAt(rollout, 'status', 'stableRS') || stringAt(rollout, 'status', 'canary', 'stableRS');
		if (stable !== currentPodHash) return {status: 'Progressing', message: 'Waiting for rollout to finish steps'};
	}
	return {status: 'Healthy', message: ''};
}
