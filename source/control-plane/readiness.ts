/** Waiting for the control plane's endpoints to answer, with a deadline and the last error. */
import http from 'node:http';
import https from 'node:https';
import {delay} from './managed-process.js';

export interface Probe {
	url: string;
	/** PEM of the CA for https; when absent, https certificates are not verified (self-signed health ports). */
	ca?: Buffer;
	cert?: Buffer;
	key?: Buffer;
}

export async function probeOnce(probe: Probe): Promise<{status: number; body: string}> {
	const isHttps = probe.url.startsWith('https:');
	return new Promise((resolve, reject) => {
		const options = isHttps
			? {ca: probe.ca, cert: probe.cert, key: probe.key, rejectUnauthorized: probe.ca !== undefined, timeout: 2000}
			: {timeout: 2000};
		const request = (isHttps ? https : http).get(probe.url, options, response => {
			let body = '';
			response.setEncoding('utf8');
			response.on('data', chunk => (body += chunk));
			response.on('end', () => resolve({status: response.statusCode ?? 0, body}));
		});
		request.on('timeout', () => request.destroy(new Error('timed out')));
		request.on('error', reject);
	});
}

/** Polls until the probe answers 200; throws with the last answer or error after `timeoutMs`. */
export async function waitUntilReady(name: string, probe: Probe, timeoutMs: number, isStillRunning: () => boolean): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer yet';
	while (Date.now() < deadline) {
		if (!isStillRunning()) throw new Error(`${name} exited before it was ready`);
		try {
			const {status, body} = await probeOnce(probe);
			if (status === 200) return;
			last = `HTTP ${status}: ${body.slice(0, 300)}`;
		} catch (error) {
			last = (error as Error).message;
		}
		await delay(200);
	}
	throw new Error(`${name} was not ready within ${Math.round(timeoutMs / 1000)}s (${probe.url}: ${last})`);
}
