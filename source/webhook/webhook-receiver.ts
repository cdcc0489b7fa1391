/**
 * An optional HTTP endpoint (`--webhook-port`) for GitHub push webhooks, so a push is picked up at
 * once instead of at the next poll, as Argo CD's /api/webhook does. It only tells the engine which
 * repository moved; the engine fetches and verifies for itself, so a forged push can at worst cause
 * an early fetch. With a secret, unsigned or wrongly signed deliveries are refused; an empty
 * secret is refused at start (it would sign with a key anyone knows). Pushes reach the engine at
 * a bounded rate (see push-throttle.ts), whoever sends them.
 */
import {createHmac, timingSafeEqual} from 'node:crypto';
import http from 'node:http';
import {DriftwatchError} from '../core/errors.js';
import {isRecord} from '../core/json-value.js';
import type {PushEvent} from './push-event.js';
import {type PushOutcome, PushThrottle} from './push-throttle.js';

export type {PushEvent} from './push-event.js';

/** Default throttle window: per repository, one push at once and one more at the end of 5 s. */
export const defaultPushWindowMs = 5000;
/** Default deliveries per window over all repositories. */
export const defaultMaxPushesPerWindow = 10;

export interface WebhookReceiverOptions {
	/** The port to listen on; 0 picks a free one (see the returned `port`). */
	port: number;
	/** The address to bind. Default '127.0.0.1': exposing it is an explicit choice. */
	host?: string;
	/** GitHub's webhook secret; when set, X-Hub-Signature-256 is required and checked. Must not be empty. */
	secret?: string;
	onPush: (push: PushEvent) => void;
	/** Throttle window in ms; 0 delivers every push at once. Default {@link defaultPushWindowMs}. */
	pushWindowMs?: number;
	/** Deliveries per window over all repositories. Default {@link defaultMaxPushesPerWindow}. */
	maxPushesPerWindow?: number;
}

export interface WebhookReceiver {
	/** The port actually bound. */
	port: number;
	close(): Promise<void>;
}

/** GitHub caps deliveries at 25 MB, but a push payload of interest is far smaller. */
export const maxBodyBytes = 1024 * 1024;

/**
 * Starts listening; resolves once bound.
 *
 * @throws DriftwatchError 'config-invalid' for an empty secret; rejects when the port cannot be bound.
 */
export async function startWebhookReceiver(options: WebhookReceiverOptions): Promise<WebhookReceiver> {
	if (options.secret !== undefined && options.secret.trim() === '') {
		throw new DriftwatchError('config-invalid', 'the webhook secret is empty (--webhook-secret or DRIFTWATCH_WEBHOOK_SECRET)', {
			hint: 'set it to the secret configured for the webhook, or unset it to accept unsigned pushes from this machine',
		});
	}
	const throttle = new PushThrottle({
		windowMs: options.pushWindowMs ?? defaultPushWindowMs,
		maxPerWindow: options.maxPushesPerWindow ?? defaultMaxPushesPerWindow,
		deliver: options.onPush,
	});
	const server = http.createServer((request, response) => {
		handle(request, response, options.secret, throttle).catch(() => reply(response, 500, 'internal error'));
	});
	// Slow or stalled clients must not hold sockets forever.
	server.requestTimeout = 30_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port, options.host ?? '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const address = server.address();
	const port = typeof address === 'object' && address !== null ? address.port : options.port;
	return {
		port,
		close: () =>
			new Promise<void>((resolve, reject) => {
				throttle.close();
				server.close(error => (error ? reject(error) : resolve()));
				server.closeAllConnections();
			}),
	};
}

async function handle(
	request: http.IncomingMessage,
	response: http.ServerResponse,
	secret: string | undefined,
	throttle: PushThrottle,
): Promise<void> {
	if (request.method !== 'POST') {
		response.setHeader('Allow', 'POST');
		return reply(response, 405, 'only POST is accepted');
	}
	const body = await readBody(request);
	if (body === 'too-large') return reply(response, 413, `payload larger than ${maxBodyBytes} bytes`, true);
	if (secret !== undefined && !signatureMatches(body, request.headers['x-hub-signature-256'], secret)) {
		return reply(response, 401, 'missing or wrong X-Hub-Signature-256');
	}
	const event = request.headers['x-github-event'];
	if (event === 'ping') return reply(response, 200, 'pong');
	if (event !== 'push') return reply(response, 202, `event ${JSON.stringify(event ?? '')} ignored`);
	const push = parsePush(body, request.headers['content-type']);
	if (!push) return reply(response, 400, 'not a GitHub push payload');
	let outcome: PushOutcome;
	try {
		outcome = throttle.offer(push);
	} catch {
		return reply(response, 500, 'the push could not be handled');
	}
	if (outcome === 'coalesced')
		return reply(response, 202, 'a push of this repository was handled moments ago; refreshing once more shortly');
	if (outcome === 'refused') {
		response.setHeader('Retry-After', '5');
		return reply(response, 429, 'too many pushes; retry later');
	}
	reply(response, 200, 'ok');
}

/** The raw body (signatures are over the exact bytes), or 'too-large' past the limit. */
function readBody(request: http.IncomingMessage): Promise<Buffer | 'too-large'> {
	const declared = Number(request.headers['content-length']);
	if (Number.isFinite(declared) && declared > maxBodyBytes) {
		request.resume();
		return Promise.resolve('too-large');
	}
	// Events rather than for-await: leaving a for-await loop early destroys the socket, and the
	// client would then see a reset instead of the 413.
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		const onData = (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBodyBytes) {
				chunks.push(chunk);
				return;
			}
			// Stop buffering; the rest is discarded and the connection closed after the 413.
			request.off('data', onData);
			request.resume();
			resolve('too-large');
		};
		request.on('data', onData);
		request.once('end', () => resolve(Buffer.concat(chunks)));
		request.once('error', reject);
	});
}

/** HMAC-SHA256 of the body, compared in constant time with GitHub's `sha256=<hex>` header. */
export function signatureMatches(body: Buffer, header: string | string[] | undefined, secret: string): boolean {
	if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
	const given = Buffer.from(header.slice('sha256='.length), 'hex');
	const expected = createHmac('sha256', secret).update(body).digest();
	// timingSafeEqual throws on unequal lengths; the length is not secret.
	return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Reads a push payload, sent as JSON or as GitHub's form encoding (`payload=<json>`). */
export function parsePush(body: Buffer, contentType: string | undefined): PushEvent | undefined {
	let text = body.toString('utf8');
	if (contentType?.startsWith('application/x-www-form-urlencoded')) {
		text = new URLSearchParams(text).get('payload') ?? '';
	}
	let payload: unknown;
	try {
		payload = JSON.parse(text);
	} catch {
		return undefined;
	}
	if (!isRecord(payload) || !isRecord(payload['repository'])) return undefined;
	const repository = payload['repository'];
	const repoURLs = ['clone_url', 'ssh_url', 'html_url', 'git_url']
		.map(field => repository[field])
		.filter((url): url is string => typeof url === 'string' && url !== '');
	const {ref, after} = payload;
	if (repoURLs.length === 0 || typeof ref !== 'string' || typeof after !== 'string') return undefined;
	return {repoURLs: [...new Set(repoURLs)], ref, after};
}

function reply(response: http.ServerResponse, status: number, message: string, close = false): void {
	if (response.headersSent) return;
	response.statusCode = status;
	response.setHeader('Content-Type', 'application/json');
	// After a refused oversized body, closing is cheaper than reading the rest.
	if (close) response.setHeader('Connection', 'close');
	response.end(JSON.stringify({message}));
}
