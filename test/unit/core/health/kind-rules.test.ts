import {describe, expect, it} from 'vitest';
import {assessHealth} from '../../../../source/core/health/index.js';
import {fixtureNames, loadFixture} from './support/health-fixtures.js';

/**
 * Every rule of semantics.md section 1, each with the fixture that exercises it. The expected
 * status and message live in each fixture's `# expect:` header.
 */
const rules: ReadonlyArray<readonly [rule: string, fixture: string]> = [
	['any kind being deleted is Progressing', 'deployment-pending-deletion'],
	['deletion applies to kinds without a rule too', 'configmap-pending-deletion'],
	['a kind without a rule has no health', 'configmap'],
	['a check that throws is Unknown with the error text', 'hpa-v1-bad-annotation'],

	['Deployment: paused is Suspended', 'deployment-paused'],
	['Deployment: ProgressDeadlineExceeded is Degraded', 'deployment-deadline-exceeded'],
	['Deployment: fewer updated than desired', 'deployment-progressing'],
	['Deployment: old replicas pending termination', 'deployment-old-replicas-pending'],
	['Deployment: updated replicas not yet available', 'deployment-updated-unavailable'],
	['Deployment: all updated and available', 'deployment-healthy'],
	['Deployment: missing status counters count as 0', 'deployment-scaled-to-zero'],
	['Deployment: generation ahead of observed', 'deployment-generation-ahead'],

	['StatefulSet: no observed generation', 'statefulset-unobserved'],
	['StatefulSet: generation ahead of observed', 'statefulset-generation-ahead'],
	['StatefulSet: pods not ready', 'statefulset-pods-not-ready'],
	['StatefulSet: partition not yet rolled out', 'statefulset-partition'],
	['StatefulSet: partition rolled out', 'statefulset-partition-complete'],
	['StatefulSet: default partition 0, all updated', 'statefulset-healthy'],
	['StatefulSet: OnDelete is Healthy', 'statefulset-ondelete'],
	['StatefulSet: update revision differs from current', 'statefulset-revision-pending'],
	['StatefulSet: revisions equal', 'statefulset-revision-complete'],
	['StatefulSet: rollingUpdate without a partition is a complete partitioned roll out', 'statefulset-rolling-update-no-partition'],

	['DaemonSet: generation ahead of observed', 'daemonset-generation-ahead'],
	['DaemonSet: OnDelete is Healthy', 'daemonset-ondelete'],
	['DaemonSet: fewer updated than desired', 'daemonset-updating'],
	['DaemonSet: fewer available than desired', 'daemonset-unavailable'],
	['DaemonSet: all updated and available', 'daemonset-healthy'],

	['ReplicaSet: ReplicaFailure is Degraded with its message', 'replicaset-replica-failure'],
	['ReplicaSet: fewer available than desired', 'replicaset-progressing'],
	['ReplicaSet: all available', 'replicaset-healthy'],
	['ReplicaSet: generation ahead of observed', 'replicaset-generation-ahead'],

	['Pod: CrashLoopBackOff is Degraded with the waiting message', 'pod-crashloopbackoff'],
	['Pod: ImagePullBackOff wins over the Pending phase', 'pod-imagepullbackoff'],
	['Pod: several container errors are joined', 'pod-multiple-container-errors'],
	['Pod: a hook pod (Never) in ImagePullBackOff is not Degraded', 'pod-hook-imagepullbackoff'],
	['Pod: init container errors do not count', 'pod-init-crashloop'],
	['Pod: Pending is Progressing with status.message only (not the scheduler condition), as Argo CD', 'pod-pending-unschedulable'],
	['Pod: Succeeded is Healthy', 'pod-succeeded'],
	['Pod: Failed uses status.message', 'pod-evicted'],
	['Pod: Failed uses a terminated container message (init first)', 'pod-init-failed'],
	['Pod: Failed by OOMKilled', 'pod-oomkilled'],
	['Pod: Failed with an exit code', 'pod-failed-exit-code'],
	['Pod: Running, long-running and Ready', 'pod-running-ready'],
	['Pod: Running, not Ready, after a container died', 'pod-running-restarted'],
	['Pod: Running, not Ready yet', 'pod-running-starting'],
	['Pod: Running with restartPolicy Never', 'pod-running-never'],
	['Pod: any other phase is Unknown', 'pod-unknown-phase'],

	['Service: LoadBalancer without ingress', 'service-loadbalancer-pending'],
	['Service: LoadBalancer with ingress', 'service-loadbalancer-ready'],
	['Service: ClusterIP', 'service-clusterip'],
	['Ingress: with an address', 'ingress-healthy'],
	['Ingress: without an address', 'ingress-pending'],
	['PVC: Bound', 'pvc-bound'],
	['PVC: Pending', 'pvc-pending'],
	['PVC: Lost', 'pvc-lost'],
	['PVC: no phase', 'pvc-no-phase'],

	['Job: no finishing condition is Progressing', 'job-running'],
	['Job: Complete is Healthy', 'job-complete'],
	['Job: Failed is Degraded', 'job-failed'],
	['Job: Suspended=True is Suspended, with no message (Argo CD gives the empty failure message)', 'job-suspended'],
	['Job: Suspended=False counts as complete', 'job-resumed'],

	['CronJob: suspended', 'cronjob-suspended'],
	['CronJob: no status', 'cronjob-no-status'],
	['CronJob: never scheduled', 'cronjob-never-scheduled'],
	['CronJob: never succeeded', 'cronjob-never-succeeded'],
	['CronJob: a job is running', 'cronjob-active'],
	['CronJob: last success before last schedule, none active', 'cronjob-last-failed'],
	['CronJob: last execution succeeded', 'cronjob-healthy'],

	['HPA v2: AbleToScale=True is Healthy', 'hpa-v2-healthy'],
	['HPA v2: ScalingLimited=True is Healthy', 'hpa-v2-scaling-limited'],
	['HPA v2: FailedGetScale', 'hpa-v2-failed-get-scale'],
	['HPA v2: FailedGetResourceMetric wins over an earlier AbleToScale=True', 'hpa-v2-failed-get-resource-metric'],
	['HPA v2: FailedGetPodsMetric', 'hpa-v2-failed-get-pods-metric'],
	['HPA v2: InvalidSelector', 'hpa-v2-invalid-selector'],
	['HPA v2: FailedComputeMetricsReplicas', 'hpa-v2-failed-compute-replicas'],
	['HPA v2: no conditions', 'hpa-v2-no-conditions'],
	['HPA v1: FailedGetScale from the annotation', 'hpa-v1-failed-get-scale'],
	['HPA v1: healthy from the annotation', 'hpa-v1-healthy'],
	['HPA v1: no annotation', 'hpa-v1-no-annotation'],

	['APIService: Available=True', 'apiservice-available'],
	['APIService: Available=False', 'apiservice-unavailable'],
	['APIService: no conditions', 'apiservice-no-status'],

	['PDB: a False condition other than InsufficientPods', 'pdb-sync-failed'],
	['PDB: InsufficientPods is still Healthy', 'pdb-insufficient-pods'],
	['PDB: no conditions', 'pdb-no-status'],
	['PDB: disruptions allowed', 'pdb-healthy'],

	['Rollout: no status', 'rollout-no-status'],
	['Rollout: generation not observed', 'rollout-unobserved'],
	['Rollout: phase Paused is Suspended', 'rollout-phase-paused'],
	['Rollout: phase Degraded', 'rollout-phase-degraded'],
	['Rollout: phase Progressing', 'rollout-phase-progressing'],
	['Rollout: phase Healthy', 'rollout-phase-healthy'],
	['Rollout: InvalidSpec', 'rollout-invalid-spec'],
	['Rollout: RolloutAborted', 'rollout-aborted'],
	['Rollout: ProgressDeadlineExceeded', 'rollout-deadline-exceeded'],
	['Rollout: pause conditions', 'rollout-paused'],
	['Rollout: spec.paused', 'rollout-spec-paused'],
	['Rollout: not reconciled yet', 'rollout-not-reconciled'],
	['Rollout: updated replicas short', 'rollout-replicas-short'],
	['Rollout: available replicas short', 'rollout-unavailable'],
	['Rollout: canary old replicas pending termination', 'rollout-old-replicas'],
	['Rollout: canary stableRS differs from currentPodHash', 'rollout-canary-steps'],
	['Rollout: legacy hash observedGeneration, all done', 'rollout-healthy'],
	['Rollout: phase Paused without a message has none', 'rollout-phase-paused-no-message'],
	['Rollout: observedGeneration ahead counts as observed', 'rollout-observed-generation-ahead'],
	['Rollout: no observedGeneration counts as observed', 'rollout-no-observed-generation'],
	['Rollout: workloadRef generation not observed', 'rollout-workload-unobserved'],
	['Rollout: blue-green active Service not cut over', 'rollout-bluegreen-cutover'],
	['Rollout: blue-green cut over, not stable yet', 'rollout-bluegreen-analysis'],
	['Rollout: blue-green cut over and stable', 'rollout-bluegreen-healthy'],

	['Workflow: running', 'workflow-running'],
	['Workflow: no status yet', 'workflow-no-status'],
	['Workflow: Succeeded is Healthy', 'workflow-succeeded'],
	['Workflow: Failed is Degraded', 'workflow-failed'],
	['Workflow: Error is Degraded', 'workflow-error'],
];

describe('health per kind', () => {
	it.each(rules)('%s (%s)', (_rule, name) => {
		const {object, expected} = loadFixture(name);
		const health = assessHealth(object);
		if (expected === null) {
			expect(health).toBeNull();
			return;
		}
		expect(health?.status).toBe(expected.status);
		if (expected.message instanceof RegExp) expect(health?.message).toMatch(expected.message);
		else expect(health?.message).toBe(expected.message);
	});

	it('names every fixture in the table, and only existing ones', () => {
		const named = rules.map(([, fixture]) => fixture).sort();
		expect(new Set(named).size).toBe(named.length);
		expect(named).toEqual(fixtureNames());
	});
});
