/**
 * Carries out a sync plan through the ClusterPort: a server-side dry run of the whole set first,
 * in parallel (a failure applies nothing), then the steps as Argo CD runs them (sync-run.ts):
 * namespaces, then each (phase, wave) with its prunes, hooks and applies, waiting for hooks and
 * health between steps. Transient failures are retried with backoff; a failure stops the sync and
 * says exactly what was and was not done, so a half-applied state is never silent.
 */
import {describeError, DriftwatchError} from '../core/errors.js';
import type {KubeObject} from '../core/kube-object.js';
import type {SyncPlan} from '../core/plan-sync.js';
import {crdDefinesGroupKind, groupKindOf, namespaceDefinedBy} from '../core/sync-order.js';
import type {SyncTask} from '../core/sync-tasks.js';
import type {ClusterPort, PropagationPolicy} from '../ports/cluster.js';
import {syncConcurrency} from './sync-concurrency.js';
import type {Observe} from './sync-observer.js';
import {defaultSyncRetry, refOf, runBounded, SyncRequests, type SyncRetry} from './sync-requests.js';
import {SyncRun, type SyncRunResult} from './sync-run.js';

export {defaultSyncRetry, retryDelayMs, type SyncRetry} from './sync-requests.js';

/** How long one wait of a sync (for a hook, for health between waves, for a deletion) may last. */
export const defaultWaitTimeoutMs = 30 * 60_000;

export interface ExecuteSyncDeps {
	cluster: ClusterPort;
	/** Refuse without sending any mutating request. */
	readOnly: boolean;
	/** Default {@link defaultSyncRetry}. */
	retry?: SyncRetry;
	/** Waits between retries and polls (the engine's clock; tests pass a recorder). */
	sleep: (ms: number) => Promise<void>;
	/** Only validate: run the dry-run phase and report what would change. */
	dryRun?: boolean;
	/** For prunes and hook deletions; default 'Foreground' (dependents go first, as in Argo CD). */
	propagationPolicy?: PropagationPolicy;
	/** Reads a live object; default a GET. The engine reads its watch cache first. */
	observe?: Observe;
	/** Told what the sync waits for ("waiting for completion of hook batch/Job/migrate"). */
	progress?: (message: string) => void;
	/** Requests in flight at once; default {@link syncConcurrency}. */
	concurrency?: number;
	/** Default {@link defaultWaitTimeoutMs}. */
	waitTimeoutMs?: number;
	/** Told of each resource applied, with the server's answer. */
	onApplied?: (sent: KubeObject, response: KubeObject) => void;
}

export interface HookOutcome {
	/** 'Job/demo/migrate-1a2b3c4-presync-1733050000' */
	object: string;
	phase: string;
	state: 'Running' | 'Succeeded' | 'Failed';
	message: string;
	/** Deleted by its hook-delete-policy at the end of the sync. */
	deleted: boolean;
}

export interface SyncOutcome {
	ok: boolean;
	/** Failed: an object, a hook or a resource's health failed. Error: the sync could not run at all (refused). */
	phase: 'Succeeded' | 'Failed' | 'Error';
	/** 'Deployment/demo/web', in the order done (or, for a dry run, that would be done); created namespaces included. */
	applied: string[];
	deleted: string[];
	/** The hooks run, in the order started, with their result. */
	hooks: HookOutcome[];
	errors: Array<{object: string; code: string; message: string}>;
	/** Applies not done because the sync stopped (the failed object first). */
	notApplied: string[];
	/** Prunes not done because the sync stopped. */
	notDeleted: string[];
	message: string;
	/** Things worth knowing that did not fail the sync, e.g. objects the dry run could not check. */
	notes: string[];
	dryRun: boolean;
}

