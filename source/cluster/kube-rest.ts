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
	/** Keep-alive twins of the agents client-node hands out (see keepAlive). */
	private readonly agents = new WeakMap<https.Agent, https.Agent>();

	constructor(readonly connection: KubeConnection) {}

	async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
		const url = new URL(this.connection.server.replace(/\/$/, '') + path);
		for (const [name, value] of Object.entries(options.query ?? {})) {
			if (value !== undefined) url.searchParams.set(name, String(value));
		}
		const requestOptions: https.RequestOptions = {method, headers: {Accept: 'application/json'}};
		await credentialsInto(requestOptions, this.connection);
		requestOptions.agent = this.keepAlive(requestOptions.agent);
		const body = options.body === undefined ? undefined : JSON.stringify(options.body);
		requestOptions.headers = {
			...requestOptions.headers,
			...(body === undefined ? {} : {'Content-Type': options.contentType ?? 'application/json', 'Content-Length': Buffer.byteLength(body)}),
		};
		const {status, text} = await this.send(url, requestOptions, body, options.timeoutMs ?? 30_000);
		if (status >= 200 && status < 300) return (text ? JSON.parse(text) : {}) as T;
		throw classifyStatus(status, text, method, path, this.connection);
	}

	/**
	 * client-node gives every request the same https.Agent, but without keep-alive: each request
	 * paid a new TLS handshake and secure context (half the CPU of a cold `status` at 1,000
	 * objects). The same agent with keep-alive reuses connections. Proxy agents (another class)
	 * are left as they are; a new agent from client-node gets a new twin. Idle connections close
	 * after 15 s, well before the API server's own idle timeout, so a reused one is never stale.
	 */
	private keepAlive(agent: https.RequestOptions['agent']): https.RequestOptions['agent'] {
		if (!(agent instanceof https.Agent) || agent.constructor !== https.Agent) return agent;
		let twin = this.agents.get(agent);
		if (!twin) {
			twin = new https.Agent({...agent.options, keepAlive: true, timeout: 15_000});
			this.agents.set(agent, twin);
		}
		return twin;
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
			request.on('error', error => reject(unreachable(error, this.connection)));
			if (body !== undefined) request.write(body);
			request.end();
		});
	}
}

/**
 * The kubeconfig's credentials as request options. An exec plugin that fails, a token or
 * certificate file that cannot be read: the user's configuration, named as such.
 */
export async function credentialsInto(options: https.RequestOptions, connection: KubeConnection): Promise<void> {
	try {
		await connection.config.applyToHTTPSOptions(options);
	} catch (error) {
		throw new DriftwatchError(
			'config-invalid',
			`cannot prepare the credentials of user "${connection.user}" (context "${connection.context}"): ${(error as Error).message}`,
			{hint: 'check the user entry of the kubeconfig (certificate and token files, exec plugin)', cause: error},
		);
	}
}

const refusedCodes = new Set(['ECONNREFUSED']);
const lookupCodes = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const silentCodes = new Set(['ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'ECONNABORTED']);
/** Node's (OpenSSL's) certificate verification codes, and a TLS handshake with a non-TLS port. */
const tlsCodes = new Set([
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'CERT_SIGNATURE_FAILURE',
	'CERT_UNTRUSTED',
	'CERT_REJECTED',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'ERR_SSL_WRONG_VERSION_NUMBER',
	'EPROTO',
]);

/** A request that got no HTTP answer, classified by its error code (never by its message text). */
export function unreachable(error: NodeJS.ErrnoException, connection: KubeConnection): DriftwatchError {
	const where = `the API server at ${connection.server} (context "${connection.context}")`;
	const code = error.code ?? '';
	const labHint = '`driftwatch lab` (`npm start` in the driftwatch project) runs a local lab cluster';
	if (refusedCodes.has(code)) {
		return new DriftwatchError('cluster-unreachable', `nothing answers at ${where}: connection refused`, {
			hint: `check that the cluster is running and the kubeconfig's server address is right; ${labHint}`,
			cause: error,
		});
	}
	if (lookupCodes.has(code)) {
		return new DriftwatchError('cluster-unreachable', `cannot resolve the host of ${where} (${code})`, {
			hint: 'check the server address in the kubeconfig, your network and DNS (a VPN?)',
			cause: error,
		});
	}
	if (tlsCodes.has(code)) {
		return new DriftwatchError('cluster-unreachable', `TLS with ${where} failed: the server's certificate is not trusted (${code})`, {
			hint: "the kubeconfig's certificate-authority does not match the server's certificate (or its name or dates): get a fresh kubeconfig for this cluster",
			cause: error,
		});
	}
	const how = silentCodes.has(code) ? `no answer (${code})` : code ? `the connection failed (${code})` : 'the connection failed';
	return new DriftwatchError('cluster-unreachable', `cannot reach ${where}: ${how}`, {
		hint: 'check that the cluster is running and reachable from here (network, VPN, firewall)',
		cause: error,
	});
}

function classifyStatus(status: number, text: string, method: string, path: string, connection: KubeConnection): DriftwatchError {
	let apiStatus: ApiStatus;
	try {
		apiStatus = JSON.parse(text) as ApiStatus;
	} catch {
		apiStatus = {message: text.slice(0, 500)};
	}
	const message = apiStatus.message || `${method} ${path} answered HTTP ${status}`;
	switch (status) {
		case 401:
			return new DriftwatchError(
				'forbidden',
				`the API server at ${connection.server} refused the credentials of user "${connection.user}" (context "${connection.context}"): 401 Unauthorized`,
				{hint: 'the token or client certificate is invalid or expired: log in again or get a fresh kubeconfig'},
			);
		case 403:
			return new DriftwatchError('forbidden', message, {
				hint: `user "${connection.user}" (context "${connection.context}") lacks this permission: ask for it or use another context`,
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
