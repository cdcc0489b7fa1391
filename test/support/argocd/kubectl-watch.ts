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

/**
 * One self-heal, timed: waits for Deployment `name` at 1 replica, scales it to 3 with `kubectl`, and
 * returns the milliseconds from the scale's return to the watch seeing 1 replica again. The same
 * measurement for Argo CD and for driftwatch, so the speed line compares like with like.
 */
export async function timeScaleHealed(
	kubeconfig: string,
	namespace: string,
	name: string,
	kubectl: (...args: string[]) => Promise<unknown>,
	timeoutMs: number,
): Promise<number> {
	const replicas = watchObject(kubeconfig, ['deployment', name, '-n', namespace], '{.spec.replicas}');
	try {
		await replicas.next(line => line === '1', {since: 0, timeoutMs, what: `${name} at 1 replica`});
		const since = performance.now();
		await kubectl('scale', '-n', namespace, `deployment/${name}`, '--replicas=3');
		const changed = performance.now();
		const healed = await replicas.next(line => line === '1', {since, timeoutMs, what: `${name} healed back to 1 replica`});
		return Math.max(0, healed.at - changed);
	} finally {
		replicas.stop();
	}
}
