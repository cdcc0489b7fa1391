/**
 * The actions on one app — sync (manual, auto-sync, self-heal), revert and rollback — each an
 * engine operation with a result event, a timeline entry, an audit record and notifications.
 * The UI and the CLI call these same functions.
 */
import type {RevisionInfo} from '../core/app-status.js';
import {displayKey, keyString, type KubeObject, resourceKeyOf} from '../core/kube-object.js';
import {planSync, propagationPolicyOf, type SyncPlan} from '../core/plan-sync.js';
import {describeError} from '../core/errors.js';
import {assignNamespaces} from './assign-namespaces.js';
import type {AppRuntime} from './app-runtime.js';
import type {ActionPlan, ActionResult, SyncRequest} from './engine-state.js';
import type {AuditPort} from '../ports/audit.js';
import type {NotifyPort} from '../ports/notify.js';
import {executeSync, type SyncOutcome} from './execute-sync.js';
import {renderApp} from './render-app.js';
import {describeDrift} from '../presentation/drift.js';

export interface OperationsDeps {
	audit: AuditPort;
	notifier: NotifyPort;
	readOnly: boolean;
	/** Retry sleeps are injectable so unit tests run fast. */
	sleep?: (ms: number) => Promise<void>;
}

type Initiator = 'user' | 'auto-sync' | 'self-heal' | 'rollback';

export function planFor(runtime: AppRuntime, request: SyncRequest = {}, desired: KubeObject[] = runtime.desired): SyncPlan {
	const extras = runtime.status.objects
		.filter(object => object.drift === 'extra')
		.map(object => runtime.liveObject(object.apiVersion, object.key.kind, object.key.namespace, object.key.name))
		.filter((object): object is KubeObject => object !== undefined);
	return planSync({
		appName: runtime.name,
		desired,
		objects: runtime.status.objects,
		extras,
		options: runtime.definition.syncPolicy.syncOptions,
		request: {resources: request.resources, prune: request.prune ?? runtime.policy.prune},
		allowEmpty: runtime.definition.syncPolicy.automated?.allowEmpty ?? false,
		// Namespaces holding live objects exist: CreateNamespace need not re-apply them.
		liveNamespaces: new Set(
			runtime.status.objects.filter(object => object.drift !== 'missing' && object.key.namespace).map(object => object.key.namespace),
		),
	});
}

export function toActionPlan(runtime: AppRuntime, plan: SyncPlan, deps: OperationsDeps): ActionPlan {
	const blockedReason = deps.readOnly
		? 'read-only mode (--read-only): no change is sent to the cluster'
		: !runtime.permissions.sync.allowed
			? runtime.permissions.sync.reason
			: plan.refusal;
	return {
		action: 'sync',
		app: runtime.name,
		apply: [
			...plan.createNamespaces.map(namespace => `Namespace/${namespace} (created)`),
			...plan.apply.map(object => displayKey(resourceKeyOf(object))),
		],
		delete: plan.prune.map(object => displayKey(resourceKeyOf(object))),
		notes: [...plan.notes, ...plan.skippedPrune.map(skip => `${skip.object}: not pruned (${skip.reason})`)],
		...(blockedReason ? {blockedReason} : {}),
	};
}

