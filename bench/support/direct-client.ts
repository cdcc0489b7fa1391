/**
 * The bench's own line to the API server, as bare as it gets: admin certificates, one keep-alive
 * agent, raw JSON. It is the floor driftwatch is compared with (the same server-side apply
 * requests, with the same concurrency bound), and how the bench makes drift and event storms.
 */
import {readFileSync} from 'node:fs';
import https from 'node:https';
import path from 'node:path';
import type {KubeObject} from '../../source/core/kube-object.js';
import type {ControlPlaneState} from '../../source/control-plane/control-plane.js';

export interface Credentials {
	server: string;
	ca: string;
	cert: string;
	key: string;
}

export function credentialsOf(state: ControlPlaneState): Credentials {
	const read = (name: string) => readFileSync(path.join(state.dir, name), 'utf8');
	return {server: state.server, ca: read('ca.crt'), cert: read('admin.crt'), key: read('admin.key')};
}

/** The REST path of one of the bench's objects (ConfigMaps, Deployments, Namespaces). */
export function objectPath(object: Pick<KubeObject, 'apiVersion' | 'kind'> & {metadata: {name: string; namespace?: string}}): string {
	const {name, namespace} = object.metadata;
	switch (object.kind) {
		case 'ConfigMap':
			return `/api/v1/namespaces/${namespace}/configmaps/${name}`;
		case 'Deployment':
			return `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`;
		case 'Namespace':
			return `/api/v1/namespaces/${name}`;
		default:
			throw new Error(`the bench has no path for ${object.kind}`);
	}
}

export class DirectClient {
	private readonly agent: https.Agent;

	constructor(
		readonly credentials: Credentials,
		maxSockets = 64,
	) {
		this.agent = new https.Agent({keepAlive: true, maxSockets, ca: credentials.ca, cert: credentials.cert, key: credentials.key});
	}

	/** One request; resolves with the status and parsed body, rejects only when the server is unreachable. */
	request(method: string, requestPath: string, body?: unknown, contentType = 'application/json'): Promise<{status: number; body: unknown}> {
		const text = body === undefined ? undefined : JSON.stringify(body);
		return new Promise((resolve, reject) => {
			const request = https.request(
				this.credentials.server + requestPath,
				{
					method,
					agent: this.agent,
					headers: {
						Accept: 'application/json',
						...(text === undefined ? {} : {'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text)}),
					},
				},
				response => {
					const chunks: Buffer[] = [];
					response.on('data', (chunk: Buffer) => chunks.push(chunk));
					response.on('end', () => {
						const raw = Buffer.concat(chunks).toString('utf8');
						let parsed: unknown = raw;
						try {
							parsed = raw ? JSON.parse(raw) : {};
						} catch {
							// Keep the text: an error page is still worth printing.
						}
						resolve({status: response.statusCode ?? 0, body: parsed});
					});
					response.on('error', reject);
				},
			);
			request.on('error', reject);
			if (text !== undefined) request.write(text);
			request.end();
		});
	}

	/** Server-side apply as driftwatch sends it (field manager driftwatch, force); throws on a non-2xx answer. */
	async apply(object: KubeObject): Promise<KubeObject> {
		const answer = await this.request(
			'PATCH',
			`${objectPath(object)}?fieldManager=driftwatch&force=true`,
			object,
			'application/apply-patch+yaml',
		);
		if (answer.status < 200 || answer.status >= 300)
			throw new Error(`apply ${object.kind}/${object.metadata.name}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
		return answer.body as KubeObject;
	}

	/** A JSON merge patch of a ConfigMap's data, as `kubectl patch --type merge` sends it; returns the new resourceVersion. */
	async patchConfigMap(namespace: string, name: string, data: Record<string, string>): Promise<string> {
		const answer = await this.request(
			'PATCH',
			`/api/v1/namespaces/${namespace}/configmaps/${name}`,
			{data},
			'application/merge-patch+json',
		);
		if (answer.status !== 200)
			throw new Error(`patch ConfigMap ${namespace}/${name}: HTTP ${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
		return (answer.body as KubeObject).metadata.resourceVersion ?? '';
	}

	async createNamespace(name: string): Promise<void> {
		const answer = await this.request('POST', '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name}});
		if (answer.status !== 201 && answer.status !== 409) throw new Error(`create namespace ${name}: HTTP ${answer.status}`);
	}

	/** Deletes a namespace without waiting (the namespace controller empties it in the background). */
	async deleteNamespace(name: string): Promise<void> {
		await this.request('DELETE', `/api/v1/namespaces/${name}`);
	}

	/** How many ConfigMaps a namespace holds (one list, paged). */
	async countConfigMaps(namespace: string): Promise<number> {
		let count = 0;
		let next = '';
		do {
			const answer = await this.request(
				'GET',
				`/api/v1/namespaces/${namespace}/configmaps?limit=500${next ? `&continue=${encodeURIComponent(next)}` : ''}`,
			);
			count += (answer.body as {items: unknown[]}).items.length;
			next = (answer.body as {metadata: {continue?: string}}).metadata.continue ?? '';
		} while (next);
		return count;
	}

	close(): void {
		this.agent.destroy();
	}
}

/** Runs `work` over `items` with at most `limit` in flight (the floor loop's bound). */
export async function forEachLimit<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			await work(items[index] as T, index);
		}
	};
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
}
