/**
 * Pod (v1) health: container errors first, then the phase. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {conditionsOf, findCondition, isObjectAt, listAt, numberAt, stringAt, valueAt} from './json-fields.js';

/** Waiting reasons the kubelet gives containers that will not start on their own. */
function isErrorReason(reason: string): boolean {
	return reason.startsWith('Err') || reason.endsWith('Error') || reason.endsWith('BackOff');
}

/** Why a terminated container failed, or '' when it did not fail. */
function failureOf(name: string, terminated: unknown): string {
	if (typeof terminated !== 'object' || terminated === null) return '';
	const message = stringAt(terminated, 'message');
	if (message) return message;
	if (stringAt(terminated, 'reason') === 'OOMKilled') return 'OOMKilled';
	const exitCode = numberAt(terminated, 'exitCode');
	return exitCode === 0 ? '' : `container "${name}" failed with exit code ${exitCode}`;
}

/**
 * Health of a Pod.
 *
 * Only long-running pods (`restartPolicy: Always`, the API default) are judged by container
 * errors: an OnFailure/Never pod is usually a sync hook, and calling its ImagePullBackOff
 * Degraded would fail the hook before the image appears.
 */
export function podHealth(pod: KubeObject): HealthStatus {
	const restartPolicy = stringAt(pod, 'spec', 'restartPolicy') || 'Always';
	const longRunning = restartPolicy === 'Always';
	const containers = listAt(pod, 'status', 'containerStatuses');
	const message = stringAt(pod, 'status', 'message');

	if (longRunning) {
		const errors = containers
			.filter(container => isErrorReason(stringAt(container, 'state', 'waiting', 'reason')))
			.map(container => stringAt(container, 'state', 'waiting', 'message'));
		if (errors.length > 0) return {status: 'Degraded', message: errors.join(', ')};
	}

	switch (stringAt(pod, 'status', 'phase')) {
		case 'Pending':
			// Argo CD says only status.message here (the scheduler's reason is in a condition it does not read).
			return {status: 'Progressing', message};
		case 'Succeeded':
			return {status: 'Healthy', message};
		case 'Failed': {
			if (message) return {status: 'Degraded', message};
			const all = [...listAt(pod, 'status', 'initContainerStatuses'), ...containers];
			const failure = all
				.map(container => failureOf(stringAt(container, 'name'), valueAt(container, 'state', 'terminated')))
				.find(text => text !== '');
			return {status: 'Degraded', message: failure ?? ''};
		}
		case 'Running':
			return runningHealth(longRunning, isReady(pod), containers, message);
		default:
			return {status: 'Unknown', message};
	}
}

function isReady(pod: KubeObject): boolean {
	return findCondition(conditionsOf(pod), 'Ready')?.status === 'True';
}

function runningHealth(longRunning: boolean, ready: boolean, containers: unknown[], message: string): HealthStatus {
	// A finite pod (hook, job pod) that is still running has not finished yet.
	if (!longRunning) return {status: 'Progressing', message};
	if (ready) return {status: 'Healthy', message};
	// Not ready after a container already died once: it is restarting, not starting (Argo CD's message: status.message only).
	if (containers.some(container => isObjectAt(container, 'lastState', 'terminated'))) return {status: 'Degraded', message};
	return {status: 'Progressing', message};
}
