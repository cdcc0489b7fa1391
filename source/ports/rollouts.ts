/**
 * What Argo Rollouts actions need from the cluster (source/cluster/rollout-patcher.ts implements
 * it): read a Rollout, and JSON-merge-patch it or its status subresource.
 */
import type {JsonRecord} from '../core/json-value.js';
import type {KubeObject} from '../core/kube-object.js';

export const rolloutApiVersion = 'argoproj.io/v1alpha1';
export const rolloutKind = 'Rollout';

export interface RolloutRef {
	namespace: string;
	name: string;
}

/** An RFC 7386 JSON merge patch: `null` removes a field. */
export type MergePatch = JsonRecord;

export interface RolloutPatcher {
	/** The Rollout, or undefined when it does not exist. */
	get(ref: RolloutRef): Promise<KubeObject | undefined>;
	/** Patches the object itself (spec; status too when the CRD has no status subresource). */
	patch(ref: RolloutRef, patch: MergePatch, type: 'merge'): Promise<KubeObject>;
	/**
	 * Patches the status subresource. Rejects with DriftwatchError 'not-found' when the CRD has no
	 * status subresource (Rollouts before v0.10), which makes the actions fall back to `patch`.
	 */
	patchStatus(ref: RolloutRef, patch: MergePatch, type: 'merge'): Promise<KubeObject>;
}
