/**
 * Argo Workflow (argoproj.io/v1alpha1) health, as Argo CD's built-in rule judges it: a workflow
 * (often a sync hook) runs until it Succeeded, or Failed / Error. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {stringAt} from './json-fields.js';

/** Health of an Argo Workflow, from `status.phase`. */
export function workflowHealth(workflow: KubeObject): HealthStatus {
	const message = stringAt(workflow, 'status', 'message');
	switch (stringAt(workflow, 'status', 'phase')) {
		case '':
		case 'Pending':
		case 'Running':
			return {status: 'Progressing', message};
		case 'Succeeded':
			return {status: 'Healthy', message};
		case 'Failed':
		case 'Error':
			return {status: 'Degraded', message};
		default:
			return {status: 'Unknown', message};
	}
}
