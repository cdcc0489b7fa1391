/**
 * The wet run of a sync, step by step as Argo CD runs it (gitops-engine's syncContext.Sync): each
 * (phase, wave) prunes, deletes the hooks it recreates, then applies kind group by kind group, each
 * group in parallel (bounded). Before the next step, the hooks it started must complete, and when
 * the sync has several steps every resource it applied must be healthy and every pruned object
 * gone. A failed request, hook or resource stops the sync: the SyncFail hooks run, and the hooks
 * whose policy says so are deleted (HookSucceeded after a success, HookFailed after a failure).
 */
import {describeError} from '../core/errors.js';
import {crdDefinesGroupKind} from '../core/sync-order.js';
import {waitingMessage} from '../core/sync-task-state.js';
import {type SyncStep, type SyncTask, syncStepsOf} from '../core/sync-tasks.js';
import type {KubeObject} from '../core/kube-object.js';
import {isEstablished, type Observe, observeRunning, type StartedTask, started, stillPresent} from './sync-observer.js';
import {runBounded, type SyncRequests} from './sync-requests.js';

export interface SyncRunOptions {
	requests: SyncRequests;
	observe: Observe;
	sleep: (ms: number) => Promise<void>;
	concurrency: number;
	/** How long one wait (for health, a hook, a deletion) may take. */
	waitTimeoutMs: number;
	/** The operation's message while it waits. */
	progress: (message: string) => void;
	/** Each resource applied, with the server's answer. */
	onApplied: (sent: KubeObject, response: KubeObject) => void;
}

/** What went wrong, for the outcome. */
export interface SyncFailure {
	object: string;
	code: string;
	message: string;
	/** For a failed request: what was sent. */
	verb?: 'apply' | 'prune' | 'delete';
}

export interface SyncRunResult {
	ok: boolean;
	/** Resources applied, and namespaces created, in the order done. */
	applied: string[];
	deleted: string[];
	hooks: Array<{object: string; phase: string; state: 'Running' | 'Succeeded' | 'Failed'; message: string; deleted: boolean}>;
	failures: SyncFailure[];
	/** Tasks the sync did not reach (resources, prunes), by name. */
	notApplied: string[];
	notDeleted: string[];
	/** Set when the failure was a hook or a resource's health, or a timeout (a request's failure is in `failures`). */
	reason?: string;
	syncFailHooks: string[];
	notes: string[];
}

class WaitTimeout extends Error {}

const firstPollMs = 100;
const maxPollMs = 1000;
/** Argo CD waits this long for a CRD to be established before going on. */
const crdReadyMs = 3000;

export class SyncRun {
	private readonly started: StartedTask[] = [];
	private readonly pruned: KubeObject[] = [];
	private readonly done = new Set<SyncTask>();
	private readonly applied: string[] = [];
	private readonly deleted: string[] = [];
	private readonly failures: SyncFailure[] = [];
	private readonly deletedHooks = new Set<StartedTask>();
	/** Failed tasks already in `failures`. */
	private readonly reported = new Set<StartedTask>();
	/** Why the sync failed, beyond failed requests (a hook, a resource's health, a timeout). */
	private readonly reasons: string[] = [];
	/** Worth knowing, not a failure (a hook that could not be deleted by its policy). */
	private readonly notes: string[] = [];

	constructor(
		private readonly tasks: readonly SyncTask[],
		private readonly options: SyncRunOptions,
	) {}

	async run(createNamespaces: readonly KubeObject[]): Promise<SyncRunResult> {
		const {steps, syncFail, multiStep} = syncStepsOf(this.tasks);
		if (
			!(await this.applyAll(
				createNamespaces.map(namespace => ({object: namespace})),
				false,
			))
		)
			return this.result(false);
		for (const [index, step] of steps.entries()) {
			if (index > 0) {
				const reason = await this.settle(multiStep);
				if (reason !== undefined) return this.fail(reason, syncFail);
			}
			if (!(await this.runStep(step))) return this.fail(undefined, syncFail);
			const last = index === steps.length - 1;
			// The last step done, and no hook to wait for: success, even if resources degrade later (as in Argo CD).
			if (last && !step.tasks.some(task => task.action === 'hook')) return this.succeed();
		}
		const reason = await this.settle(multiStep);
		return reason === undefined ? this.succeed() : this.fail(reason, syncFail);
	}

