import {describe, expect, it} from 'vitest';
import {assessHealth, hasHealthRule} from '../../../../source/core/health/index.js';
import type {KubeObject} from '../../../../source/core/kube-object.js';

function object(apiVersion: string, kind: string, fields: Record<string, unknown> = {}): KubeObject {
	return {apiVersion, kind, metadata: {name: 'web', namespace: 'demo'}, ...fields};
}

describe('assessHealth: rules for every kind', () => {
	it('turns an Error thrown by a check into Unknown with its message', () => {
		const deployment = object('apps/v1', 'Deployment');
		Object.defineProperty(deployment, 'status', {
			enumerable: true,
			get() {
				throw new Error('status is unreadable');
			},
		});
		expect(assessHealth(deployment)).toEqual({status: 'Unknown', message: 'status is unreadable'});
	});

	it('turns a thrown non-Error into Unknown with its text', () => {
		const pod = object('v1', 'Pod');
		Object.defineProperty(pod, 'spec', {
			enumerable: true,
			get() {
				// A getter that throws a string: health must cope with non-Error throws too.
				// eslint-disable-next-line @typescript-eslint/only-throw-error
				throw 'spec is gone';
			},
		});
		expect(assessHealth(pod)).toEqual({status: 'Unknown', message: 'spec is gone'});
	});

	it('reports an HPA v1 conditions annotation that is JSON but not a list', () => {
		const hpa = object('autoscaling/v1', 'HorizontalPodAutoscaler');
		hpa.metadata.annotations = {'autoscaling.alpha.kubernetes.io/conditions': '{"type":"AbleToScale"}'};
		expect(assessHealth(hpa)).toEqual({
			status: 'Unknown',
			message: 'annotation autoscaling.alpha.kubernetes.io/conditions is not a JSON list',
		});
	});

	it('dispatches by group and kind, any version', () => {
		expect(hasHealthRule(object('apps/v1', 'Deployment'))).toBe(true);
		expect(hasHealthRule(object('example.com/v1', 'Deployment'))).toBe(false);
		expect(assessHealth(object('example.com/v1', 'Deployment'))).toBeNull();
		expect(assessHealth(object('v1', 'Secret'))).toBeNull();
		expect(assessHealth(object('extensions/v1beta1', 'Ingress'))?.status).toBe('Progressing');
		expect(assessHealth(object('networking.k8s.io/v1', 'Ingress'))?.status).toBe('Progressing');
	});
});

describe('assessHealth: missing numbers count as 0', () => {
	const waitingDeployment = 'Waiting for rollout to finish: 0 out of 2 new replicas have been updated...';
	const waitingReplicaSet = 'Waiting for rollout to finish: 0 out of 1 new replicas are available...';
	it.each([
		['Deployment with no status', object('apps/v1', 'Deployment', {spec: {replicas: 2}}), 'Progressing', waitingDeployment],
		[
			'StatefulSet with no status',
			object('apps/v1', 'StatefulSet'),
			'Progressing',
			'Waiting for statefulset spec update to be observed...',
		],
		['DaemonSet with no status', object('apps/v1', 'DaemonSet'), 'Healthy', ''],
		['ReplicaSet with no status', object('apps/v1', 'ReplicaSet', {spec: {replicas: 1}}), 'Progressing', waitingReplicaSet],
		['Pod with no status', object('v1', 'Pod'), 'Unknown', ''],
		['Job with no status', object('batch/v1', 'Job'), 'Progressing', ''],
		['PDB with no status', object('policy/v1', 'PodDisruptionBudget'), 'Progressing', 'Waiting for status'],
		['Service with no spec', object('v1', 'Service'), 'Healthy', ''],
	])('%s', (_case, input, status, message) => {
		expect(assessHealth(input)).toEqual({status, message});
	});

	it('treats a field of the wrong type as missing', () => {
		const deployment = object('apps/v1', 'Deployment', {spec: {replicas: '3'}, status: {replicas: null}});
		expect(assessHealth(deployment)).toEqual({status: 'Healthy', message: ''});
	});
});

describe('assessHealth: details of single kinds', () => {
	it('treats a Pod without restartPolicy as long-running (the API default)', () => {
		const pod = object('v1', 'Pod', {
			spec: {containers: [{name: 'app', image: 'app:1'}]},
			status: {
				phase: 'Running',
				containerStatuses: [{name: 'app', state: {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 10s'}}}],
			},
		});
		expect(assessHealth(pod)).toEqual({status: 'Degraded', message: 'back-off 10s'});
	});

	it('names a restarted container that left no reason', () => {
		const pod = object('v1', 'Pod', {
			spec: {restartPolicy: 'Always'},
			status: {phase: 'Running', containerStatuses: [{name: 'app', lastState: {terminated: {exitCode: 0}}}]},
		});
		expect(assessHealth(pod)).toEqual({status: 'Degraded', message: 'container "app" restarted'});
	});

	it('compares CronJob times as instants, not text', () => {
		// 01:00:30-01:00 is 02:00:30Z: after the 02:00:00Z schedule, although it sorts before it as text.
		const cronJob = object('batch/v1', 'CronJob', {
			spec: {schedule: '0 2 * * *'},
			status: {lastScheduleTime: '2025-03-14T02:00:00Z', lastSuccessfulTime: '2025-03-14T01:00:30-01:00'},
		});
		expect(assessHealth(cronJob)?.status).toBe('Healthy');
	});

	it('runs one Rollout replica when spec.replicas is unset, as the controller does', () => {
		const rollout = object('argoproj.io/v1alpha1', 'Rollout', {
			spec: {strategy: {blueGreen: {activeService: 'web'}}},
			status: {observedGeneration: '0', currentPodHash: 'abc', updatedReplicas: 0},
		});
		expect(assessHealth(rollout)).toEqual({
			status: 'Progressing',
			message: 'Waiting for roll out to finish: More replicas need to be updated',
		});
	});

	it('reads Rollout conditions only when there is no recognised phase', () => {
		const rollout = object('argoproj.io/v1alpha1', 'Rollout', {
			metadata: {name: 'web', namespace: 'demo', generation: 2},
			status: {
				observedGeneration: 2,
				phase: 'Something',
				conditions: [{type: 'InvalidSpec', status: 'True', message: 'bad spec'}],
			},
		});
		expect(assessHealth(rollout)).toEqual({status: 'Degraded', message: 'bad spec'});
	});
});
