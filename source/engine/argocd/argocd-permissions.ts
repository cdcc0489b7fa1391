/**
 * What the kubeconfig user may ask of Argo CD: every action is a patch of the Application, so one
 * SelfSubjectAccessReview (`patch` on applications.argoproj.io in Argo CD's namespace) decides them
 * all, and the UI says why they are unavailable before anyone tries.
 */
import {applicationApiVersion, applicationKind} from '../../core/argocd/application-report.js';
import {describeError} from '../../core/errors.js';
import type {ClusterPort} from '../../ports/cluster.js';
import type {AppView, Permission} from '../engine-state.js';

export async function argoCdPermissions(cluster: ClusterPort, namespace: string): Promise<AppView['permissions']> {
	let permission: Permission;
	try {
		const answer = await cluster.can('patch', {apiVersion: applicationApiVersion, kind: applicationKind, namespace});
		permission = answer.allowed
			? {allowed: true, reason: ''}
			: {
					allowed: false,
					reason: `user "${cluster.user}" cannot patch Applications in ${namespace}: Argo CD's sync, refresh, rollback and automation are asked by patching the Application`,
				};
	} catch (error) {
		// Reviews not allowed, or the CRD not served: the API answers when an action is tried.
		permission = {allowed: true, reason: `permissions unchecked: ${describeError(error)}`};
	}
	// `R` reverts a commit or rolls back to a sync: the rollback is Argo CD's, the revert's plan says why not.
	return {sync: permission, prune: permission, revert: permission};
}
