import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {type Notification, Notifier, slackMessage} from '../../../source/notify/notifier.js';
import {describeNotification} from '../../../source/presentation/notification.js';

interface Received {
	method: string;
	url: string;
	contentType: string;
	body: unknown;
}

let server: http.Server;
let base = '';
let received: Received[] = [];

beforeAll(async () => {
	server = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			received.push({
				method: request.method ?? '',
				url: request.url ?? '',
				contentType: request.headers['content-type'] ?? '',
				body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
			});
			if (request.url === '/slow') return; // never answers: the notifier must time out
			// '/flaky' fails on its first delivery only.
			const fails = request.url === '/broken' || (request.url === '/flaky' && received.filter(r => r.url === '/flaky').length === 1);
			response.statusCode = fails ? 500 : 200;
			response.end(fails ? 'boom' : 'ok');
		});
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
	server.closeAllConnections();
	await new Promise(resolve => server.close(resolve));
});
beforeEach(() => {
	received = [];
});

const common = {app: 'guestbook', revision: '0123abc', time: '2025-01-02T03:04:05.000Z'};

const degraded: Notification = {
	...common,
	kind: 'degraded',
	from: 'Healthy',
	health: {status: 'Degraded', message: 'Deployment/demo/web: 0/2 replicas available'},
};

/** One notification of each kind. */
const ofKind: Record<Notification['kind'], Notification> = {
	'out-of-sync': {
		...common,
		kind: 'out-of-sync',
		object: 'Deployment/demo/web',
		drift: 'modified',
		changedPaths: ['/spec/replicas'],
		attribution: [{path: '/spec/replicas', manager: 'kubectl', operation: 'Update', subresource: 'scale'}],
	},
	degraded,
	'sync-failed': {
		...common,
		kind: 'sync-failed',
		initiator: 'auto-sync',
		reason: 'dry run failed for 1 of 2 object(s)',
		errors: ['Service/demo/web: invalid'],
	},
	healed: {...common, kind: 'healed', objects: ['Deployment/demo/web', 'ConfigMap/demo/config']},
};

/** A port that was free a moment ago: connecting to it is refused. */
async function closedPort(): Promise<number> {
	const probe = http.createServer();
	await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
	const {port} = probe.address() as AddressInfo;
	await new Promise(resolve => probe.close(resolve));
	return port;
}

describe('Notifier', () => {
	it('POSTs a Slack-compatible JSON body', async () => {
		const notifier = new Notifier({describe: describeNotification, webhookUrl: `${base}/hooks/T000/B000/secret`});
		await notifier.notify(degraded);
		expect(notifier.lastError).toBeUndefined();
		expect(received).toEqual([
			{
				method: 'POST',
				url: '/hooks/T000/B000/secret',
				contentType: 'application/json',
				body: {
					text: 'driftwatch: guestbook Degraded',
					attachments: [
						{
							color: 'danger',
							title: 'guestbook: Degraded',
							text: 'Healthy → Degraded: Deployment/demo/web: 0/2 replicas available',
							fields: [
								{title: 'Application', value: 'guestbook', short: true},
								{title: 'Event', value: 'degraded', short: true},
								{title: 'Revision', value: '0123abc', short: true},
							],
							ts: 1735787045,
						},
					],
				},
			},
		]);
	});

	it.each([
		['out-of-sync', 'warning', 'Deployment/demo/web: spec.replicas changed by kubectl (Update, scale)'],
		['degraded', 'danger', 'Healthy → Degraded: Deployment/demo/web: 0/2 replicas available'],
		['sync-failed', 'danger', 'dry run failed for 1 of 2 object(s)\nService/demo/web: invalid'],
		['healed', 'good', 'Deployment/demo/web, ConfigMap/demo/config'],
	] as const)('colours %s as %s, with the text the formatter gives', (kind, color, text) => {
		const attachment = slackMessage(ofKind[kind], describeNotification).attachments[0];
		expect(attachment?.color).toBe(color);
		expect(attachment?.text).toBe(text);
	});

	it('leaves the revision field out when there is none', () => {
		const {revision: _, ...withoutRevision} = degraded;
		expect(slackMessage(withoutRevision, describeNotification).attachments[0]?.fields.map(field => field.title)).toEqual([
			'Application',
			'Event',
		]);
	});

	it('rings the bell through the given writer', async () => {
		const written: string[] = [];
		await new Notifier({describe: describeNotification, bell: true, write: text => written.push(text)}).notify(degraded);
		expect(written).toEqual(['\u0007']);
	});

	it('does neither when neither is configured', async () => {
		const written: string[] = [];
		await new Notifier({describe: describeNotification, write: text => written.push(text)}).notify(degraded);
		expect(written).toEqual([]);
		expect(received).toEqual([]);
	});

	it('keeps an HTTP 500 as lastError without throwing, and without the secret path', async () => {
		const notifier = new Notifier({describe: describeNotification, webhookUrl: `${base}/broken`});
		await expect(notifier.notify(degraded)).resolves.toEqual({
			delivered: false,
			error: {code: 'internal', message: `notification webhook at ${base} answered HTTP 500`, hint: expect.any(String)},
		});
		expect(notifier.lastError?.message).toBe(`notification webhook at ${base} answered HTTP 500`);
	});

	it('clears lastError on the next successful delivery', async () => {
		const notifier = new Notifier({describe: describeNotification, webhookUrl: `${base}/flaky`});
		await notifier.notify(degraded);
		expect(notifier.lastError?.message).toContain('HTTP 500');
		await notifier.notify(degraded);
		expect(notifier.lastError).toBeUndefined();
	});

	it('keeps an unreachable webhook as lastError without throwing', async () => {
		const url = `http://127.0.0.1:${await closedPort()}/hooks/secret`;
		const notifier = new Notifier({describe: describeNotification, webhookUrl: url, bell: true, write: () => undefined});
		const outcome = await notifier.notify(degraded);
		expect(outcome).toEqual({delivered: false, error: expect.objectContaining({message: notifier.lastError?.message})});
		expect(notifier.lastError?.message).toMatch(/^cannot deliver the notification to http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)$/);
		expect(notifier.lastError?.message).not.toContain('secret');
	});

	it('says a delivery succeeded, and posts no credential of a URL a message carries', async () => {
		const notifier = new Notifier({
			describe: () => 'fetching https://ana:s3cr3t-t0ken@git.example.com/shop.git failed',
			webhookUrl: `${base}/ok`,
		});
		expect(await notifier.notify(degraded)).toEqual({delivered: true});
		const body = JSON.stringify(received[0]?.body);
		expect(body).toContain('https://***@git.example.com/shop.git');
		expect(body).not.toContain('s3cr3t-t0ken');
	});

	it('gives up on a webhook that does not answer in time', async () => {
		const notifier = new Notifier({describe: describeNotification, webhookUrl: `${base}/slow`, timeoutMs: 200});
		await notifier.notify(degraded);
		expect(notifier.lastError?.message).toBe(`cannot deliver the notification to ${base} (no answer within 200 ms)`);
	});
});
