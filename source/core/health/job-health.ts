/**
 * Job (batch/v1) health. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {conditionsOf} from './json-fields.js';

/**
 * Health of a Job, from a walk over its conditions: Failed makes it failed and complete,
 * Complete makes it complete, Suspended makes it complete (and suspended when True).
 * As in Argo CD, a Job with a `Suspended: False` condition (resumed) counts as complete.
 */
export function jobHealth(job: KubeObject): HealthStatus {
	let complete = false;
	let failed = false;
	let suspended = false;
	let message = '';
	let failMessage = '';
	for (const condition of conditionsOf(job)) {
		switch (condition.type) {
			case 'Failed':
				failed = true;
				complete = true;
				failMessage = condition.message;
				break;
			case 'Complete':
				complete = true;
				message = condition.message;
				break;
			case 'Suspended':
				complete = true;
				message = condition.message;
				suspended = condition.status === 'True';
				break;
		}
	}
	if (!complete) return {status: 'Progressing', message};
	if (failed) return {status: 'Degraded', message: failMessage};
	// Argo CD gives a suspended Job the failure message, which is empty by then.
	if (suspended) return {status: 'Suspended', message: failMessage};
	return {status: 'Healthy', message};
}
