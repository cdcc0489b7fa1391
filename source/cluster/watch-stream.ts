/**
 * One watch request (`?watch=true`): the API server answers with one JSON event per line for as
 * long as the stream lives. Over the same keep-alive agent and credentials as every other
 * request, parsed line by line as chunks arrive. The stream ends with `onDone`: null after a
 * normal close, a TimeoutError after 30 s without a byte (connect or idle), an AbortError after
 * abort(), else the classified error (an HTTP error answer carries its `statusCode`, so a 410
 * Gone is known as such).
 */
import http from 'node:http';
import https from 'node:https';
import {classifyStatus, type KubeRest, unreachable} from './kube-rest.js';

/** Silence longer than this ends the stream as a timeout; the cache resumes it at once. */
const idleTimeoutMs = 30_000;

export interface WatchStream {
	abort(): void;
}

function named(name: string, message: string): Error {
	const error = new Error(message);
	error.name = name;
	return error;
}

/** Opens the watch; resolves once the request is sent (events and the end come through the callbacks). */
export async function openWatchStream(
	rest: KubeRest,
	path: string,
	query: Record<string, string | number | boolean | undefined>,
	onEvent: (type: string, object: unknown) => void,
	onDone: (error: unknown) => void,
): Promise<WatchStream> {
	const {url, options} = await rest.prepare('GET', path, {...query, watch: true});
	let done = false;
	let aborted = false;
	const finish = (error: unknown) => {
		if (done) return;
		done = true;
		onDone(aborted ? named('AbortError', 'the watch was stopped') : error);
	};
	const transport = url.protocol === 'http:' ? http : https;
	const request = transport.request(url, options, response => {
		const status = response.statusCode ?? 0;
		response.setEncoding('utf8');
		if (status !== 200) {
			let text = '';
			response.on('data', (chunk: string) => (text = (text + chunk).slice(0, 10_000)));
			response.on('end', () => finish(Object.assign(classifyStatus(status, text, 'GET', path, rest.connection), {statusCode: status})));
			response.on('error', finish);
			return;
		}
		let pending: string[] = [];
		response.on('data', (chunk: string) => {
			let start = 0;
			let newline = chunk.indexOf('\n');
			while (newline >= 0) {
				pending.push(chunk.slice(start, newline));
				const line = pending.join('');
				pending = [];
				try {
					if (line.trim()) deliver(line, onEvent);
				} catch (error) {
					// A listener failed: end this stream with it (the cache reports it and watches again).
					request.destroy();
					finish(error);
				}
				if (done) return;
				start = newline + 1;
				newline = chunk.indexOf('\n', start);
			}
			if (start < chunk.length) pending.push(chunk.slice(start));
		});
		response.on('end', () => finish(null));
		response.on('error', finish);
		response.on('close', () => finish(null));
	});
	request.setTimeout(idleTimeoutMs, () => {
		request.destroy(named('TimeoutError', `the watch of ${path} was silent for ${idleTimeoutMs / 1000} s`));
	});
	request.on('error', (error: NodeJS.ErrnoException) =>
		finish(error.name === 'TimeoutError' ? error : unreachable(error, rest.connection)),
	);
	request.end();
	return {
		abort: () => {
			if (done) return;
			aborted = true;
			request.destroy();
			finish(null);
		},
	};
}

function deliver(line: string, onEvent: (type: string, object: unknown) => void): void {
	let event: {type?: unknown; object?: unknown};
	try {
		event = JSON.parse(line) as typeof event;
	} catch {
		// A line that is not JSON carries no event.
		return;
	}
	if (typeof event.type === 'string') onEvent(event.type, event.object);
}
