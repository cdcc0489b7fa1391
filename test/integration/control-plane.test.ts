/**
 * The control plane itself behaves like a real cluster: rollouts, replacement of deleted pods,
 * scaling, RBAC, kubelet-like failure states, and an API server restart that keeps the data.
 */
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {readControlPlaneState, restartApiServer, stopApiServer} from '../../source/control-plane/control-plane.js';
import {controlPlaneDir, createNamespace, deleteNamespace, kubectl, kubectlJson, kubectlResult, waitFor} from './support/cluster.js';

type PodList = {items: Array<{metadata: {name: string; deletionTimestamp?: string}; status?: Record<string, unknown>}>};
type Deployment = {spec: {replicas: number}; status?: {availableReplicas?: number; readyReplicas?: number; replicas?: number}};

const fixture = path.resolve('fixtures/cluster/deployment-web.yaml');
let namespace = '';

beforeAll(async () => {
	namespace = await createNamespace('cp');
	await kubectl(['apply', '-n', namespace, '-f', fixture]);
});
afterAll(async () => deleteNamespace(namespace));

const runningPods = async () => {
	const pods = await kubectlJson<PodList>(['get', 'pods', '-n', namespace, '-l', 'app=web']);
	return pods.items.filter(pod => !pod.metadata.deletionTimestamp && pod.status?.['phase'] === 'Running');
};

describe('the local control plane', () => {
	it('rolls a Deployment out: Available, with Running and Ready pods', async () => {
		await kubectl(['rollout', 'status', '-n', namespace, 'deployment/web', '--timeout=60s']);
		const deployment = await kubectlJson<Deployment>(['get', 'deployment', 'web', '-n', namespace]);
		expect(deployment.status?.availableReplicas).toBe(2);
		const pods = await runningPods();
		expect(pods).toHaveLength(2);
		for (const pod of pods) {
			const conditions = pod.status?.['conditions'] as Array<{type: string; status: string}>;
			expect(conditions.find(condition => condition.type === 'Ready')?.status).toBe('True');
		}
	});

	it('replaces a deleted pod through its ReplicaSet', async () => {
		const [victim] = await runningPods();
		expect(victim).toBeDefined();
		await kubectl(['delete', 'pod', '-n', namespace, victim!.metadata.name, '--wait=true', '--timeout=30s']);
		const replaced = await waitFor('a replacement pod', async () => {
			const pods = await runningPods();
			return pods.length === 2 && pods.every(pod => pod.metadata.name !== victim!.metadata.name) ? pods : undefined;
		});
		expect(replaced.map(pod => pod.metadata.name)).not.toContain(victim!.metadata.name);
	});

	it('scales with kubectl scale', async () => {
		await kubectl(['scale', '-n', namespace, 'deployment/web', '--replicas=3']);
		await waitFor('3 running pods', async () => (await runningPods()).length === 3);
		await kubectl(['scale', '-n', namespace, 'deployment/web', '--replicas=1']);
		await waitFor('1 running pod', async () => (await runningPods()).length === 1);
	});

	it('gives the restricted user 403 on writes and lets it read', async () => {
		const state = await readControlPlaneState(controlPlaneDir());
		const read = await kubectlResult(['get', 'deployments', '-n', namespace], {context: state.restrictedContext});
		expect(read.code).toBe(0);
		expect(read.stdout).toContain('web');
		const write = await kubectlResult(['scale', '-n', namespace, 'deployment/web', '--replicas=5'], {context: state.restrictedContext});
		expect(write.code).not.toBe(0);
		expect(write.stderr).toMatch(/forbidden/i);
		expect(write.stderr).toContain('User "restricted" cannot');
		const canI = await kubectlResult(['auth', 'can-i', 'patch', 'deployments', '-n', namespace], {context: state.restrictedContext});
		expect(canI.stdout.trim()).toBe('no');
	});

	it('puts a crashing image into CrashLoopBackOff, as a kubelet reports it', async () => {
		await kubectl(['run', 'crasher', '-n', namespace, '--image=example.com/app:1.0-crashloop', '--restart=Always']);
		const status = await waitFor('CrashLoopBackOff', async () => {
			const pod = await kubectlJson<{status?: {containerStatuses?: Array<Record<string, any>>; phase?: string}}>([
				'get',
				'pod',
				'crasher',
				'-n',
				namespace,
			]);
			const container = pod.status?.containerStatuses?.[0];
			return container?.['state']?.waiting?.reason === 'CrashLoopBackOff' ? {pod, container} : undefined;
		});
		expect(status.pod.status?.phase).toBe('Running');
		expect(status.container['ready']).toBe(false);
		expect(status.container['restartCount']).toBeGreaterThan(0);
		expect(status.container['lastState'].terminated.exitCode).toBe(1);
		expect(status.container['state'].waiting.message).toContain('back-off');
	});

	it('puts an unpullable image into ImagePullBackOff', async () => {
		await kubectl(['run', 'puller', '-n', namespace, '--image=registry.invalid/web:1.0', '--restart=Always']);
		const container = await waitFor('ImagePullBackOff', async () => {
			const pod = await kubectlJson<{status?: {containerStatuses?: Array<Record<string, any>>; phase?: string}}>([
				'get',
				'pod',
				'puller',
				'-n',
				namespace,
			]);
			const first = pod.status?.containerStatuses?.[0];
			return first?.['state']?.waiting?.reason === 'ImagePullBackOff' && pod.status?.phase === 'Pending' ? first : undefined;
		});
		expect(container['state'].waiting.message).toContain('registry.invalid/web:1.0');
		expect(container['ready']).toBe(false);
	});

	it('serves pod logs through the API (kwok as the kubelet)', async () => {
		const [pod] = await runningPods();
		expect(pod).toBeDefined();
		const logs = await kubectl(['logs', '-n', namespace, pod!.metadata.name, '--tail=5']);
		expect(logs).toContain('fake container started by kwok');
		const previous = await kubectl(['logs', '-n', namespace, pod!.metadata.name, '--previous']);
		expect(previous).toContain('panic: runtime error');
	});

	it('survives an API server restart with its data', async () => {
		const state = await readControlPlaneState(controlPlaneDir());
		await kubectl(['create', 'configmap', 'before-restart', '-n', namespace, '--from-literal=a=b']);
		await stopApiServer(state);
		const down = await kubectlResult(['get', 'configmap', 'before-restart', '-n', namespace, '--request-timeout=2s']);
		expect(down.code).not.toBe(0);
		await restartApiServer(state);
		const after = await kubectlJson<{data: Record<string, string>}>(['get', 'configmap', 'before-restart', '-n', namespace]);
		expect(after.data).toEqual({a: 'b'});
	});
});