/** Runs a plan; never throws for cluster failures (they are in the outcome). */
export async function executeSync(plan: SyncPlan, deps: ExecuteSyncDeps): Promise<SyncOutcome> {
	const dryRun = deps.dryRun ?? false;
	const outcome = (fields: Partial<SyncOutcome> & Pick<SyncOutcome, 'phase' | 'message'>): SyncOutcome => ({
		ok: fields.phase === 'Succeeded',
		applied: [],
		deleted: [],
		hooks: [],
		errors: [],
		notApplied: [],
		notDeleted: [],
		notes: [],
		dryRun,
		...fields,
	});
	if (deps.readOnly) {
		const message = `read-only mode: sync refused, nothing was sent to the cluster (${plan.apply.length} to apply, ${plan.prune.length} to prune)`;
		return outcome({phase: 'Error', message, errors: [{object: '', code: 'sync-refused', message}]});
	}
	if (plan.refusal !== undefined) {
		return outcome({phase: 'Error', message: plan.refusal, errors: [{object: '', code: 'sync-refused', message: plan.refusal}]});
	}
	const tasks = plan.tasks.filter(task => task.skip === undefined);
	const namespaces = plan.createNamespaces.map(name => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name}}));
	if (tasks.length === 0 && namespaces.length === 0) return outcome({phase: 'Succeeded', message: 'nothing to do'});

	const concurrency = deps.concurrency ?? syncConcurrency;
	const requests = new SyncRequests(deps.cluster, deps.retry ?? defaultSyncRetry, deps.sleep, deps.propagationPolicy ?? 'Foreground');
	const created = namespaces.map(namespace => `Namespace/${namespace.metadata.name}`);
	const applies = [...created, ...tasks.filter(task => task.action === 'apply').map(task => task.name)];
	const deletes = tasks.filter(task => task.action === 'prune').map(task => task.name);

	// Phase 1: the server validates everything (admission, schema, RBAC) before anything changes.
	const {errors, notes} = await validate(plan, tasks, namespaces, requests, concurrency);
	if (errors.length > 0) {
		const list = errors.map(entry => `${entry.object}: ${entry.message}`).join('; ');
		return outcome({
			phase: 'Failed',
			errors,
			notes,
			notApplied: applies,
			notDeleted: deletes,
			message: `dry run failed for ${errors.length} of ${tasks.length + namespaces.length} object(s), nothing was applied or pruned: ${list}`,
		});
	}
	if (dryRun) {
		const hooks = tasks.filter(task => task.action === 'hook');
		return outcome({
			phase: 'Succeeded',
			applied: applies,
			deleted: deletes,
			hooks: hooks.map(task => ({object: task.name, phase: task.phase, state: 'Running', message: 'would run', deleted: false})),
			notes,
			message:
				`dry run passed: ${applies.length} object(s) would be applied, ${deletes.length} pruned` +
				(hooks.length > 0 ? `, ${hooks.length} hook(s) run` : ''),
		});
	}

	// Phase 2: for real, step by step.
	const observe: Observe = deps.observe ?? (async object => deps.cluster.get(refOf(object)));
	const run = new SyncRun(plan.tasks, {
		requests,
		observe,
		sleep: deps.sleep,
		concurrency,
		waitTimeoutMs: deps.waitTimeoutMs ?? defaultWaitTimeoutMs,
		progress: deps.progress ?? (() => {}),
		onApplied: deps.onApplied ?? (() => {}),
	});
	return describeRun(await run.run(namespaces), notes, outcome);
}