	/** Prunes, deletes hooks to recreate, then applies kind group by kind group; false when something failed. */
	private async runStep(step: SyncStep): Promise<boolean> {
		const prunes = step.tasks.filter(task => task.action === 'prune');
		for (const skipped of prunes.filter(task => task.skip !== undefined)) this.done.add(skipped);
		const real = prunes.filter(task => task.skip === undefined);
		const {failures} = await runBounded(real, this.options.concurrency, async task => {
			await this.options.requests.delete(task.object, false);
			this.done.add(task);
			this.deleted.push(task.name);
			this.pruned.push(task.object);
		});
		if (this.record(failures, task => task.name, 'prune')) return false;
		const creates = step.tasks.filter(task => task.action !== 'prune' && task.skip === undefined);
		if (!(await this.deleteBeforeCreation(creates.filter(task => task.deletePolicies.includes('BeforeHookCreation'))))) return false;
		return this.applyAll(creates, true);
	}

	/** Applies tasks in groups of consecutive same-kind objects, each group in parallel. */
	private async applyAll(tasks: ReadonlyArray<SyncTask | {object: KubeObject}>, track: boolean): Promise<boolean> {
		let index = 0;
		while (index < tasks.length) {
			const kind = tasks[index]?.object.kind;
			let end = index;
			while (end < tasks.length && tasks[end]?.object.kind === kind) end++;
			const group = tasks.slice(index, end);
			const {failures} = await runBounded(group, this.options.concurrency, async entry => {
				const response = await this.options.requests.apply(entry.object, false);
				if (!('action' in entry)) return void this.applied.push(`Namespace/${entry.object.metadata.name}`);
				this.done.add(entry);
				if (entry.action === 'apply') {
					this.applied.push(entry.name);
					this.options.onApplied(entry.object, response);
				}
				// Only what the sync still looks at is kept: a resource without health is done once applied.
				const entryState = track ? started(entry, response) : undefined;
				if (entryState && (entryState.state === 'Running' || entry.action === 'hook')) this.started.push(entryState);
				if (crdDefinesGroupKind(entry.object) !== undefined) await this.untilEstablished(entry.object);
			});
			if (this.record(failures, entry => ('action' in entry ? entry.name : `Namespace/${entry.object.metadata.name}`), 'apply'))
				return false;
			index = end;
		}
		return true;
	}

	/** BeforeHookCreation: a hook that exists from an earlier sync is deleted, and gone, before it is created again. */
	private async deleteBeforeCreation(hooks: readonly SyncTask[]): Promise<boolean> {
		const existing: KubeObject[] = [];
		const {failures} = await runBounded(hooks, this.options.concurrency, async task => {
			const live = await this.options.requests.get(task.object);
			if (!live) return;
			await this.options.requests.delete(live, false);
			existing.push(live);
		});
		if (this.record(failures, task => task.name, 'delete')) return false;
		try {
			await this.waitUntil(async () => {
				const present = await stillPresent(existing, this.options.observe);
				return present.length === 0 ? undefined : waitingMessage('deletion', present);
			});
		} catch (error) {
			if (error instanceof WaitTimeout) return this.recordReason(error.message);
			throw error;
		}
		return true;
	}

	/**
	 * Waits until no hook runs (and, with several steps, no applied resource is short of healthy)
	 * and pruned objects are gone. Returns why the sync fails, if it does.
	 */
	private async settle(multiStep: boolean): Promise<string | undefined> {
		try {
			await this.waitUntil(async () => {
				await observeRunning(this.started, this.options.observe);
				const running = this.started.filter(entry => entry.state === 'Running' && (multiStep || entry.task.action === 'hook'));
				if (running.length > 0) {
					const first = running[0]?.task.action === 'hook' ? 'hook' : 'resource';
					return waitingMessage(
						first,
						running.map(entry => entry.applied),
					);
				}
				const present = multiStep ? await stillPresent(this.pruned, this.options.observe) : [];
				this.pruned.splice(0, this.pruned.length, ...present);
				return present.length > 0 ? waitingMessage('deletion', present) : undefined;
			});
		} catch (error) {
			if (error instanceof WaitTimeout) return error.message;
			throw error;
		}
		const failed = this.started.filter(entry => entry.state === 'Failed' && !this.reported.has(entry));
		if (failed.length === 0) return undefined;
		for (const entry of failed) {
			this.reported.add(entry);
			this.failures.push({
				object: entry.task.name,
				code: entry.task.action === 'hook' ? 'hook-failed' : 'degraded',
				message: entry.message || (entry.task.action === 'hook' ? 'the hook failed' : 'Degraded'),
			});
		}
		return failed
			.map(
				entry =>
					`${entry.task.action === 'hook' ? 'hook ' : ''}${entry.task.name} ${entry.task.action === 'hook' ? 'failed' : 'is Degraded'}${entry.message ? `: ${entry.message}` : ''}`,
			)
			.join('; ');
	}

