/**
 * DaemonSet (apps/v1) health, following `kubectl rollout status`. Pure.
 */
import type {HealthStatus, KubeObject} from '../kube-object.js';
import {numberAt, stringAt} from './json-fields.js';

/** Health of a DaemonSet: observed, OnDelete, then updated and available pods per node. */
export function daemonSetHealth(daemonSet: KubeObject): HealthStatus {
	if (numberAt(daemonSet, 'metadata', 'generation') > numberAt(daemonSet, 'status', 'observedGeneration')) {
		return {
			status: 'Progressing',
			message: 'Waiting for rollout to finish: observed daemon set generation less than desired generation',
		};
	}
	const desired = numberAt(daemonSet, 'status', 'desiredNumberScheduled');
	const updated = numberAt(daemonSet, 'status', 'updatedNumberScheduled');
	// With OnDelete, old pods stay until someone deletes them: nothing is waiting to finish.
	if (stringAt(daemonSet, 'spec', 'updateStrategy', 'type') === 'OnDelete') {
		return {status: 'Healthy', message: `daemon set ${updated} out of ${desired} new pods have been updated`};
	}
	const name = daemonSet.metadata.name;
	if (updated < desired) {
		return {
			status: 'Progressing',
			message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...`,
		};
	}
	const available = numberAt(daemonSet, 'status', 'numberAvailable');
	if (available < desired) {
		return {
			status: 'Progressing',
			message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...`,
		};
	}
	return {status: 'Healthy', message: ''};
}