/** Runs a sync and reports it everywhere; never throws. */
export async function runSync(
	runtime: AppRuntime,
	deps: OperationsDeps,
	request: SyncRequest = {},
	initiator: Initiator = 'user',
	desired?: KubeObject[],
	/** The revision `desired` was rendered from, when it is not the current one (a rollback). */
	desiredRevision?: RevisionInfo,
): Promise<ActionResult> {
	const revision = desiredRevision ?? runtime.status.revision;
	const plan = planFor(runtime, request, desired);
	// History says who started it ('auto-sync', 'self-heal' or the user); the audit log always names
	// the kubeconfig user whose credentials sent the requests, and the policy in its message.
	const who = initiator === 'user' || initiator === 'rollback' ? runtime.deps.cluster.user : initiator;
	const user = runtime.deps.cluster.user;
	const by = initiator === 'user' ? '' : `${initiator}: `;
	const objects = [...plan.apply, ...plan.prune].map(object => displayKey(resourceKeyOf(object)));
	if (deps.readOnly || plan.refusal) {
		const message = deps.readOnly ? 'sync refused: read-only mode (--read-only)' : `sync refused: ${plan.refusal}`;
		runtime.record('sync-failed', message);
		await audit(runtime, deps, {user, action: 'sync', revision: revision?.sha, objects, result: 'refused', message: by + message});
		return {ok: false, message, applied: [], deleted: [], errors: [message]};
	}
	const started = new Date().toISOString();
	runtime.operation = {
		action: initiator === 'self-heal' ? 'heal' : 'sync',
		phase: 'Running',
		message: `applying ${plan.apply.length}, pruning ${plan.prune.length}`,
		startedAt: started,
	};
	if (!request.dryRun && initiator === 'user') runtime.record('sync-started', `sync of ${revision?.shortSha ?? '?'} started by ${who}`);
	runtime.deps.onChange();
	let outcome: SyncOutcome;
	try {
		outcome = await executeSync(plan, {
			cluster: runtime.deps.cluster,
			readOnly: deps.readOnly,
			dryRun: request.dryRun ?? false,
			propagationPolicy: propagationPolicyOf(runtime.definition.syncPolicy.syncOptions),
			...(runtime.definition.syncPolicy.retry && initiator === 'auto-sync'
				? {retry: {limit: runtime.definition.syncPolicy.retry.limit, ...runtime.definition.syncPolicy.retry.backoff}}
				: {retry: {limit: 2, durationMs: 1000, factor: 2, maxDurationMs: 10_000}}),
			...(deps.sleep ? {sleep: deps.sleep} : {}),
		});
	} catch (error) {
		outcome = {
			ok: false,
			phase: 'Error',
			applied: [],
			deleted: [],
			errors: [{object: '', code: 'internal', message: describeError(error)}],
			notApplied: [],
			notDeleted: [],
			notes: [],
			message: describeError(error),
			dryRun: false,
		};
	}
	const errors = outcome.errors.map(error => (error.object ? `${error.object}: ${error.message}` : error.message));
	runtime.operation = {...runtime.operation, phase: outcome.phase, message: outcome.message, finishedAt: new Date().toISOString()};
	if (outcome.dryRun) {
		await audit(runtime, deps, {user, action: 'sync', revision: revision?.sha, objects, result: 'dry-run', message: by + outcome.message});
	} else if (outcome.ok) {
		for (const object of plan.apply) runtime.syncedKeys.add(keyString(resourceKeyOf(object)));
		if (initiator === 'self-heal') {
			const healed = runtime.status.objects.filter(object => outcome.applied.includes(displayKey(object.key)));
			for (const object of healed) {
				runtime.record('healed', `${displayKey(object.key)}: reverted (${describeDrift(object)})`, {
					object: displayKey(object.key),
					attribution: object.attribution,
				});
			}
			await deps.notifier.notify({
				kind: 'healed',
				app: runtime.name,
				message: outcome.applied.join(', '),
				revision: revision?.sha,
				time: new Date().toISOString(),
			});
		} else {
			runtime.deployedSha = revision?.sha ?? runtime.deployedSha;
			runtime.record('synced', `synced ${revision?.shortSha ?? ''} (${initiator}): ${outcome.message}`);
			if (revision) {
				const id = (runtime.history[0]?.id ?? 0) + 1;
				runtime.history = [
					{id, revision: revision.sha, subject: revision.subject, time: new Date().toISOString(), initiatedBy: who},
					...runtime.history,
				].slice(0, runtime.definition.revisionHistoryLimit);
			}
		}
		for (const deleted of outcome.deleted) runtime.record('pruned', `${deleted} deleted (no longer in Git)`, {object: deleted});
		await audit(runtime, deps, {
			user,
			action: initiator === 'self-heal' ? 'heal' : 'sync',
			revision: revision?.sha,
			objects,
			result: 'succeeded',
			message: by + outcome.message,
		});
	} else {
		runtime.record(
			'sync-failed',
			`${initiator === 'self-heal' ? 'self-heal' : 'sync'} failed: ${outcome.message}${errors.length ? ` — ${errors.join('; ')}` : ''}`,
		);
		await deps.notifier.notify({
			kind: 'sync-failed',
			app: runtime.name,
			message: [outcome.message, ...errors].join('\n'),
			revision: revision?.sha,
			time: new Date().toISOString(),
		});
		await audit(runtime, deps, {
			user,
			action: initiator === 'self-heal' ? 'heal' : 'sync',
			revision: revision?.sha,
			objects,
			result: 'failed',
			message: by + [outcome.message, ...errors].join('; '),
		});
	}
	runtime.deps.onChange();
	runtime.scheduleRecompute(0);
	return {ok: outcome.ok, message: outcome.message, applied: outcome.applied, deleted: outcome.deleted, errors};
}