/** The dry run of every task, in parallel; objects in a namespace or of a kind this sync creates are noted, not failed. */
async function validate(
	plan: SyncPlan,
	tasks: readonly SyncTask[],
	namespaces: readonly KubeObject[],
	requests: SyncRequests,
	concurrency: number,
): Promise<{errors: SyncOutcome['errors']; notes: string[]}> {
	const errors: SyncOutcome['errors'] = [];
	const notes: string[] = [];
	const deferrable = deferrableTest(plan);
	const items = [
		...namespaces.map(object => ({object, name: `Namespace/${object.metadata.name}`, task: undefined})),
		...tasks.map(task => ({object: task.object, name: task.name, task})),
	];
	await runBounded(
		items,
		concurrency,
		async ({object, name, task}) => {
			try {
				if (task?.action === 'prune') await requests.delete(object, true);
				else await requests.apply(object, true);
			} catch (error) {
				if (task?.action !== 'prune' && isNotFound(error) && deferrable(object)) {
					notes.push(`${name} was not validated by the dry run: its namespace or CRD is created by this sync`);
				} else if (task?.action === 'hook' && task.deletePolicies.includes('BeforeHookCreation') && (await requests.get(object))) {
					// The hook of an earlier sync is deleted before this one is created: the dry run judged an update.
					notes.push(`${name} was not validated by the dry run: it replaces the hook of an earlier sync (BeforeHookCreation)`);
				} else {
					errors.push(errorEntry(name, error));
				}
			}
		},
		{keepGoing: true},
	);
	const order = new Map(items.map((item, index) => [item.name, index]));
	errors.sort((a, b) => (order.get(a.object) ?? 0) - (order.get(b.object) ?? 0));
	return {errors, notes};
}

function describeRun(
	run: SyncRunResult,
	notes: string[],
	outcome: (fields: Partial<SyncOutcome> & Pick<SyncOutcome, 'phase' | 'message'>) => SyncOutcome,
): SyncOutcome {
	const fields = {
		applied: run.applied,
		deleted: run.deleted,
		hooks: run.hooks,
		notApplied: run.notApplied,
		notDeleted: run.notDeleted,
		errors: run.failures.map(({object, code, message}) => ({object, code, message})),
		notes: [...notes, ...run.notes],
	};
	const hooksDone = run.hooks.filter(hook => hook.phase !== 'SyncFail').length;
	const hookText = hooksDone > 0 ? `, ${hooksDone} hook(s) run` : '';
	if (run.ok) {
		return outcome({
			...fields,
			phase: 'Succeeded',
			message: `synced: ${run.applied.length} applied, ${run.deleted.length} pruned${hookText}`,
		});
	}
	const request = run.failures.find(failure => failure.verb !== undefined);
	const cause =
		request && run.reason === undefined
			? `${request.verb} of ${request.object} failed after a successful dry run: ${request.message}`
			: `sync failed after a successful dry run: ${run.reason ?? run.failures.map(failure => `${failure.object}: ${failure.message}`).join('; ')}`;
	const syncFail =
		run.syncFailHooks.length > 0
			? `. SyncFail hooks: ${run.hooks
					.filter(hook => hook.phase === 'SyncFail')
					.map(hook => `${hook.object} ${hook.state}`)
					.join(', ')}`
			: '';
	const message =
		`${cause}. Done: ${run.applied.length} applied, ${run.deleted.length} pruned${hookText}. ` +
		`Not done: ${run.notApplied.length} apply(s)${list(run.notApplied)}, ${run.notDeleted.length} prune(s)${list(run.notDeleted)}${syncFail}`;
	return outcome({...fields, phase: 'Failed', message});
}

function list(names: readonly string[]): string {
	return names.length > 0 ? ` (${names.join(', ')})` : '';
}

/**
 * Which objects a dry run cannot judge: those in a namespace, or of a kind, that this same sync
 * creates first. The server answers "not found" for them until then (Argo CD skips them too).
 */
function deferrableTest(plan: SyncPlan): (object: KubeObject) => boolean {
	const applied = plan.tasks.filter(task => task.action !== 'prune').map(task => task.object);
	const namespaces = new Set([...plan.createNamespaces, ...applied.map(namespaceDefinedBy).filter(name => name !== undefined)]);
	const kinds = new Set(applied.map(crdDefinesGroupKind).filter(kind => kind !== undefined));
	return object => namespaces.has(object.metadata.namespace ?? '') || kinds.has(groupKindOf(object));
}

function isNotFound(error: unknown): boolean {
	return error instanceof DriftwatchError && error.code === 'not-found';
}

/** The object's error with what the user can do about it (a DriftwatchError's hint). */
function errorEntry(object: string, error: unknown): SyncOutcome['errors'][number] {
	return {object, code: error instanceof DriftwatchError ? error.code : 'internal', message: describeError(error)};
}
