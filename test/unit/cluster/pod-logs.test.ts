/**
 * Following pod logs: lines arrive as they are written, API errors are reported in words, and
 * stopping mid-stream is quiet (the destroyed response must not surface as an uncaught error).
 */
import http from 'node:http';
import {afterEach, describe, expect, it} from 'vitest';
import {followPodLogs} from '../../../source/cluster/pod-logs.js';
import type {KubeConnection} from '../../../source/cluster/kube-connection.js';
import {credentialsFor} from '../../../source/cluster/credentials.js';

let server: http.Server | undefined;
afterEach(async () => {
	await new Promise(resolve => (server ? server.close(resolve) : resolve(undefined)));
	server = undefined;
});

async function serve(handler: http.RequestListener): Promise<KubeConnection> {
	server = http.createServer(handler);
	await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
	const address = server.address();
	const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	const credentials = credentialsFor({name: 'local', server: url, skipTLSVerify: true}, {name: 'me', token: 't'});
	return {credentials, context: 'local', server: url, user: 'me', namespace: 'default'};
}

const waitUntil = async (check: () => boolean) => {
	for (let attempt = 0; attempt < 200 && !check(); attempt++) await new Promise(resolve => setTimeout(resolve, 10));
	expect(check()).toBe(true);
};

describe('followPodLogs', () => {
	it('streams lines, sends the container and follow, and stops quietly mid-stream', async () => {
		let asked = '';
		const connection = await serve((request, response) => {
			asked = request.url ?? '';
			response.writeHead(200, {'Content-Type': 'text/plain'});
			response.write('first line\nsecond line\n');
			// Keep the stream open, as a followed log is.
		});
		const lines: string[] = [];
		const errors: string[] = [];
		const stop = followPodLogs(
			connection,
			{namespace: 'demo', name: 'web-1'},
			'web',
			line => lines.push(line),
			message => errors.push(message),
		);
		await waitUntil(() => lines.length === 2);
		expect(lines).toEqual(['first line', 'second line']);
		expect(asked).toMatch(/^\/api\/v1\/namespaces\/demo\/pods\/web-1\/log\?/);
		expect(asked).toContain('follow=true');
		expect(asked).toContain('container=web');
		stop();
		await new Promise(resolve => setTimeout(resolve, 50));
		expect(errors).toEqual([]);
	});

	it("asks for the previous run's log, not followed", async () => {
		let asked = '';
		const connection = await serve((request, response) => {
			asked = request.url ?? '';
			response.writeHead(200, {'Content-Type': 'text/plain'});
			response.end('panic: boom\n');
		});
		const lines: string[] = [];
		const errors: string[] = [];
		followPodLogs(
			connection,
			{namespace: 'demo', name: 'web-1'},
			'web',
			line => lines.push(line),
			message => errors.push(message),
			{previous: true},
		);
		await waitUntil(() => lines.length === 1);
		expect(asked).toContain('previous=true');
		expect(asked).not.toContain('follow=true');
		await new Promise(resolve => setTimeout(resolve, 30));
		expect(errors).toEqual([]);
	});

	it('reports the API error message', async () => {
		const connection = await serve((_request, response) => {
			response.writeHead(400, {'Content-Type': 'application/json'});
			response.end(JSON.stringify({kind: 'Status', message: 'container "web" in pod "web-1" is waiting to start: ContainerCreating'}));
		});
		const errors: string[] = [];
		followPodLogs(
			connection,
			{namespace: 'demo', name: 'web-1'},
			undefined,
			() => {},
			message => errors.push(message),
		);
		await waitUntil(() => errors.length === 1);
		expect(errors[0]).toBe('logs of demo/web-1: HTTP 400: container "web" in pod "web-1" is waiting to start: ContainerCreating');
	});
});
