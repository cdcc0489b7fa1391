/**
 * Following a pod's log through the API server (`/log?follow=true`), line by line. The stream is
 * plain text, so it goes through node:https with the kubeconfig's credentials.
 */
import https from 'node:https';
import http from 'node:http';
import {createInterface} from 'node:readline';
import type {KubeConnection} from './kube-connection.js';

export function followPodLogs(
	connection: KubeConnection,
	pod: {namespace: string; name: string},
	container: string | undefined,
	onLine: (line: string) => void,
	onError: (message: string) => void,
	options: {previous?: boolean} = {},
): () => void {
	let request: http.ClientRequest | undefined;
	let stopped = false;
	const url = new URL(
		`${connection.server.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods/${encodeURIComponent(pod.name)}/log`,
	);
	// The previous run's log is finished: read it whole, nothing to follow.
	if (options.previous) url.searchParams.set('previous', 'true');
	else url.searchParams.set('follow', 'true');
	url.searchParams.set('tailLines', '500');
	if (container) url.searchParams.set('container', container);
	const requestOptions: https.RequestOptions = {method: 'GET', headers: {}};
	void connection.credentials.apply(requestOptions).then(
		() => {
			if (stopped) return;
			request = (url.protocol === 'http:' ? http : https).request(url, requestOptions, response => {
				if ((response.statusCode ?? 500) >= 300) {
					let body = '';
					response.on('data', chunk => (body += String(chunk)));
					response.on('end', () => {
						let message = body;
						try {
							message = (JSON.parse(body) as {message?: string}).message ?? body;
						} catch {
							// Plain text answer.
						}
						onError(`logs of ${pod.namespace}/${pod.name}: HTTP ${response.statusCode}: ${message.trim()}`);
					});
					return;
				}
				// Stopping destroys the request, and the response then errors with "aborted": expected, not news.
				response.on('error', error => !stopped && onError(`logs of ${pod.namespace}/${pod.name}: ${error.message}`));
				const lines = createInterface({input: response});
				lines.on('line', onLine);
				lines.on('error', () => {});
				if (!options.previous) response.on('end', () => !stopped && onError(`log stream of ${pod.namespace}/${pod.name} ended`));
			});
			request.on('error', error => !stopped && onError(`logs of ${pod.namespace}/${pod.name}: ${error.message}`));
			request.end();
		},
		(error: unknown) => onError(`logs of ${pod.namespace}/${pod.name}: ${(error as Error).message}`),
	);
	return () => {
		stopped = true;
		request?.destroy();
	};
}
