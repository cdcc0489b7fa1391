/**
 * The RolloutPatcher port over the raw REST client: GET a Rollout, and JSON-merge-patch it or its
 * status subresource. The resource path comes from discovery, so it follows whatever the installed
 * CRD serves.
 */
import {DriftwatchError} from '../core/errors.js';
import type {KubeObject} from '../core/kube-object.js';
import {type MergePatch, type RolloutPatcher, type RolloutRef, rolloutApiVersion, rolloutKind} from '../ports/rollouts.js';
import type {Discovery} from './discovery.js';
import type {KubeRest} from './kube-rest.js';

export class KubeRolloutPatcher implements RolloutPatcher {
	constructor(
		private readonly rest: KubeRest,
		private readonly discovery: Discovery,
	) {}

	async get(ref: RolloutRef): Promise<KubeObject | undefined> {
		try {
			return await this.rest.request<KubeObject>('GET', await this.path(ref));
		} catch (error) {
			if (error instanceof DriftwatchError && error.code === 'not-found') return undefined;
			throw error;
		}
	}

	async patch(ref: RolloutRef, patch: MergePatch, type: 'merge'): Promise<KubeObject> {
		return this.send(await this.path(ref), patch, type);
	}

	async patchStatus(ref: RolloutRef, patch: MergePatch, type: 'merge'): Promise<KubeObject> {
		return this.send(`${await this.path(ref)}/status`, patch, type);
	}

	private async send(path: string, patch: MergePatch, type: 'merge'): Promise<KubeObject> {
		const contentType = {merge: 'application/merge-patch+json'}[type];
		return this.rest.request<KubeObject>('PATCH', path, {body: patch, contentType});
	}

	private async path(ref: RolloutRef): Promise<string> {
		return this.discovery.path(rolloutApiVersion, rolloutKind, ref.namespace, ref.name);
	}
}
