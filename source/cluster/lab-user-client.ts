/**
 * The lab's "human" cluster steps: the requests kubectl makes for `delete pod`, `scale`,
 * `set image` and `delete service`, sent as field manager `lab-user` (so driftwatch's attribution
 * names the lab's person, never driftwatch), and a write as the read-only user for the RBAC
 * exercise. Implements the lab's LabClusterPort.
 */
import type {LabClusterPort, LabPod} from '../lab/lab-ports.js';
import {labUser} from '../lab/lab-ports.js';
import type {KubeConnection} from './kube-connection.js';
import {KubeRest} from './kube-rest.js';

interface PodList {
	items?: Array<{metadata?: {name?: string; deletionTimestamp?: string}}>;
}

const segment = encodeURIComponent;

export class LabUserClient implements LabClusterPort {
	private readonly admin: KubeRest;
	private readonly readOnly: KubeRest;

	constructor(admin: KubeConnection, readOnly: KubeConnection) {
		this.admin = new KubeRest(admin);
		this.readOnly = new KubeRest(readOnly);
	}

	async listPods(namespace: string, labelSelector: string): Promise<LabPod[]> {
		const list = await this.admin.request<PodList>('GET', `/api/v1/namespaces/${segment(namespace)}/pods`, {query: {labelSelector}});
		return (list.items ?? [])
			.map(pod => ({name: pod.metadata?.name ?? '', deleting: Boolean(pod.metadata?.deletionTimestamp)}))
			.filter(pod => pod.name);
	}

	async deletePod(namespace: string, name: string): Promise<void> {
		await this.admin.request('DELETE', `/api/v1/namespaces/${segment(namespace)}/pods/${segment(name)}`);
	}

	async scaleDeployment(namespace: string, name: string, replicas: number): Promise<void> {
		await this.admin.request('PATCH', `/apis/apps/v1/namespaces/${segment(namespace)}/deployments/${segment(name)}/scale`, {
			query: {fieldManager: labUser},
			contentType: 'application/merge-patch+json',
			body: {spec: {replicas}},
		});
	}

	async setImage(namespace: string, deployment: string, container: string, image: string): Promise<void> {
		await this.admin.request('PATCH', `/apis/apps/v1/namespaces/${segment(namespace)}/deployments/${segment(deployment)}`, {
			query: {fieldManager: labUser},
			contentType: 'application/strategic-merge-patch+json',
			body: {spec: {template: {spec: {containers: [{name: container, image}]}}}},
		});
	}

	async deleteService(namespace: string, name: string): Promise<void> {
		await this.admin.request('DELETE', `/api/v1/namespaces/${segment(namespace)}/services/${segment(name)}`);
	}

	async applyAsReadOnlyUser(namespace: string, deployment: string, replicas: number): Promise<void> {
		await this.readOnly.request('PATCH', `/apis/apps/v1/namespaces/${segment(namespace)}/deployments/${segment(deployment)}`, {
			query: {fieldManager: labUser, force: true},
			contentType: 'application/apply-patch+yaml',
			body: {apiVersion: 'apps/v1', kind: 'Deployment', metadata: {name: deployment, namespace}, spec: {replicas}},
		});
	}
}
