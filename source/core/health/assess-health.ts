/**
 * Health of one live object, by group and kind, in the words Argo CD users know.
 * Pure: no I/O. The per-kind rules live in one file each, next to this one.
 */
import {groupOf, type HealthStatus, type KubeObject} from '../kube-object.js';
import {apiServiceHealth} from './apiservice-health.js';
import {cronJobHealth} from './cronjob-health.js';
import {daemonSetHealth} from './daemonset-health.js';
import {deploymentHealth} from './deployment-health.js';
import {hpaHealth} from './hpa-health.js';
import {ingressHealth} from './ingress-health.js';
import {jobHealth} from './job-health.js';
import {pdbHealth} from './pdb-health.js';
import {podHealth} from './pod-health.js';
import {pvcHealth} from './pvc-health.js';
import {replicaSetHealth} from './replicaset-health.js';
import {rolloutHealth} from './rollout-health.js';
import {serviceHealth} from './service-health.js';
import {statefulSetHealth} from './statefulset-health.js';
import {workflowHealth} from './workflow-health.js';
import {describeError} from '../errors.js';

type HealthCheck = (object: KubeObject) => HealthStatus;

/** Checks keyed by 'group/Kind' ('' for the core group). Any version of the group is accepted. */
const checks: ReadonlyMap<string, HealthCheck> = new Map<string, HealthCheck>([
	['apps/Deployment', deploymentHealth],
	['apps/StatefulSet', statefulSetHealth],
	['apps/DaemonSet', daemonSetHealth],
	['apps/ReplicaSet', replicaSetHealth],
	['/Pod', podHealth],
	['/Service', serviceHealth],
	['/PersistentVolumeClaim', pvcHealth],
	['networking.k8s.io/Ingress', ingressHealth],
	['extensions/Ingress', ingressHealth],
	['batch/Job', jobHealth],
	['batch/CronJob', cronJobHealth],
	['autoscaling/HorizontalPodAutoscaler', hpaHealth],
	['apiregistration.k8s.io/APIService', apiServiceHealth],
	['policy/PodDisruptionBudget', pdbHealth],
	['argoproj.io/Rollout', rolloutHealth],
	['argoproj.io/Workflow', workflowHealth],
]);

/** True when driftwatch has a health rule for this kind of object. */
export function hasHealthRule(object: KubeObject): boolean {
	return checks.has(`${groupOf(object.apiVersion)}/${object.kind}`);
}

/**
 * The health of a live object.
 *
 * - Any object with `metadata.deletionTimestamp` is Progressing "Pending deletion", whatever its kind.
 * - Kinds without a rule return null: they have no health and count for nothing in the app.
 * - A rule that throws (e.g. an HPA annotation that is not JSON) gives Unknown with the error text.
 */
export function assessHealth(object: KubeObject): HealthStatus | null {
	if (object.metadata.deletionTimestamp) {
		return {status: 'Progressing', message: 'Pending deletion'};
	}
	const check = checks.get(`${groupOf(object.apiVersion)}/${object.kind}`);
	if (check === undefined) return null;
	try {
		return check(object);
	} catch (error) {
		return {status: 'Unknown', message: describeError(error)};
	}
}
