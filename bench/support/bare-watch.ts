/**
 * The baseline for "when did the cluster change": a minimal raw watch of the ConfigMaps of one
 * namespace, in its own process (`node bare-watch.js`, settings in BENCH_WATCH as JSON). It lists
 * once for a resourceVersion, watches from there, and prints one JSON line per event:
 * {type, name, value} (value: the ConfigMap's data.value); "ready" once the watch is open. When
 * the server ends the stream it watches again from the last resourceVersion; an ERROR event (for
 * example 410 Gone) is printed as {type: "ERROR", message} and ends the process.
 */
import https from 'node:https';

interface Settings {
	server: string;
	ca: string;
	cert: string;
	key: string;
	namespace: string;
}

interface WatchEvent {
	type: string;
	object: {metadata?: {name?: string; resourceVersion?: string}; data?: Record<string, string>; message?: string};
}

const settings = JSON.parse(process.env['BENCH_WATCH'] ?? '{}') as Settings;
const agent = new https.Agent({keepAlive: true, ca: settings.ca, cert: settings.cert, key: settings.key});
const base = `${settings.server}/api/v1/namespaces/${settings.namespace}/configmaps`;
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

function fail(message: string): never {
	print({type: 'ERROR', message});
	process.stderr.write(`bare watch: ${message}\n`);
	process.exit(1);
}

function get(url: string): Promise<unknown> {
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

function watch(resourceVersion: string, first: boolean): void {
	let last = resourceVersion;
	https
		.get(
			`${base}?watch=1&allowWatchBookmarks=true&resourceVersion=${resourceVersion}`,
			{agent, headers: {Accept: 'application/json'}},
			response => {
				if (response.statusCode !== 200) fail(`watch answered HTTP ${response.statusCode}`);
				if (first) print({type: 'ready'});
				let buffer = '';
				response.setEncoding('utf8');
				response.on('data', (chunk: string) => {
					buffer += chunk;
					let newline = buffer.indexOf('\n');
					let out = '';
					while (newline >= 0) {
						const event = JSON.parse(buffer.slice(0, newline)) as WatchEvent;
						buffer = buffer.slice(newline + 1);
						newline = buffer.indexOf('\n');
						if (event.type === 'ERROR') fail(event.object.message ?? 'ERROR event');
						last = event.object.metadata?.resourceVersion ?? last;
						if (event.type === 'BOOKMARK') continue;
						out += `${JSON.stringify({type: event.type, name: event.object.metadata?.name, value: event.object.data?.['value'] ?? null})}\n`;
					}
					if (out) process.stdout.write(out);
				});
				// The server ends watches after a while: carry on from where this one was.
				response.on('end', () => watch(last, false));
			},
		)
		.on('error', error => fail(error.message));
}

const list = await get(`${base}?limit=1`);
watch((list as {metadata: {resourceVersion: string}}).metadata.resourceVersion, true);
