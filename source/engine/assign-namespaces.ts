/**
 * Namespaced objects rendered without a namespace go to the app's destination namespace, as
 * `kubectl apply -n` and Argo CD do; cluster-scoped ones keep none.
 */
import {DriftwatchError} from '../core/errors.js';
import type {KubeObject} from '../core/kube-object.js';
import type {ClusterPort} from '../ports/cluster.js';

/** Kinds known to be cluster-scoped, for when the cluster cannot be asked (offline compare, unknown CRD). */
const clusterScopedKinds = new Set([
	'Namespace',
	'Node',
	'PersistentVolume',
	'StorageClass',
	'CustomResourceDefinition',
	'ClusterRole',
	'ClusterRoleBinding',
	'IngressClass',
	'PriorityClass',
	'APIService',
	'MutatingWebhookConfiguration',
	'ValidatingWebhookConfiguration',
	'CSIDriver',
	'RuntimeClass',
]);

export async function assignNamespaces(objects: readonly KubeObject[], namespace: string, cluster?: ClusterPort): Promise<KubeObject[]> {
	const scoped = new Map<string, boolean>();
	const isNamespaced = async (object: KubeObject) => {
		const id = `${object.apiVersion}/${object.kind}`;
		let answer = scoped.get(id);
		if (answer === undefined) {
			answer = !clusterScopedKinds.has(object.kind);
			if (cluster) {
				try {
					answer = await cluster.isNamespaced(object.apiVersion, object.kind);
				} catch (error) {
					// A CRD this same app installs is not served yet: guess from the known list.
					if (!(error instanceof DriftwatchError && error.code === 'not-found')) throw error;
				}
			}
			scoped.set(id, answer);
		}
		return answer;
	};
	const result: KubeObject[] = [];
	for (const object of objects) {
		const namespaced = await isNamespaced(object);
		if (namespaced && !object.metadata.namespace) {
			result.push({...object, metadata: {...object.metadata, namespace}});
		} else if (!namespaced && object.metadata.namespace) {
			const {namespace: _dropped, ...metadata} = object.metadata;
			result.push({...object, metadata});
		} else {
			result.push(object);
		}
	}
	return result;
}
