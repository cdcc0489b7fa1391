/**
 * The ApplicationWriter port over the raw REST client: a JSON merge patch of one Argo CD
 * Application, the way `kubectl patch --type merge` sends it. The path comes from discovery, so a
 * cluster without Argo CD's CRDs gets a clear 'not-found'.
 */
import {applicationApiVersion, applicationKind} from '../core/argocd/application-report.js';
import type {KubeObject} from '../core/kube-object.js';
import type {ApplicationWriter} from '../ports/argocd.js';
import type {MergePatch} from '../ports/rollouts.js';
import type {ResourceClient} from '../cluster/resource-client.js';

export class KubeApplicationWriter implements ApplicationWriter {
	constructor(private readonly client: ResourceClient) {}

	async patch(namespace: string, name: string, patch: MergePatch): Promise<KubeObject> {
		const path = await this.client.discovery.path(applicationApiVersion, applicationKind, namespace, name);
		return this.client.rest.request<KubeObject>('PATCH', path, {body: patch, contentType: 'application/merge-patch+json'});
	}
}
