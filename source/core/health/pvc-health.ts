/**
 * PersistentVolumeClaim (v1) health. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {stringAt} from './json-fields.js';

/** Health of a PersistentVolumeClaim, from its phase. */
export function pvcHealth(claim: KubeObject): HealthStatus {
	const phase = stringAt(claim, 'status', 'phase');
	switch (phase) {
		case 'Bound':
			return {status: 'Healthy', message: ''};
		case 'Pending':
			return {status: 'Progressing', message: 'Waiting for the claim to be bound'};
		case 'Lost':
			return {status: 'Degraded', message: 'The claim lost its volume'};
		default:
			return {status: 'Unknown', message: phase ? `Unknown claim phase "${phase}"` : 'The claim has no phase yet'};
	}
}
