/**
 * Ingress (networking.k8s.io/v1, extensions/v1beta1) health. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {listAt} from './json-fields.js';

/** Health of an Ingress: Healthy once the controller has published an address. */
export function ingressHealth(ingress: KubeObject): HealthStatus {
	if (listAt(ingress, 'status', 'loadBalancer', 'ingress').length > 0) {
		return {status: 'Healthy', message: ''};
	}
	return {status: 'Progressing', message: 'Waiting for the ingress controller to publish an address'};
}
