import {createHmac} from 'node:crypto';
import http from 'node:http';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {type PushEvent, type WebhookReceiver, maxBodyBytes, startWebhookReceiver} from '../../../source/webhook/webhook-receiver.js';

const secret = "It's a Secret to Everybody";
let signed: WebhookReceiver;
let open: WebhookReceiver;
let pushes: PushEvent[] = [];

beforeAll(async () => {
	// Throttling off here: these tests send the same repository many times; it has its own tests below.
	signed = await startWebhookReceiver({port: 0, secret, pushWindowMs: 0, onPush: push => pushes.push(push)});
	open = await startWebhookReceiver({port: 0, pushWindowMs: 0, onPush: push => pushes.push(push)});
});
afterAll(async () => {
	await signed.close();
	await open.close();
});
beforeEach(() => {
	pushes = [];
});

const pushPayload = {
	ref: 'refs/heads/main',
	before: '0000000000000000000000000000000000000000',
	after: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
	repository: {
		full_name: 'octo/guestbook',
		clone_url: 'https://github.com/octo/guestbook.git',
		ssh_url: 'git@github.com:octo/guestbook.git',
		html_url: 'https://github.com/octo/guestbook',
		git_url: 'git://github.com/octo/guestbook.git',
	},
};
const expectedPush: PushEvent = {
	repoURLs: [
		'https://github.com/octo/guestbook.git',
		'git@github.com:octo/guestbook.git',
		'https://github.com/octo/guestbook',
		'git://github.com/octo/guestbook.git',
	],
	ref: 'refs/heads/main',
	after: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
};

