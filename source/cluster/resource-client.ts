/**
 * Reading and writing any kind as raw JSON: get, list, server-side apply (also as a dry run,
 * which is how driftwatch predicts "live if Git were applied"), delete, and access reviews.
 */
import {DriftwatchError} from '../core/errors.js';
import type {KubeObject} from '../core/kube-object.js';
import type {ClusterPort, ObjectRef} from '../ports/cluster.js';
import {Discovery} from './discovery.js';
import type {KubeConnection} from './kube-connection.js';
import {KubeRest} from './kube-rest.js';

export const fieldManager = 'driftwatch';

export interface ListResult {
	items: KubeObject[];
	resourceVersion: string;
}

export class ResourceClient implements ClusterPort {
	readonly rest: KubeRest;
	readonly discovery: Discovery;

	constructor(readonly connection: KubeConnection) {
		this.rest = new KubeRest(connection);
		this.discovery = new Discovery(this.rest);
	}

	get user(): string {
		return this.connection.user;
	}

	get context(): string {
		return this.connection.context;
	}

	get server(): string {
		return this.connection.server;
	}

	async isNamespaced(apiVersion: string, kind: string): Promise<boolean> {
		return (await this.discovery.resolve(apiVersion, kind)).namespaced;
	}

	/** The live object, or undefined when it does not exist. */
	async get(ref: ObjectRef): Promise<KubeObject | undefined> {
		const path = await this.discovery.path(ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name);
		try {
			return await this.rest.request<KubeObject>('GET', path);
		} catch (error) {
			if (error instanceof DriftwatchError && error.code === 'not-found') return undefined;
			throw error;
		}
	}

	/** Lists a kind in a namespace ('' = all namespaces or cluster-scoped); items get apiVersion and kind back. */
	async list(apiVersion: string, kind: string, namespace = '', labelSelector?: string): Promise<ListResult> {
		const path = await this.discovery.path(apiVersion, kind, namespace);
		const items: KubeObject[] = [];
		let continueToken: string | undefined;
		let resourceVersion: string;
		do {
			const page = await this.rest.request<{items: KubeObject[]; metadata: {resourceVersion: string; continue?: string}}>('GET', path, {
				query: {labelSelector, limit: 500, continue: continueToken},
			});
			// List items come without apiVersion/kind; put them back so they are whole objects.
			for (const item of page.items) items.push({...item, apiVersion, kind});
			continueToken = page.metadata.continue || undefined;
			resourceVersion = page.metadata.resourceVersion;
		} while (continueToken);
		return {items, resourceVersion};
	}

	/** Server-side apply with driftwatch's field manager; `force` takes over conflicting fields. */
	async apply(object: KubeObject, options: {dryRun?: boolean; force?: boolean} = {}): Promise<KubeObject> {
		const path = await this.discovery.path(object.apiVersion, object.kind, object.metadata.namespace ?? '', object.metadata.name);
		return this.rest.request<KubeObject>('PATCH', path, {
			body: object,
			contentType: 'application/apply-patch+yaml',
			query: {fieldManager, force: options.force ?? true, dryRun: options.dryRun ? 'All' : undefined},
		});
	}

	async delete(
		ref: ObjectRef,
		options: {propagationPolicy?: 'Foreground' | 'Background' | 'Orphan'; dryRun?: boolean} = {},
	): Promise<void> {
		const path = await this.discovery.path(ref.apiVersion, ref.kind, ref.namespace ?? '', ref.name);
		try {
			// dryRun goes in the DeleteOptions body: with a body, the API server ignores query parameters
			// (apiserver endpoints/handlers/delete.go), so `?dryRun=All` alone would really delete.
			await this.rest.request('DELETE', path, {
				body: {
					kind: 'DeleteOptions',
					apiVersion: 'v1',
					propagationPolicy: options.propagationPolicy ?? 'Foreground',
					...(options.dryRun ? {dryRun: ['All']} : {}),
				},
			});
		} catch (error) {
			if (error instanceof DriftwatchError && error.code === 'not-found') return;
			throw error;
		}
	}

	/** Asks the API server whether the current user may do `verb` (SelfSubjectAccessReview). */
	async can(verb: string, ref: {apiVersion: string; kind: string; namespace?: string}): Promise<{allowed: boolean; reason: string}> {
		const info = await this.discovery.resolve(ref.apiVersion, ref.kind);
		const group = ref.apiVersion.includes('/') ? ref.apiVersion.slice(0, ref.apiVersion.indexOf('/')) : '';
		const review = await this.rest.request<{status?: {allowed?: boolean; reason?: string}}>(
			'POST',
			'/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
			{
				body: {
					apiVersion: 'authorization.k8s.io/v1',
					kind: 'SelfSubjectAccessReview',
					spec: {resourceAttributes: {verb, group, resource: info.resource, namespace: info.namespaced ? ref.namespace : undefined}},
				},
			},
		);
		return {allowed: review.status?.allowed === true, reason: review.status?.reason ?? ''};
	}
}
