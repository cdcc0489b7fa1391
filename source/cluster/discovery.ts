/**
 * Which REST resource serves a kind, and whether it is namespaced, from the API server's
 * discovery documents (so CRDs work). Cached per group/version; a kind not found is looked up
 * again once (a CRD may have just been created).
 */
import {DriftwatchError} from '../core/errors.js';
import type {KubeRest} from './kube-rest.js';

export interface ResourceInfo {
	apiVersion: string;
	kind: string;
	/** Plural resource name, e.g. 'deployments'. */
	resource: string;
	namespaced: boolean;
	verbs: string[];
}

interface ApiResourceList {
	resources: Array<{name: string; kind: string; namespaced: boolean; verbs: string[]}>;
}

export class Discovery {
	private readonly cache = new Map<string, ApiResourceList>();

	constructor(private readonly rest: KubeRest) {}

	/** Resolves a kind; throws DriftwatchError 'not-found' when the server does not serve it. */
	async resolve(apiVersion: string, kind: string): Promise<ResourceInfo> {
		let found = await this.find(apiVersion, kind, false);
		found ??= await this.find(apiVersion, kind, true);
		if (!found) {
			throw new DriftwatchError('not-found', `the cluster does not serve ${kind} in ${apiVersion}`, {
				hint: 'install the CRD or API that provides it, or check the apiVersion',
			});
		}
		return found;
	}

	/** The URL path of a collection (namespace '' for all namespaces) or of one object. */
	async path(apiVersion: string, kind: string, namespace: string, name?: string): Promise<string> {
		const info = await this.resolve(apiVersion, kind);
		const root = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
		const scope = info.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
		return `${root}${scope}/${info.resource}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
	}

	private async find(apiVersion: string, kind: string, refresh: boolean): Promise<ResourceInfo | undefined> {
		if (refresh) this.cache.delete(apiVersion);
		let list = this.cache.get(apiVersion);
		if (!list) {
			const root = apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
			try {
				list = await this.rest.request<ApiResourceList>('GET', root);
			} catch (error) {
				if (error instanceof DriftwatchError && error.code === 'not-found') return undefined;
				throw error;
			}
			this.cache.set(apiVersion, list);
		}
		// Subresources (deployments/scale) share the kind; the main resource has no slash.
		const match = list.resources.find(resource => resource.kind === kind && !resource.name.includes('/'));
		return match && {apiVersion, kind, resource: match.name, namespaced: match.namespaced, verbs: match.verbs};
	}
}