const sign = (body: string | Buffer, key = secret) => `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;

interface Answer {
	status: number;
	message: string;
}

/** A real HTTP request; `chunked` sends the body without a Content-Length. */
async function send(
	port: number,
	options: {method?: string; headers?: Record<string, string>; body?: string | Buffer; chunked?: boolean} = {},
): Promise<Answer> {
	const body = options.body ?? '';
	return new Promise((resolve, reject) => {
		const request = http.request(
			{
				host: '127.0.0.1',
				port,
				path: '/api/webhook',
				method: options.method ?? 'POST',
				headers: {...options.headers, ...(options.chunked ? {} : {'Content-Length': Buffer.byteLength(body)})},
			},
			response => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => {
					const text = Buffer.concat(chunks).toString('utf8');
					resolve({status: response.statusCode ?? 0, message: (JSON.parse(text) as {message: string}).message});
				});
			},
		);
		// A server that answers early and closes may reset our upload; the answer is what counts.
		request.on('error', reject);
		request.end(body);
	});
}

const push = (port: number, body: string, headers: Record<string, string> = {}) =>
	send(port, {body, headers: {'Content-Type': 'application/json', 'X-GitHub-Event': 'push', ...headers}});

describe('the webhook receiver', () => {
	it('binds to 127.0.0.1 on a free port', () => {
		expect(signed.port).toBeGreaterThan(0);
		expect(open.port).not.toBe(signed.port);
	});

	it('passes a correctly signed push on', async () => {
		const body = JSON.stringify(pushPayload);
		expect(await push(signed.port, body, {'X-Hub-Signature-256': sign(body)})).toEqual({status: 200, message: 'ok'});
		expect(pushes).toEqual([expectedPush]);
	});

	it.each([
		['a missing signature', undefined],
		['a signature made with another secret', sign(JSON.stringify(pushPayload), 'wrong')],
		['a truncated signature', sign(JSON.stringify(pushPayload)).slice(0, 40)],
		['a SHA-1 signature', 'sha1=0123456789abcdef0123456789abcdef01234567'],
	])('refuses %s with 401', async (_label, signature) => {
		const answer = await push(signed.port, JSON.stringify(pushPayload), signature === undefined ? {} : {'X-Hub-Signature-256': signature});
		expect(answer).toEqual({status: 401, message: 'missing or wrong X-Hub-Signature-256'});
		expect(pushes).toEqual([]);
	});

	it('refuses a signature of other bytes than were sent', async () => {
		const body = JSON.stringify(pushPayload);
		expect((await push(signed.port, body, {'X-Hub-Signature-256': sign(`${body} `)})).status).toBe(401);
	});

	it('accepts unsigned pushes when no secret is configured', async () => {
		expect((await push(open.port, JSON.stringify(pushPayload))).status).toBe(200);
		expect(pushes).toEqual([expectedPush]);
	});

	it("reads GitHub's form-encoded deliveries", async () => {
		const body = new URLSearchParams({payload: JSON.stringify(pushPayload)}).toString();
		const answer = await send(signed.port, {
			body,
			headers: {'Content-Type': 'application/x-www-form-urlencoded', 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': sign(body)},
		});
		expect(answer.status).toBe(200);
		expect(pushes).toEqual([expectedPush]);
	});

	it('answers ping with 200 and ignores other events with 202', async () => {
		const body = JSON.stringify({zen: 'Keep it logically awesome.'});
		expect(await send(signed.port, {body, headers: {'X-GitHub-Event': 'ping', 'X-Hub-Signature-256': sign(body)}})).toEqual({
			status: 200,
			message: 'pong',
		});
		expect(await send(signed.port, {body, headers: {'X-GitHub-Event': 'issues', 'X-Hub-Signature-256': sign(body)}})).toEqual({
			status: 202,
			message: 'event "issues" ignored',
		});
		expect(pushes).toEqual([]);
	});

	it.each([
		['invalid JSON', '{"ref":'],
		['no repository', JSON.stringify({ref: 'refs/heads/main', after: 'abc'})],
		['no ref', JSON.stringify({...pushPayload, ref: undefined})],
	])('answers 400 to a push with %s', async (_label, body) => {
		expect(await push(open.port, body)).toEqual({status: 400, message: 'not a GitHub push payload'});
	});

	it('answers 405 to anything but POST', async () => {
		expect((await send(open.port, {method: 'GET'})).status).toBe(405);
	});

	it('answers 413 to a body declared larger than 1 MiB, without reading it', async () => {
		const body = Buffer.alloc(maxBodyBytes + 1, 'a');
		const answer = await send(open.port, {body, headers: {'X-GitHub-Event': 'push'}});
		expect(answer).toEqual({status: 413, message: `payload larger than ${maxBodyBytes} bytes`});
	});

	it('answers 413 to a chunked body that grows past 1 MiB', async () => {
		const body = Buffer.alloc(2 * maxBodyBytes, 'a');
		const answer = await send(open.port, {body, chunked: true, headers: {'X-GitHub-Event': 'push'}});
		expect(answer.status).toBe(413);
	});

	it('accepts a body of exactly 1 MiB', async () => {
		const json = JSON.stringify(pushPayload);
		const body = json + ' '.repeat(maxBodyBytes - json.length);
		expect((await push(open.port, body)).status).toBe(200);
	});

	it('answers 500 when the push handler throws, and keeps serving', async () => {
		const failing = await startWebhookReceiver({
			port: 0,
			pushWindowMs: 0,
			onPush: () => {
				throw new Error('engine busy');
			},
		});
		try {
			expect((await push(failing.port, JSON.stringify(pushPayload))).status).toBe(500);
			expect((await push(failing.port, JSON.stringify(pushPayload))).status).toBe(500);
		} finally {
			await failing.close();
		}
	});

	it('rejects when the port is taken', async () => {
		await expect(startWebhookReceiver({port: open.port, onPush: () => undefined})).rejects.toThrow(/EADDRINUSE/);
	});

	it('refuses an empty secret at start, naming the flag and the variable', async () => {
		for (const empty of ['', '   ']) {
			const error: unknown = await startWebhookReceiver({port: 0, secret: empty, onPush: () => undefined}).catch(
				(caught: unknown) => caught,
			);
			expect(error).toMatchObject({code: 'config-invalid'});
			expect((error as Error).message).toMatch(/--webhook-secret.*DRIFTWATCH_WEBHOOK_SECRET/u);
		}
	});

	it('lets pushes through at a bounded rate, whoever sends them', async () => {
		const delivered: PushEvent[] = [];
		const throttled = await startWebhookReceiver({port: 0, pushWindowMs: 400, maxPushesPerWindow: 3, onPush: push => delivered.push(push)});
		try {
			const body = JSON.stringify(pushPayload);
			const answers = await Promise.all(Array.from({length: 30}, () => push(throttled.port, body)));
			expect(answers.filter(answer => answer.status === 200)).toHaveLength(1);
			expect(answers.filter(answer => answer.status === 202)).toHaveLength(29);
			expect(delivered).toHaveLength(1);
			// The collapsed pushes become one delivery at the end of the window.
			await expect.poll(() => delivered.length, {timeout: 2000}).toBe(2);

			const others = Array.from({length: 10}, (_, index) =>
				JSON.stringify({...pushPayload, repository: {clone_url: `https://example.com/other-${index}.git`}}),
			);
			await new Promise(resolve => setTimeout(resolve, 450));
			const statuses = [];
			for (const other of others) statuses.push((await push(throttled.port, other)).status);
			expect(statuses.filter(status => status === 200)).toHaveLength(3);
			expect(statuses.filter(status => status === 429)).toHaveLength(7);
		} finally {
			await throttled.close();
		}
	});
});
