/**
 * Raw JSON requests to the API server. driftwatch compares objects byte for byte, so it reads and
 * writes plain JSON (no typed models that turn timestamps into Dates or drop unknown fields).
 * Failures are classified here, from status codes and errno values, into DriftwatchErrors.
 */
import https from 'node:https';
import http from 'node:http';
import {DriftwatchError} from '../core/errors.js';
import type {KubeConnection} from './kube-connection.js';

export interface RequestOptions {
	query?: Record<string, string | number | boolean | undefined>;
	body?: unknown;
	contentType?: string;
	timeoutMs?: number;
}

/** The API's Status object, as returned with errors. */
interface ApiStatus {
	kind?: string;
	message?: string;
	reason?: string;
	code?: number;
}

export class KubeRest {
	/**
	 * One keep-alive agent per connection: client-node's agent closes each socket after its request,
	 * so every request paid a TLS handshake (half of a sync's client CPU, measured). Built from the
	 * first request's TLS options (CA, client certificate): those come from the kubeconfig, fixed
	 * for the process; tokens are headers, set per request.
	 */
	private agent: https.Agent | undefined;

	constructor(readonly connection: KubeConnection) {}

	async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
		const url = new URL(this.connection.server.replace(/\/$/, '') + path);
		for (const [name, value] of Object.entries(options.query ?? {})) {
			if (value !== undefined) url.searchParams.set(name, String(value));
		}
		const requestOptions: https.RequestOptions = {method, headers: {Accept: 'application/json'}};
		await this.connection.config.applyToHTTPSOptions(requestOptions);
		if (url.protocol === 'https:' && requestOptions.agent instanceof https.Agent) requestOptions.agent = this.keepAliveAgent(requestOptions);
		const body = options.body === undefined ? undefined : JSON.stringify(options.body);
		requestOptions.headers = {
			...requestOptions.headers,
			...(body === undefined ? {} : {'Content-Type': options.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(body)}),
		};
		const {status, text} = await this.send(url, requestOptions, body, options.timeoutMs ?? 30_000);
		if (status >= 200 && status < 300) return (text ? JSON.parse(text) : {}) as T;
		throw classifyStatus(status, text, method, path, this.connection);
	}

	private keepAliveAgent(options: https.RequestOptions): https.Agent {
		this.agent ??= new https.Agent({
			keepAlive: true,
			ca: options.ca,
			cert: options.cert,
			key: options.key,
			pfx: options.pfx,
			passphrase: options.passphrase,
			servername: options.servername,
			...(options.rejectUnauthorized === undefined ? {} : {rejectUnauthorized: options.rejectUnauthorized}),
		});
		return this.agent;
	}

	private async send(
		url: URL,
		options: https.RequestOptions,
		body: string | undefined,
		timeoutMs: number,
	): Promise<{status: number; text: string}> {
		const transport = url.protocol === 'http:' ? http : https;
		return new Promise((resolve, reject) => {
			const request = transport.request(url, {...options, timeout: timeoutMs}, response => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => resolve({status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8')}));
				response.on('error', reject);
			});
			request.on('timeout', () => request.destroy(Object.assign(new Error('request timed out'), {code: 'ETIMEDOUT'})));
			request.on('error', error => reject(unreachable(error as NodeJS.ErrnoException, this.connection)));
			if (body !== undefined) request.write(body);
			request.end();
		});
	}
}

function unreachable(error: NodeJS.ErrnoException, connection: KubeConnection): DriftwatchError {
	return new DriftwatchError(
		'cluster-unreachable',
		`cannot reach the API server at ${connection.server} (${error.code ?? error.message})`,
		{
			hint: `check that the cluster of context "${connection.context}" is running and reachable`,
			cause: error,
		},
	);
}

function classifyStatus(status: number, text: string, method: string, path: string, connection: KubeConnection): DriftwatchError {
	let apiStatus: ApiStatus = {};
	try {
		apiStatus = JSON.parse(text) as ApiStatus;
	} catch {
		apiStatus = {message: text.slice(0, 500)};
	}
	const message = apiStatus.message || `${method} ${path} answered HTTP ${status}`;
	switch (status) {
		case 401:
			return new DriftwatchError('forbidden', `unauthorized: ${message}`, {
				hint: `the credentials of context "${connection.context}" were refused`,
			});
		case 403:
			return new DriftwatchError('forbidden', message, {
				hint: `user "${connection.user}" lacks this permission; ask for it or use another context`,
			});
		case 404:
			return new DriftwatchError('not-found', message);
		case 409:
			return new DriftwatchError('conflict', message);
		case 400:
		case 422:
			return new DriftwatchError('invalid-object', message);
		default:
			return new DriftwatchError(status >= 500 || status === 429 ? 'cluster-unreachable' : 'internal', `HTTP ${status}: ${message}`);
	}
}
