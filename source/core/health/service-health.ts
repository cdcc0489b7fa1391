/**
 * Service (v1) health. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {listAt, stringAt} from './json-fields.js';

/** Health of a Service: only a LoadBalancer can wait, for its external address. */
export function serviceHealth(service: KubeObject): HealthStatus {
	if (stringAt(service, 'spec', 'type') === 'LoadBalancer' && listAt(service, 'status', 'loadBalancer', 'ingress').length === 0) {
		return {status: 'Progressing', message: 'Waiting for the load balancer to get an address'};
	}
	return {status: 'Healthy', message: ''};
}
