/**
 * The baseline for "when did the cluster change": a minimal raw watch of the ConfigMaps of one
 * namespace, in its own process (`node bare-watch.js`, settings in BENCH_WATCH as JSON). It lists
 * once for a resourceVersion, watches from there, and prints one JSON line per event:
 * {type, name, value} (value: the ConfigMap's data.value). "ready" once the watch is open.
 */
import https from 'node:https';

interface Settings {
	server: string;
	ca: string;
	cert: string;
	key: string;
	namespace: string;
}

const settings = JSON.parse(process.env['BENCH_WATCH'] ?? '{}') as Settings;
const agent = new https.Agent({keepAlive: true, ca: settings.ca, cert: settings.cert, key: settings.key});
const base = `${settings.server}/api/v1/namespaces/${settings.namespace}/configmaps`;

function get(url: string): Promise<any> {
	return new Promise((resolve, reject) => {
		https
			.get(url, {agent, headers: {Accept: 'application/json'}}, response => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
			})
			.on('error', reject);
	});
}

const list = await get(`${base}?limit=1`);
const resourceVersion = (list as {metadata: {resourceVersion: string}}).metadata.resourceVersion;
https
	.get(`${base}?watch=1&resourceVersion=${resourceVersion}`, {agent, headers: {Accept: 'application/json'}}, response => {
		process.stdout.write(`${JSON.stringify({type: 'ready', status: response.statusCode})}\n`);
		let buffer = '';
		response.setEncoding('utf8');
		response.on('data', (chunk: string) => {
			buffer += chunk;
			let newline = buffer.indexOf('\n');
			let out = '';
			while (newline >= 0) {
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 1);
				const event = JSON.parse(line) as {type: string; object: {metadata: {name: string}; data?: Record<string, string>}};
				out += `${JSON.stringify({type: event.type, name: event.object.metadata.name, value: event.object.data?.['value'] ?? null})}\n`;
				newline = buffer.indexOf('\n');
			}
			if (out) process.stdout.write(out);
		});
		response.on('end', () => {
			process.stdout.write(`${JSON.stringify({type: 'closed'})}\n`);
			process.exit(1);
		});
	})
	.on('error', error => {
		process.stderr.write(`bare watch: ${error.message}\n`);
		process.exit(1);
	});
