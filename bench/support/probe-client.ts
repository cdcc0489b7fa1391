/** Asks a driftwatch process with the memory probe preloaded for its memory (see memory-probe.ts). */
import net from 'node:net';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export interface ProbedMemory {
	pid: number;
	rssMB: number;
	heapUsedMB: number;
	heapTotalMB: number;
	externalMB: number;
}

/** NODE_OPTIONS and the variable that make a node process answer on `socketPath`. */
export function probeEnvironment(socketPath: string): Record<string, string> {
	const probe = path.join(path.dirname(fileURLToPath(import.meta.url)), 'memory-probe.js');
	return {NODE_OPTIONS: `--expose-gc --import=${pathToUrl(probe)}`, DRIFTWATCH_BENCH_PROBE: socketPath};
}

function pathToUrl(file: string): string {
	return new URL(`file://${file}`).href;
}

/** One reading; `gc` forces a full collection first. Retries while the socket is not there yet. */
export async function probeMemory(
	socketPath: string,
	options: {gc?: boolean; timeoutMs?: number; heapSnapshot?: string} = {},
): Promise<ProbedMemory> {
	const deadline = Date.now() + (options.timeoutMs ?? 10_000);
	const command = options.heapSnapshot ? `heapsnapshot ${options.heapSnapshot}` : options.gc ? 'memory gc' : 'memory';
	for (;;) {
		try {
			return await askOnce(socketPath, command);
		} catch (error) {
			if (Date.now() > deadline) throw new Error(`no memory probe answered on ${socketPath}: ${(error as Error).message}`, {cause: error});
			await new Promise(resolve => setTimeout(resolve, 100));
		}
	}
}

function askOnce(socketPath: string, command: string): Promise<ProbedMemory> {
	return new Promise((resolve, reject) => {
		const socket = net.connect(socketPath);
		let buffer = '';
		socket.on('connect', () => socket.write(`${command}\n`));
		socket.on('data', chunk => {
			buffer += chunk.toString('utf8');
			const newline = buffer.indexOf('\n');
			if (newline < 0) return;
			socket.end();
			const usage = JSON.parse(buffer.slice(0, newline)) as NodeJS.MemoryUsage & {pid: number};
			const mb = (bytes: number) => bytes / 1024 / 1024;
			resolve({
				pid: usage.pid,
				rssMB: mb(usage.rss),
				heapUsedMB: mb(usage.heapUsed),
				heapTotalMB: mb(usage.heapTotal),
				externalMB: mb(usage.external),
			});
		});
		socket.on('error', reject);
	});
}
