/**
 * What the Argo CD attach mode (`--argocd`) needs besides the watches of the cluster Argo CD runs
 * in: JSON merge patches of Application objects (source/argocd/application-writer.ts implements
 * it), which is how Argo CD is asked to sync, refresh, roll back or change its automation, and
 * where each Application's destination cluster is.
 */
import type {AppDestination} from '../core/app-definition.js';
import type {KubeObject} from '../core/kube-object.js';
import type {Destination} from './destination.js';
import type {MergePatch} from './rollouts.js';

export interface ApplicationWriter {
	/** Patches one Application; rejects with a DriftwatchError ('forbidden', 'not-found', ...). */
	patch(namespace: string, name: string, patch: MergePatch): Promise<KubeObject>;
}

/**
 * The cluster an Application deploys to, as driftwatch reaches it: Argo CD's in-cluster address is
 * the cluster Argo CD runs in; other destinations are matched to kubeconfig contexts. Rejects with
 * a DriftwatchError saying which destination has no match and what to add.
 */
export type DestinationResolver = (destination: AppDestination) => Promise<Destination>;