/** Self-heal: re-apply only the drifted objects, never prune. */
export async function runHeal(runtime: AppRuntime, deps: OperationsDeps, keys: string[]): Promise<void> {
	const still = runtime.status.objects.filter(object => keys.includes(keyString(object.key)) && object.syncStatus === 'OutOfSync');
	if (still.length === 0 || runtime.operation?.phase === 'Running' || !runtime.policy.selfHeal) return;
	await runSync(runtime, deps, {resources: still.map(object => keyString(object.key)), prune: false}, 'self-heal');
}

export async function planRevert(runtime: AppRuntime, deps: OperationsDeps, sha?: string): Promise<ActionPlan> {
	const target = sha ?? runtime.deployedSha ?? runtime.status.revision?.sha;
	const commits = await runtime.deps
		.git(runtime.definition.sources[0]?.repoURL ?? '')
		.history(runtime.definition.sources[0]?.path ?? '.', {limit: 50});
	const commit = commits.find(candidate => target && candidate.sha.startsWith(target));
	return {
		action: 'revert',
		app: runtime.name,
		apply: [],
		delete: [],
		...(commit ? {commit: {sha: commit.sha, subject: commit.subject}} : {}),
		notes: [
			`a new commit reverting ${target?.slice(0, 7) ?? '?'} is created on ${runtime.definition.sources[0]?.targetRevision ?? 'HEAD'}${runtime.deps.git(runtime.definition.sources[0]?.repoURL ?? '').isRemote ? ' and pushed' : ''}; then the app is synced`,
		],
		...(deps.readOnly ? {blockedReason: 'read-only mode (--read-only)'} : target ? {} : {blockedReason: 'no deployed revision to revert'}),
	};
}

/** `git revert` of a commit (default: the deployed one), pushed for a remote, then deployed. */
export async function runRevert(runtime: AppRuntime, deps: OperationsDeps, sha?: string): Promise<ActionResult> {
	const source = runtime.definition.sources[0];
	const target = sha ?? runtime.deployedSha ?? runtime.status.revision?.sha;
	if (deps.readOnly || !source || !target) {
		const message = deps.readOnly ? 'revert refused: read-only mode (--read-only)' : 'revert refused: no deployed revision to revert';
		runtime.record('error', message);
		await audit(runtime, deps, {user: runtime.deps.cluster.user, action: 'revert', revision: target, result: 'refused', message});
		return {ok: false, message, applied: [], deleted: [], errors: [message]};
	}
	const git = runtime.deps.git(source.repoURL);
	try {
		const branch = source.targetRevision === 'HEAD' ? 'HEAD' : source.targetRevision;
		const commit = await git.revert(target, {branch});
		const message = `reverted ${target.slice(0, 7)} with ${commit.shortSha}: ${commit.subject}${git.isRemote ? ' (pushed)' : ''}`;
		runtime.record('reverted', message);
		await audit(runtime, deps, {user: runtime.deps.cluster.user, action: 'revert', revision: commit.sha, result: 'succeeded', message});
		await runtime.pollOnce();
		// With auto-sync the poll has deployed it; otherwise deploy it now, as the user asked.
		const result =
			runtime.status.syncStatus === 'OutOfSync' && runtime.operation?.phase !== 'Running' ? await runSync(runtime, deps) : undefined;
		return {
			ok: result?.ok ?? true,
			message: result ? `${message}; ${result.message}` : message,
			applied: result?.applied ?? [],
			deleted: result?.deleted ?? [],
			errors: result?.errors ?? [],
		};
	} catch (error) {
		const message = `revert of ${target.slice(0, 7)} failed: ${describeError(error)}`;
		runtime.record('error', message);
		await audit(runtime, deps, {user: runtime.deps.cluster.user, action: 'revert', revision: target, result: 'failed', message});
		return {ok: false, message, applied: [], deleted: [], errors: [message]};
	}
}

