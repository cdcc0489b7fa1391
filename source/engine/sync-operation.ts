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
import {trackingOf} from '../core/tracking.js';
import type {AppContext} from './app-context.js';
import type {SyncResultFacts} from './app-events.js';
import type {ActionPlan, ActionResult, SyncInitiator, SyncRequest} from './engine-state.js';
import {executeSync, type SyncOutcome, type SyncRetry} from './execute-sync.js';
import type {Observe} from './sync-observer.js';
import {refOf} from './sync-requests.js';
import {rolloutsOf} from './workload-rollouts.js';

/** Retries of a sync that is not an auto-sync with its own retry policy. */
const defaultRetry: SyncRetry = {limit: 2, durationMs: 1000, factor: 2, maxDurationMs: 10_000};

/**
 * The plan of a sync of `desired` (default: Git's objects now) against the current comparison;
 * `revision` (default the current one) and the time name `generateName` hooks.
 */
export function planFor(
	app: AppContext,
	request: SyncRequest = {},
	desired: readonly KubeObject[] = app.state().desired,
	revision: string = app.state().status.revision?.sha ?? '',
): SyncPlan {
	const {status, policy} = app.state();
	const extras = status.objects
		.filter(object => object.drift === 'extra')
		.map(object => app.liveObject(object.apiVersion, object.key.kind, object.key.namespace, object.key.name))
		.filter((object): object is KubeObject => object !== undefined);
	return planSync({
		appName: app.name,
		tracking: trackingOf(app.definition),
		revision,
		startedAtMs: app.clock.now(),
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
			...plan.hooks.filter(hook => hook.phase === 'PreSync').map(hook => `${displayKey(resourceKeyOf(hook.object))} (PreSync hook)`),
			...plan.apply.map(object => displayKey(resourceKeyOf(object))),
			...plan.hooks
				.filter(hook => hook.phase === 'Sync' || hook.phase === 'PostSync')
				.map(hook => `${displayKey(resourceKeyOf(hook.object))} (${hook.phase} hook)`),
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
	const plan = planFor(app, request, target?.desired, revision?.sha ?? '');
	const user = app.cluster.user;
	// History says who started it ('auto-sync', 'self-heal' or the user); the audit log always names
	// the kubeconfig user whose credentials sent the requests.
	const by = initiator === 'user' || initiator === 'rollback' ? user : initiator;
	const objects = [...plan.apply, ...plan.prune, ...plan.hooks.map(hook => hook.object)].map(object => displayKey(resourceKeyOf(object)));
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
	const rollouts = rolloutsOf(plan.apply, app.state().status.objects, object =>
		app.liveObject(object.apiVersion, object.kind, object.metadata.namespace ?? '', object.metadata.name),
	);
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
	// Applies of Git's objects as they are now save the comparison a dry run each; a rollback's do not.
	const outcome = await execute(app, plan, initiator, dryRun, target === undefined);
	const result: SyncResultFacts = {
		ok: outcome.ok,
		phase: outcome.phase,
		message: outcome.message,
		applied: outcome.applied,
		deleted: outcome.deleted,
		errors: outcome.errors.map(error => (error.object ? `${error.object}: ${error.message}` : error.message)),
		...(outcome.hooks.length > 0 ? {hooks: outcome.hooks} : {}),
	};
	await app.dispatch({
		type: 'SyncFinished',
		time: app.clock.now(),
		initiator,
		revision,
		dryRun: outcome.dryRun,
		result,
		appliedKeys: plan.apply.map(object => keyString(resourceKeyOf(object))),
		rollouts: rollouts.filter(rollout => result.applied.includes(rollout.object)),
		objects,
		by,
		user,
	});
	app.requestComparison();
	return {
		ok: result.ok,
		message: result.message,
		applied: result.applied,
		deleted: result.deleted,
		errors: result.errors,
		...(result.hooks ? {hooks: result.hooks} : {}),
	};
}

async function execute(app: AppContext, plan: SyncPlan, initiator: SyncInitiator, dryRun: boolean, current: boolean): Promise<SyncOutcome> {
	const retry = app.definition.syncPolicy.retry;
	try {
		return await executeSync(plan, {
			cluster: app.cluster,
			readOnly: app.readOnly,
			dryRun,
			propagationPolicy: propagationPolicyOf(app.definition.syncPolicy.syncOptions),
			retry: retry && initiator === 'auto-sync' ? {limit: retry.limit, ...retry.backoff} : defaultRetry,
			sleep: async ms => app.sleep(ms),
			observe: observerOf(app),
			progress: message => void app.dispatch({type: 'SyncProgressed', time: app.clock.now(), message}),
			...(current && app.recordApplied ? {onApplied: (sent, response) => app.recordApplied?.(sent, response)} : {}),
		});
	} catch (error) {
		const message = describeError(error);
		return {
			ok: false,
			phase: 'Error',
			applied: [],
			deleted: [],
			hooks: [],
			errors: [{object: '', code: 'internal', message}],
			notApplied: [],
			notDeleted: [],
			notes: [],
			message,
			dryRun: false,
		};
	}
}

/**
 * Reads a live object for a running sync: the watch cache's copy when it is the object the sync
 * applied and at least its generation (so its status is about this spec), else a GET.
 */
function observerOf(app: AppContext): Observe {
	return async (object, after) => {
		const {apiVersion, kind, metadata} = object;
		const cached = app.liveObject(apiVersion, kind, metadata.namespace ?? '', metadata.name);
		const fresh =
			cached !== undefined &&
			(after === undefined ||
				(cached.metadata.uid === after.metadata.uid && (cached.metadata.generation ?? 0) >= (after.metadata.generation ?? 0)));
		return fresh ? cached : app.cluster.get(refOf(object));
	};
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
