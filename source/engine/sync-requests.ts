/**
 * The requests a sync sends, each retried on transient failures (unreachable, conflict) with the
 * sync's backoff, and a bounded runner that stops starting new work once something failed, so a
 * failed sync reports exactly what was and was not sent.
 */
import {DriftwatchError} from '../core/errors.js';
import type {KubeObject} from '../core/kube-object.js';
import type {ClusterPort, ObjectRef, PropagationPolicy} from '../ports/cluster.js';

/** Backoff for transient failures: delay n = durationMs x factor^n, capped at maxDurationMs. */
export interface SyncRetry {
	/** Retries per request after the first try; negative retries forever (as in Argo CD). */
	limit: number;
	durationMs: number;
	factor: number;
	maxDurationMs: number;
}

/** Argo CD's defaults: 5 retries, 5s, x2, at most 3m. */
export const defaultSyncRetry: SyncRetry = {limit: 5, durationMs: 5_000, factor: 2, maxDurationMs: 180_000};

/** Delay before retry number `attempt` (0 = the first retry). */
export function retryDelayMs(attempt: number, retry: SyncRetry): number {
	return Math.min(retry.durationMs * retry.factor ** attempt, retry.maxDurationMs);
}

export function refOf(object: KubeObject): ObjectRef {
	return {apiVersion: object.apiVersion, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name};
}

/** Sends one object's requests with retries. */
export class SyncRequests {
	constructor(
		private readonly cluster: ClusterPort,
		private readonly retry: SyncRetry,
		private readonly sleep: (ms: number) => Promise<void>,
		private readonly propagationPolicy: PropagationPolicy,
	) {}

	async apply(object: KubeObject, dryRun: boolean): Promise<KubeObject> {
		return this.withRetry(async () => this.cluster.apply(object, {dryRun, force: true}));
	}

	async delete(object: KubeObject, dryRun: boolean): Promise<void> {
		return this.withRetry(async () => this.cluster.delete(refOf(object), {propagationPolicy: this.propagationPolicy, dryRun}));
	}

	async get(object: KubeObject): Promise<KubeObject | undefined> {
		return this.withRetry(async () => this.cluster.get(refOf(object)));
	}

	private async withRetry<T>(run: () => Promise<T>): Promise<T> {
		for (let attempt = 0; ; attempt++) {
			try {
				return await run();
			} catch (error) {
				// Only failures that can pass by themselves: 403 and 422 will answer the same next time.
				const transient = error instanceof DriftwatchError && (error.code === 'cluster-unreachable' || error.code === 'conflict');
				if (!transient || (this.retry.limit >= 0 && attempt >= this.retry.limit)) throw error;
				await this.sleep(retryDelayMs(attempt, this.retry));
			}
		}
	}
}

/**
 * Runs `work` over `items` with at most `limit` in flight, in order of start. Once `work` for one
 * item has thrown, no new item starts; those in flight finish. Resolves with the failures (item
 * and error), in the order they happened, and the items never started.
 */
export async function runBounded<T>(
	items: readonly T[],
	limit: number,
	work: (item: T) => Promise<void>,
	options: {keepGoing?: boolean} = {},
): Promise<{failures: Array<{item: T; error: unknown}>; notStarted: T[]}> {
	const failures: Array<{item: T; error: unknown}> = [];
	let next = 0;
	const worker = async () => {
		while (next < items.length && (options.keepGoing || failures.length === 0)) {
			const item = items[next++] as T;
			try {
				await work(item);
			} catch (error) {
				failures.push({item, error});
			}
		}
	};
	await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker));
	return {failures, notStarted: items.slice(next)};
}