/** Re-deploys an earlier revision and turns auto-sync and self-heal off, as Argo CD does. */
export async function runRollback(
	runtime: AppRuntime,
	deps: OperationsDeps,
	target: {revision: string; subject: string},
): Promise<ActionResult> {
	if (deps.readOnly) {
		const message = 'rollback refused: read-only mode (--read-only)';
		runtime.record('error', message);
		await audit(runtime, deps, {
			user: runtime.deps.cluster.user,
			action: 'rollback',
			revision: target.revision,
			result: 'refused',
			message,
		});
		return {ok: false, message, applied: [], deleted: [], errors: [message]};
	}
	try {
		const definition = {
			...runtime.definition,
			sources: runtime.definition.sources.map((source, index) => (index === 0 ? {...source, targetRevision: target.revision} : source)),
		};
		const rendered = await renderApp(definition, runtime.deps);
		const desired = await assignNamespaces(rendered.objects, definition.destination.namespace, runtime.deps.cluster);
		const turnedOff = [runtime.policy.autoSync ? 'auto-sync' : '', runtime.policy.selfHeal ? 'self-heal' : ''].filter(Boolean);
		runtime.policy = {...runtime.policy, autoSync: false, selfHeal: false};
		const result = await runSync(runtime, deps, {prune: false}, 'rollback', desired, rendered.revisions[0]);
		// The cluster now runs an older revision: Git's is no longer "auto-synced already" (turning
		// auto-sync back on deploys it, as in Argo CD), and what the rollback changed is not drift.
		runtime.autoSyncedSha = null;
		runtime.syncedKeys.clear();
		const message = `rolled back to ${target.revision.slice(0, 7)} (${target.subject})${turnedOff.length ? `; ${turnedOff.join(' and ')} turned off so the next poll does not undo it` : ''}`;
		runtime.record('rolled-back', message);
		await audit(runtime, deps, {
			user: runtime.deps.cluster.user,
			action: 'rollback',
			revision: target.revision,
			result: result.ok ? 'succeeded' : 'failed',
			message,
		});
		return {...result, message: `${message}: ${result.message}`};
	} catch (error) {
		const message = `rollback failed: ${describeError(error)}`;
		runtime.record('error', message);
		return {ok: false, message, applied: [], deleted: [], errors: [message]};
	}
}

async function audit(
	runtime: AppRuntime,
	deps: OperationsDeps,
	entry: {
		user: string;
		action: string;
		revision?: string | undefined;
		objects?: string[];
		result: 'succeeded' | 'failed' | 'refused' | 'dry-run';
		message: string;
	},
): Promise<void> {
	try {
		await deps.audit.record({
			time: new Date().toISOString(),
			app: runtime.name,
			...entry,
			...(entry.revision ? {revision: entry.revision} : {}),
		});
	} catch (error) {
		runtime.record('error', `audit log: ${describeError(error)}`);
	}
}
