/**
 * Carries out a sync plan through the ClusterPort: a server-side dry run of the whole set first
 * (a failure applies nothing), then namespaces, applies in order, and prunes. Transient failures
 * are retried with backoff; a failure after the dry run stops the sync and says exactly what was
 * and was not done, so a half-applied state is never silent.
 */
import {DriftwatchError} from '../core/errors.js';
import {displayKey, type KubeObject, resourceKeyOf} from '../core/kube-object.js';
import type {SyncPlan} from '../core/plan-sync.js';
import {crdDefinesGroupKind, groupKindOf} from '../core/sync-order.js';
import type {ClusterPort, PropagationPolicy} from '../ports/cluster.js';

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

export interface ExecuteSyncDeps {
	cluster: ClusterPort;
	/** Refuse without sending any mutating request. */
	readOnly: boolean;
	/** Default {@link defaultSyncRetry}. */
	retry?: SyncRetry;
	/** Waits between retries (the engine's clock; tests pass a recorder). */
	sleep: (ms: number) => Promise<void>;
	/** Only validate: run the dry-run phase and report what would change. */
	dryRun?: boolean;
	/** For prunes; default 'Foreground' (dependents go first, as in Argo CD). */
	propagationPolicy?: PropagationPolicy;
}

export interface SyncOutcome {
	ok: boolean;
	/** Failed: an object failed (dry run or apply). Error: the sync could not run at all (refused). */
	phase: 'Succeeded' | 'Failed' | 'Error';
	/** 'Deployment/demo/web', in the order done (or, for a dry run, that would be done); created namespaces included. */
	applied: string[];
	deleted: string[];
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

type Step = {object: string; run: (dryRun: boolean) => Promise<unknown>; kind: 'apply' | 'delete'; target: KubeObject};

/** Runs a plan; never throws for cluster failures (they are in the outcome). */
export async function executeSync(plan: SyncPlan, deps: ExecuteSyncDeps): Promise<SyncOutcome> {
	const dryRun = deps.dryRun ?? false;
	const outcome = (fields: Partial<SyncOutcome> & Pick<SyncOutcome, 'phase' | 'message'>): SyncOutcome => ({
		ok: fields.phase === 'Succeeded',
		applied: [],
		deleted: [],
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
	const steps = stepsOf(plan, deps.cluster, deps.propagationPolicy ?? 'Foreground');
	if (steps.length === 0) return outcome({phase: 'Succeeded', message: 'nothing to do'});

	const retry = deps.retry ?? defaultSyncRetry;
	const attempt = (step: Step, asDryRun: boolean) => withRetry(() => step.run(asDryRun), retry, deps.sleep);

	// Phase 1: the server validates everything (admission, schema, RBAC) before anything changes.
	const errors: SyncOutcome['errors'] = [];
	const notes: string[] = [];
	const deferrable = deferrableTest(plan);
	for (const step of steps) {
		try {
			await attempt(step, true);
		} catch (error) {
			if (step.kind === 'apply' && isNotFound(error) && deferrable(step.target)) {
				notes.push(`${step.object} was not validated by the dry run: its namespace or CRD is created by this sync`);
			} else {
				errors.push(errorEntry(step.object, error));
			}
		}
	}
	const applies = steps.filter(step => step.kind === 'apply').map(step => step.object);
	const deletes = steps.filter(step => step.kind === 'delete').map(step => step.object);
	if (errors.length > 0) {
		const list = errors.map(entry => `${entry.object}: ${entry.message}`).join('; ');
		return outcome({
			phase: 'Failed',
			errors,
			notes,
			notApplied: applies,
			notDeleted: deletes,
			message: `dry run failed for ${errors.length} of ${steps.length} object(s), nothing was applied or pruned: ${list}`,
		});
	}
	if (dryRun) {
		return outcome({
			phase: 'Succeeded',
			applied: applies,
			deleted: deletes,
			notes,
			message: `dry run passed: ${applies.length} object(s) would be applied, ${deletes.length} pruned`,
		});
	}

	// Phase 2: for real, in order; the first failure stops the sync.
	const applied: string[] = [];
	const deleted: string[] = [];
	for (const [index, step] of steps.entries()) {
		try {
			await attempt(step, false);
			(step.kind === 'apply' ? applied : deleted).push(step.object);
		} catch (error) {
			const rest = steps.slice(index);
			const notApplied = rest.filter(other => other.kind === 'apply').map(other => other.object);
			const notDeleted = rest.filter(other => other.kind === 'delete').map(other => other.object);
			const entry = errorEntry(step.object, error);
			const verb = step.kind === 'apply' ? 'apply' : 'prune';
			return outcome({
				phase: 'Failed',
				applied,
				deleted,
				notApplied,
				notDeleted,
				notes,
				errors: [entry],
				message:
					`${verb} of ${step.object} failed after a successful dry run: ${entry.message}. ` +
					`Done: ${applied.length} applied, ${deleted.length} pruned. Not done: ${notApplied.length} apply(s)` +
					`${notApplied.length > 0 ? ` (${notApplied.join(', ')})` : ''}, ${notDeleted.length} prune(s)` +
					`${notDeleted.length > 0 ? ` (${notDeleted.join(', ')})` : ''}`,
			});
		}
	}
	return outcome({phase: 'Succeeded', applied, deleted, notes, message: `synced: ${applied.length} applied, ${deleted.length} pruned`});
}

/** Delay before retry number `attempt` (0 = the first retry). */
export function retryDelayMs(attempt: number, retry: SyncRetry): number {
	return Math.min(retry.durationMs * retry.factor ** attempt, retry.maxDurationMs);
}

/** Namespaces first (CreateNamespace), then the applies in plan order, then the prunes. */
function stepsOf(plan: SyncPlan, cluster: ClusterPort, propagationPolicy: PropagationPolicy): Step[] {
	const namespaces = plan.createNamespaces.map(name => ({apiVersion: 'v1', kind: 'Namespace', metadata: {name}}));
	const applies = [...namespaces, ...plan.apply].map((target): Step => ({
		object: describe(target),
		kind: 'apply',
		target,
		run: dryRun => cluster.apply(target, {dryRun, force: true}),
	}));
	const deletes = plan.prune.map((target): Step => {
		const ref = {apiVersion: target.apiVersion, kind: target.kind, namespace: target.metadata.namespace, name: target.metadata.name};
		return {object: describe(target), kind: 'delete', target, run: dryRun => cluster.delete(ref, {propagationPolicy, dryRun})};
	});
	return [...applies, ...deletes];
}

/**
 * Which objects a dry run cannot judge: those in a namespace, or of a kind, that this same sync
 * creates first. The server answers "not found" for them until then (Argo CD skips them too).
 */
function deferrableTest(plan: SyncPlan): (object: KubeObject) => boolean {
	const namespaces = new Set([
		...plan.createNamespaces,
		...plan.apply.filter(object => object.kind === 'Namespace').map(object => object.metadata.name),
	]);
	const kinds = new Set(plan.apply.map(crdDefinesGroupKind).filter(kind => kind !== undefined));
	return object => namespaces.has(object.metadata.namespace ?? '') || kinds.has(groupKindOf(object));
}

async function withRetry<T>(run: () => Promise<T>, retry: SyncRetry, sleep: (ms: number) => Promise<void>): Promise<T> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await run();
		} catch (error) {
			// Only failures that can pass by themselves: 403 and 422 will answer the same next time.
			const transient = error instanceof DriftwatchError && (error.code === 'cluster-unreachable' || error.code === 'conflict');
			if (!transient || (retry.limit >= 0 && attempt >= retry.limit)) throw error;
			await sleep(retryDelayMs(attempt, retry));
		}
	}
}

function isNotFound(error: unknown): boolean {
	return error instanceof DriftwatchError && error.code === 'not-found';
}

function errorEntry(object: string, error: unknown): SyncOutcome['errors'][number] {
	if (error instanceof DriftwatchError) return {object, code: error.code, message: error.message};
	return {object, code: 'internal', message: error instanceof Error ? error.message : String(error)};
}

function describe(object: KubeObject): string {
	return displayKey(resourceKeyOf(object));
}