	/** Polls `check` (a message while waiting, undefined when done), backing off to 1 s; throws WaitTimeout past the limit. */
	private async waitUntil(check: () => Promise<string | undefined>): Promise<void> {
		let delay = firstPollMs;
		let waited = 0;
		for (;;) {
			const waiting = await check();
			if (waiting === undefined) return;
			this.options.progress(waiting);
			if (waited >= this.options.waitTimeoutMs) {
				throw new WaitTimeout(`timed out after ${Math.round(waited / 1000)} s ${waiting}`);
			}
			await this.options.sleep(delay);
			waited += delay;
			delay = Math.min(maxPollMs, Math.round(delay * 1.5));
		}
	}

	private async untilEstablished(crd: KubeObject): Promise<void> {
		let waited = 0;
		while (waited < crdReadyMs && !isEstablished(await this.options.requests.get(crd))) {
			await this.options.sleep(firstPollMs);
			waited += firstPollMs;
		}
	}

	private async succeed(): Promise<SyncRunResult> {
		await this.deleteHooksByPolicy('HookSucceeded');
		return this.result(true);
	}

	/** The sync failed: hooks with HookFailed go, then the SyncFail hooks run to completion. */
	private async fail(reason: string | undefined, syncFail: readonly SyncTask[]): Promise<SyncRunResult> {
		if (reason !== undefined) this.recordReason(reason);
		await this.deleteHooksByPolicy('HookFailed');
		if (syncFail.length > 0) {
			this.options.progress('running SyncFail hooks');
			const before = this.started.length;
			const ok =
				(await this.deleteBeforeCreation(syncFail.filter(task => task.deletePolicies.includes('BeforeHookCreation')))) &&
				(await this.applyAll(syncFail, true));
			if (ok) {
				const why = await this.settle(false);
				if (why !== undefined) this.recordReason(`SyncFail hooks: ${why}`);
			}
			await this.deleteHooksByPolicy('HookFailed', this.started.slice(before));
		}
		return this.result(false);
	}

	private async deleteHooksByPolicy(policy: 'HookSucceeded' | 'HookFailed', among: readonly StartedTask[] = this.started): Promise<void> {
		const hooks = among.filter(
			entry =>
				entry.task.action === 'hook' &&
				entry.state !== 'Running' &&
				entry.task.deletePolicies.includes(policy) &&
				!this.deletedHooks.has(entry),
		);
		const {failures} = await runBounded(
			hooks,
			this.options.concurrency,
			async entry => {
				await this.options.requests.delete(entry.applied, false);
				this.deletedHooks.add(entry);
			},
			{keepGoing: true},
		);
		for (const {item, error} of failures)
			this.notes.push(`${item.task.name}: could not delete the hook (${policy}): ${describeError(error)}`);
	}

	private recordReason(reason: string): false {
		this.reasons.push(reason);
		return false;
	}

	/** Records failed requests; true when there were any. */
	private record<T>(failures: ReadonlyArray<{item: T; error: unknown}>, name: (item: T) => string, verb: SyncFailure['verb']): boolean {
		for (const {item, error} of failures)
			this.failures.push({object: name(item), code: codeOf(error), message: describeError(error), verb});
		return failures.length > 0;
	}

	private result(ok: boolean): SyncRunResult {
		const notDone = this.tasks.filter(task => task.phase !== 'SyncFail' && task.skip === undefined && !this.done.has(task));
		return {
			ok: ok && this.failures.length === 0 && this.reasons.length === 0,
			notes: this.notes,
			applied: this.applied,
			deleted: this.deleted,
			hooks: this.started
				.filter(entry => entry.task.action === 'hook')
				.map(entry => ({
					object: entry.task.name,
					phase: entry.task.phase,
					state: entry.state,
					message: entry.message,
					deleted: this.deletedHooks.has(entry),
				})),
			failures: this.failures,
			notApplied: notDone.filter(task => task.action === 'apply').map(task => task.name),
			notDeleted: notDone.filter(task => task.action === 'prune').map(task => task.name),
			...(this.reasons.length > 0 ? {reason: this.reasons.join('; ')} : {}),
			syncFailHooks: this.started.filter(entry => entry.task.phase === 'SyncFail').map(entry => entry.task.name),
		};
	}
}

function codeOf(error: unknown): string {
	return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'internal';
}
