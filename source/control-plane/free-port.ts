/** Free TCP ports on 127.0.0.1, asked of the kernel (listen on port 0, then release). */
import net from 'node:net';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

/** Several distinct free ports (all held open at once so the kernel cannot hand one out twice). */
export async function freePorts(count: number): Promise<number[]> {
	const servers: net.Server[] = [];
	try {
		const ports: number[] = [];
		for (let index = 0; index < count; index++) {
			const server = net.createServer();
			servers.push(server);
			ports.push(
				await new Promise<number>((resolve, reject) => {
					server.on('error', reject);
					server.listen(0, '127.0.0.1', () => {
						const address = server.address();
						resolve(typeof address === 'object' && address ? address.port : 0);
					});
				}),
			);
		}
		return ports;
	} finally {
		await Promise.all(servers.map(async server => new Promise(resolve => server.close(resolve))));
	}
}
