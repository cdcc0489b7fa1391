/**
 * The cluster as driftwatch's own comparison of an attached app sees it: reads and dry runs only.
 * In Argo CD mode Argo CD does every write; a real apply or delete from the comparison would be a
 * bug, so it is refused here rather than trusted to the policies being off. Access reviews are not
 * sent: the comparison never acts, and the app's permissions are Argo CD's (patch on Applications).
 */
import {DriftwatchError} from '../../core/errors.js';
import type {KubeObject} from '../../core/kube-object.js';
import type {ClusterPort, ObjectRef, PropagationPolicy} from '../../ports/cluster.js';

export function observingCluster(cluster: ClusterPort): ClusterPort {
	const refuse = (what: string) =>
		Promise.reject(new DriftwatchError('forbidden', `${what}: in Argo CD mode driftwatch never writes to the cluster; Argo CD does`));
	return {
		get user() {
			return cluster.user;
		},
		get context() {
			return cluster.context;
		},
		get server() {
			return cluster.server;
		},
		get: async (ref: ObjectRef) => cluster.get(ref),
		list: async (apiVersion: string, kind: string, namespace?: string, labelSelector?: string) =>
			cluster.list(apiVersion, kind, namespace, labelSelector),
		apply: async (object: KubeObject, options: {dryRun?: boolean; force?: boolean} = {}) =>
			options.dryRun ? cluster.apply(object, options) : refuse(`apply of ${object.kind}/${object.metadata.name}`),
		delete: async (ref: ObjectRef, options: {propagationPolicy?: PropagationPolicy; dryRun?: boolean} = {}) =>
			options.dryRun ? cluster.delete(ref, options) : refuse(`delete of ${ref.kind}/${ref.name}`),
		can: async () => Promise.resolve({allowed: true, reason: 'not asked: the comparison only reads'}),
		isNamespaced: async (apiVersion: string, kind: string) => cluster.isNamespaced(apiVersion, kind),
	};
}
