/**
 * A sync of one app (manual, auto-sync, self-heal, or the apply of a rollback): planned from the
 * current state, announced (SyncStarted), carried out by execute-sync.ts, and reported
 * (SyncFinished). What it means for the state, the timeline, the audit log and notifications
 * follows from those events; nothing here changes state.
 */
import type {RevisionInfo} from '../core/app-status.js';
import {describeError} from '../core/errors.js';
import {displayKey, keyString, type KubeObject, resourceKeyOf} from '../core/kube-object.js';
import {planSync, propagationPolicyOf, type SyncPlan} from '../core/plan-sync.js';
import type {AppContext} from './app-context.js';
import type {SyncResultFacts} from './app-events.js';
import type {ActionPlan, ActionResult, SyncInitiator, SyncRequest} from './engine-state.js';
import {executeSync, type SyncOutcome, type SyncRetry} from './execute-sync.js';

/** Retries of a sync that is not an auto-sync with its own retry policy. */
const defaultRetry: SyncRetry = {limit: 2, durationMs: 1000, factor: 2, maxDurationMs: 10_000};

/** The plan of a sync of `desired` (default: Git's objects now) against the current comparison. */
export function planFor(app: AppContext, request: SyncRequest = {}, desired: readonly KubeObject[] = app.state().desired): SyncPlan {
	const {status, policy} = app.state();
	const extras = status.objects
		.filter(object => object.drift === 'extra')
		.map(object => app.liveObject(object.apiVersion, object.key.kind, object.key.namespace, object.key.name))
		.filter((object): object is KubeObject => object !== undefined);
	return planSync({
		appName: app.name,
		desired: [...desired],
		objects: status.objects,
		extras,
		options: app.definition.syncPolicy.syncOptions,
		request: {resources: request.resources, prune: request.prune ?? policy.prune},
		allowEmpty: app.definition.syncPolicy.automated?.allowEmpty ?? false,
		// Namespaces holding live objects exist: CreateNamespace need not re-apply them.
		liveNamespaces: new Set(
			status.objects.filter(object => object.drift !== 'missing' && object.key.namespace).map(object => object.key.namespace),
		),
	});
}

/** The plan as the confirmation dialog and `--dry-run` show it. */
export function toActionPlan(app: AppContext, plan: SyncPlan): ActionPlan {
	const permission = app.state().permissions.sync;
	const blockedReason = app.readOnly
		? 'read-only mode (--read-only): no change is sent to the cluster'
		: !permission.allowed
			? permission.reason
			: plan.refusal;
	return {
		action: 'sync',
		app: app.name,
		apply: [
			...plan.createNamespaces.map(namespace => `Namespace/${namespace} (created)`),
			...plan.apply.map(object => displayKey(resourceKeyOf(object))),
		],
		delete: plan.prune.map(object => displayKey(resourceKeyOf(object))),
		notes: [...plan.notes, ...plan.skippedPrune.map(skip => `${skip.object}: not pruned (${skip.reason})`)],
		...(blockedReason ? {blockedReason} : {}),
	};
}

/** Runs a sync and reports it; never throws. `target`: another revision's objects (a rollback). */
export async function runSync(
	app: AppContext,
	request: SyncRequest = {},
	initiator: SyncInitiator = 'user',
	target?: {desired: readonly KubeObject[]; revision: RevisionInfo | null},
): Promise<ActionResult> {
	const revision = target ? target.revision : app.state().status.revision;
	const plan = planFor(app, request, target?.desired);
	const user = app.cluster.user;
	// History says who started it ('auto-sync', 'self-heal' or the user); the audit log always names
	// the kubeconfig user whose credentials sent the requests.
	const by = initiator === 'user' || initiator === 'rollback' ? user : initiator;
	const objects = [...plan.apply, ...plan.prune].map(object => displayKey(resourceKeyOf(object)));
	if (app.readOnly || plan.refusal !== undefined) {
		const cause = app.readOnly ? 'read-only' : 'refused';
		const reason = app.readOnly ? 'read-only mode (--read-only)' : (plan.refusal ?? '');
		await app.dispatch({
			type: 'SyncRefused',
			time: app.clock.now(),
			initiator,
			cause,
			reason,
			revision: revision?.sha ?? null,
			objects,
			user,
		});
		const message = `sync refused: ${reason}`;
		return {ok: false, message, applied: [], deleted: [], errors: [message]};
	}
	const dryRun = request.dryRun ?? false;
	await app.dispatch({
		type: 'SyncStarted',
		time: app.clock.now(),
		initiator,
		revision,
		dryRun,
		applies: plan.apply.length,
		prunes: plan.prune.length,
		by,
	});
	const outcome = await execute(app, plan, initiator, dryRun);
	const result: SyncResultFacts = {
		ok: outcome.ok,
		phase: outcome.phase,
		message: outcome.message,
		applied: outcome.applied,
		deleted: outcome.deleted,
		errors: outcome.errors.map(error => (error.object ? `${error.object}: ${error.message}` : error.message)),
	};
	await app.dispatch({
		type: 'SyncFinished',
		time: app.clock.now(),
		initiator,
		revision,
		dryRun: outcome.dryRun,
		result,
		appliedKeys: plan.apply.map(object => keyString(resourceKeyOf(object))),
		objects,
		by,
		user,
	});
	app.requestComparison();
	return {ok: result.ok, message: result.message, applied: result.applied, deleted: result.deleted, errors: result.errors};
}

async function execute(app: AppContext, plan: SyncPlan, initiator: SyncInitiator, dryRun: boolean): Promise<SyncOutcome> {
	const retry = app.definition.syncPolicy.retry;
	try {
		return await executeSync(plan, {
			cluster: app.cluster,
			readOnly: app.readOnly,
			dryRun,
			propagationPolicy: propagationPolicyOf(app.definition.syncPolicy.syncOptions),
			retry: retry && initiator === 'auto-sync' ? {limit: retry.limit, ...retry.backoff} : defaultRetry,
			sleep: async ms => app.sleep(ms),
		});
	} catch (error) {
		const message = describeError(error);
		return {
			ok: false,
			phase: 'Error',
			applied: [],
			deleted: [],
			errors: [{object: '', code: 'internal', message}],
			notApplied: [],
			notDeleted: [],
			notes: [],
			message,
			dryRun: false,
		};
	}
}

/** Self-heal: re-apply only the objects still drifted, never prune. */
export async function runHeal(app: AppContext, keys: readonly string[]): Promise<void> {
	const state = app.state();
	const still = state.status.objects.filter(
		object => keys.includes(keyString(object.key)) && object.syncStatus === 'OutOfSync' && !state.keeping.has(keyString(object.key)),
	);
	if (still.length === 0 || state.operation?.phase === 'Running' || !state.policy.selfHeal) return;
	await runSync(app, {resources: still.map(object => keyString(object.key)), prune: false}, 'self-heal');
}
