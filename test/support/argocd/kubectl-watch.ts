/**
 * `kubectl get -w` on one object, one line per change (a jsonpath template), each stamped with the
 * moment it arrived: latency measurements wait on watch events, not on polling.
 */
import {spawn} from 'node:child_process';
import {createInterface} from 'node:readline';

export interface WatchedLine {
	text: string;
	/** performance.now() when the line arrived. */
	at: number;
}

export interface LineWatch {
	/** Resolves with the first line (arrived at or after `since`) that satisfies `predicate`. */
	next(predicate: (text: string) => boolean, options: {since: number; timeoutMs: number; what: string}): Promise<WatchedLine>;
	stop(): void;
}

export function watchObject(kubeconfig: string, args: string[], template: string): LineWatch {
	const child = spawn('kubectl', [`--kubeconfig=${kubeconfig}`, 'get', ...args, '--watch', '-o', `jsonpath=${template}{"\\n"}`], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const lines: WatchedLine[] = [];
	const waiters = new Set<() => void>();
	let stderr = '';
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	createInterface({input: child.stdout}).on('line', text => {
		lines.push({text, at: performance.now()});
		for (const waiter of [...waiters]) waiter();
	});
	child.on('error', () => {});
	return {
		next: async (predicate, {since, timeoutMs, what}) =>
			new Promise((resolve, reject) => {
				const check = () => {
					const found = lines.find(line => line.at >= since && predicate(line.text));
					if (!found) return;
					waiters.delete(check);
					clearTimeout(timer);
					resolve(found);
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					const seen = lines.filter(line => line.at >= since).map(line => line.text);
					reject(new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}; seen: ${JSON.stringify(seen.slice(-5))} ${stderr}`));
				}, timeoutMs);
				waiters.add(check);
				check();
			}),
		stop: () => child.kill('SIGKILL'),
	};
}
