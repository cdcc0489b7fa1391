/**
 * Keep the live change (the on-call's third answer besides sync and ignore): the live values of a
 * drifted object's fields are written to the files in Git that produce them, committed and pushed
 * like a revert, and the object is then synced, which changes nothing live but records the commit
 * as deployed and makes driftwatch own the fields again (so the next hand change is seen and
 * attributed). Only the kept object is synced: keep never deploys anybody else's pending commits
 * or undoes other drift. Self-heal and auto-sync are held off the object from the plan until the
 * end (KeepHeld / KeepReleased), so a heal cannot undo the change while it becomes Git's.
 */
import {deepEqual} from '../core/json-value.js';
import {displayKey, keyString, type ResourceKey, resourceKeyOf} from '../core/kube-object.js';
import {editRefused} from '../core/source-edit/edit-types.js';
import {keepChanges, planKeep as planKeepEdit} from '../core/source-edit/plan-keep.js';
import type {SourceEditPort} from '../ports/source-edit.js';
import type {AppContext} from './app-context.js';
import type {ActionResult} from './engine-state.js';
import {commitEdit, editBlocked, editFailed, planEdit, type PlannedEdit} from './source-edit-operation.js';
import {runSync} from './sync-operation.js';

/** How long a plan shown for confirmation holds the policies off the object. */
export const keepHoldMs = 120_000;

/** The drifted object as the engine knows it, or a refusal that says why there is nothing to keep. */
function driftedObject(app: AppContext, key: ResourceKey) {
	const state = app.state();
	const id = keyString(key);
	const object = state.status.objects.find(candidate => keyString(candidate.key) === id);
	const name = displayKey(key);
	if (!object) throw editRefused(`${name} is not an object of ${app.name}`);
	if (object.drift === 'none') throw editRefused(`${name} is in sync: there is no live change to keep`);
	if (object.drift === 'missing') throw editRefused(`${name} does not exist live: there is no live change to keep`, 'sync creates it');
	if (object.drift === 'extra') throw editRefused(`${name} is not in Git: keep writes fields of objects Git has`, 'add it to Git by hand');
	const desired = state.desired.find(candidate => keyString(resourceKeyOf(candidate)) === id);
	const live = app.liveObject(object.apiVersion, key.kind, key.namespace, key.name);
	if (!desired || !live) throw editRefused(`${name} is not known both in Git and live yet; try again in a moment`);
	return {desired, live, paths: object.changedPaths, attribution: object.attribution};
}

/**
 * Plans keeping `key`'s live change, and holds the policies off it for {@link keepHoldMs} (until
 * the keep runs, or is released).
 *
 * @throws DriftwatchError 'edit-refused' and what Git and the renderers throw.
 */
export async function planKeep(app: AppContext, edits: SourceEditPort | undefined, key: ResourceKey): Promise<PlannedEdit> {
	const drifted = driftedObject(app, key);
	const id = keyString(key);
	// Held from now: a heal due while the plan is made (renders take seconds) must not undo the change.
	const until = app.clock.now() + keepHoldMs;
	await app.dispatch({type: 'KeepHeld', time: app.clock.now(), key: id, until});
	app.clock.schedule(keepHoldMs, () => {
		// Only this plan's hold: a keep that started meanwhile holds until it ends.
		if (app.state().keeping.get(id) === until) releaseKeep(app, key);
	});
	try {
		return await planEdit(app, edits, 'keep', id, async ({workspace}) => {
			const plan = await planKeepEdit(workspace, drifted);
			const changedBy = [...new Set(drifted.attribution.map(entry => entry.manager))];
			const message = edits?.messages.keep(resourceKeyOf(drifted.desired), plan.placed, drifted.attribution) ?? '';
			const notes = [
				`self-heal and auto-sync leave ${displayKey(key)} alone while you decide (up to ${keepHoldMs / 60_000} minutes)`,
				'then it is synced: nothing changes live, and the commit counts as deployed',
			];
			return {plan, intended: keepChanges(drifted), message, notes, changedBy};
		});
	} catch (error) {
		if (app.state().keeping.get(id) === until) releaseKeep(app, key);
		throw error;
	}
}

/** Comparisons after the poll may still be settling (watch events of the hand change): at most this many waits. */
const settleTries = 25;
const settleMs = 200;

/**
 * True once the object compares Synced with the current render (the keep commit, or a newer one on
 * top of it): applying it then changes nothing live. Waits a little for comparisons to settle.
 */
async function comparedSynced(app: AppContext, id: string): Promise<boolean> {
	for (let attempt = 0; ; attempt++) {
		const state = app.state();
		const object = state.status.objects.find(candidate => keyString(candidate.key) === id);
		const current = state.revisions[0]?.sha;
		if (object?.syncStatus === 'Synced' && current !== undefined && state.status.revision?.sha === current) return true;
		if (attempt >= settleTries) return false;
		app.requestComparison();
		await app.sleep(settleMs);
	}
}

/** Lets the policies act on `key` again (the confirmation was cancelled or expired). */
export function releaseKeep(app: AppContext, key: ResourceKey): void {
	const id = keyString(key);
	if (app.state().keeping.get(id) === Number.POSITIVE_INFINITY || !app.state().keeping.has(id)) return;
	void app.dispatch({type: 'KeepReleased', key: id}).then(() => app.requestComparison());
}

/**
 * Keeps `key`'s live change: commits `planned` (the plan the user saw; planned anew when absent),
 * refused when live no longer says what the plan keeps. Never throws.
 */
export async function runKeep(
	app: AppContext,
	edits: SourceEditPort | undefined,
	key: ResourceKey,
	planned?: PlannedEdit,
): Promise<ActionResult> {
	const id = keyString(key);
	const subject = displayKey(key);
	try {
		const blocked = editBlocked(app, edits);
		if (blocked) throw editRefused(blocked);
		// Planning holds the policies off the object; from here on they stay off until the keep ends.
		const plan = planned ?? (await planKeep(app, edits, key));
		await app.dispatch({type: 'KeepHeld', time: app.clock.now(), key: id, until: Number.POSITIVE_INFINITY});
		if (!deepEqual(keepChanges(driftedObject(app, key)), plan.intended)) {
			throw editRefused(`${subject} changed live since the plan was shown; nothing was written`, 'look at the new plan and confirm again');
		}
		const committed = await commitEdit(app, plan);
		const where = committed.pushed ? `pushed to ${committed.branch}` : `committed on ${committed.branch}`;
		const message = `kept ${subject} in Git: ${committed.commit.shortSha} ${where}`;
		// The poll renders the new commit; the object then compares Synced, and only then is it applied.
		await app.pollOnce();
		const synced = await comparedSynced(app, id);
		if (!synced || app.state().operation?.phase === 'Running') {
			return {
				ok: true,
				message: `${message}; ${subject} is not in sync with it yet, so it was not synced`,
				applied: [],
				deleted: [],
				errors: [],
			};
		}
		const sync = await runSync(app, {resources: [id], prune: false}, 'user');
		return {...sync, message: `${message}; ${sync.ok ? 'synced (no change live)' : sync.message}`};
	} catch (error) {
		return await editFailed(app, 'keep', subject, error);
	} finally {
		await app.dispatch({type: 'KeepReleased', key: id});
		app.requestComparison();
	}
}
