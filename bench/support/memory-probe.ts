/**
 * Preloaded into a driftwatch process by the bench only (`node --import` through NODE_OPTIONS),
 * never shipped: answers "memory" on the unix socket named by DRIFTWATCH_BENCH_PROBE with the
 * process's memoryUsage() as one JSON line, and "memory gc" after a full collection (the process
 * runs with --expose-gc), and "heapsnapshot FILE" after writing a heap snapshot there. The socket
 * does not keep the process alive.
 */
import {rmSync} from 'node:fs';
import net from 'node:net';
import v8 from 'node:v8';

const socketPath = process.env['DRIFTWATCH_BENCH_PROBE'];
if (socketPath) {
	rmSync(socketPath, {force: true});
	const server = net.createServer(connection => {
		let buffer = '';
		connection.on('data', chunk => {
			buffer += chunk.toString('utf8');
			let newline = buffer.indexOf('\n');
			while (newline >= 0) {
				const command = buffer.slice(0, newline).trim();
				buffer = buffer.slice(newline + 1);
				if (command === 'memory gc') (globalThis as {gc?: () => void}).gc?.();
				const snapshot = command.startsWith('heapsnapshot ') ? v8.writeHeapSnapshot(command.slice('heapsnapshot '.length)) : undefined;
				connection.write(`${JSON.stringify({pid: process.pid, ...process.memoryUsage(), snapshot})}\n`);
				newline = buffer.indexOf('\n');
			}
		});
		connection.on('error', () => {});
	});
	server.listen(socketPath);
	server.unref();
}
