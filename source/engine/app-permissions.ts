/**
 * What the kubeconfig user may do to an app's objects, asked of the API server with
 * SelfSubjectAccessReview per kind and namespace, so the UI can say why an action is unavailable
 * before anyone tries it. A kind that is not served yet, or a review that fails, is left to the
 * API to answer at sync time.
 */
import type {KubeObject} from '../core/kube-object.js';
import type {AppView, Permission} from './engine-state.js';
import {mapLimit} from './map-limit.js';
import type {ClusterPort} from '../ports/cluster.js';

export async function checkPermissions(cluster: ClusterPort, desired: readonly KubeObject[]): Promise<AppView['permissions']> {
	const kinds = [
		...new Map(desired.map(object => [`${object.apiVersion}/${object.kind}/${object.metadata.namespace ?? ''}`, object])).values(),
	];
	const allowed = async (verbs: string[]): Promise<Permission> => {
		const reasons = new Set<string>();
		await mapLimit(kinds, 4, async object => {
			for (const verb of verbs) {
				try {
					const answer = await cluster.can(verb, {apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace});
					if (!answer.allowed)
						reasons.add(`cannot ${verb} ${object.kind}${object.metadata.namespace ? ` in ${object.metadata.namespace}` : ''}`);
				} catch {
					// Not served yet, or reviews not allowed: the API answers at sync time.
				}
			}
		});
		return reasons.size > 0
			? {allowed: false, reason: `user "${cluster.user}" ${[...reasons].sort().join(', ')}`}
			: {allowed: true, reason: ''};
	};
	const sync = await allowed(['patch', 'create']);
	return {sync, prune: await allowed(['delete']), revert: sync};
}
