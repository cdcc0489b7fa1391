/**
 * A TCP pass-through between driftwatch and the API server, so a test can cut driftwatch's
 * connections (its watch streams die, new connections are refused) while kubectl keeps talking
 * to the API server directly: "the watch was down, and meanwhile the cluster changed". Bytes are
 * forwarded untouched (TLS end to end, the API server's certificate names 127.0.0.1): this is
 * a cable to unplug, not a fake API server.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import net from 'node:net';

export interface TcpProxy {
	/** 127.0.0.1:port to point a kubeconfig at. */
	port: number;
	/** Connections forwarded so far (each reconnect of driftwatch is one). */
	readonly accepted: number;
	/** Drops every open connection and refuses new ones until `restore()`. */
	cut(): void;
	restore(): void;
	close(): Promise<void>;
}

export async function startTcpProxy(target: {host: string; port: number}): Promise<TcpProxy> {
	const open = new Set<net.Socket>();
	let cut = false;
	let accepted = 0;
	const server = net.createServer(client => {
		if (cut) {
			client.destroy();
			return;
		}
		accepted++;
		const upstream = net.connect(target.port, target.host);
		for (const socket of [client, upstream]) {
			open.add(socket);
			socket.on('close', () => open.delete(socket));
			socket.on('error', () => {
				client.destroy();
				upstream.destroy();
			});
		}
		client.pipe(upstream);
		upstream.pipe(client);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const address = server.address();
	if (!address || typeof address === 'string') throw new Error('the proxy has no port');
	return {
		port: address.port,
		get accepted() {
			return accepted;
		},
		cut: () => {
			cut = true;
			for (const socket of open) socket.destroy();
		},
		restore: () => {
			cut = false;
		},
		close: async () => {
			cut = true;
			for (const socket of open) socket.destroy();
			await new Promise<void>(resolve => server.close(() => resolve()));
		},
	};
}

/** The API server's address in a kubeconfig (its first cluster). */
export function apiServerAddress(kubeconfigFile: string): {host: string; port: number} {
	const match = /server:\s*https:\/\/([\d.]+):(\d+)/.exec(readFileSync(kubeconfigFile, 'utf8'));
	if (!match?.[1] || !match[2]) throw new Error(`no https://IP:PORT server in ${kubeconfigFile}`);
	return {host: match[1], port: Number(match[2])};
}

/** A copy of `kubeconfigFile` whose clusters point at 127.0.0.1:`port` (the proxy). */
export function kubeconfigThrough(kubeconfigFile: string, port: number, out: string): string {
	const text = readFileSync(kubeconfigFile, 'utf8').replace(/server:\s*https:\/\/[\d.]+:\d+/g, `server: https://127.0.0.1:${port}`);
	writeFileSync(out, text, {mode: 0o600});
	return out;
}
