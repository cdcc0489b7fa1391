/**
 * Argo Rollouts promote / abort / pause / resume on a Rollout in the app's namespace, with the
 * kubectl plugin's patches (rollout-actions.ts); reported as events, so the timeline and the
 * audit log record them like every action.
 */
import {errorSummary} from '../core/errors.js';
import type {RolloutPatcher} from '../ports/rollouts.js';
import type {AppContext} from './app-context.js';
import type {ActionResult, RolloutAction} from './engine-state.js';
import {abortRollout, pauseRollout, promoteRollout, resumeRollout} from './rollout-actions.js';

export async function runRolloutAction(
	app: AppContext,
	patcher: RolloutPatcher | undefined,
	name: string,
	action: RolloutAction,
	options: {full?: boolean} = {},
): Promise<ActionResult> {
	const ref = {namespace: app.definition.destination.namespace, name};
	const object = `Rollout/${ref.namespace}/${name}`;
	const user = app.cluster.user;
	const audit = {user, objects: [object]};
	if (app.readOnly || !patcher) {
		const reason = app.readOnly ? 'read-only mode (--read-only)' : 'rollout actions are not available for this cluster';
		await app.dispatch({
			type: 'ActionFailed',
			time: app.clock.now(),
			operation: 'rollout',
			action,
			refused: true,
			error: {code: 'sync-refused', message: reason, hint: ''},
			subject: `${ref.namespace}/${name}`,
			audit,
		});
		const message = app.readOnly ? `rollout ${action} refused: ${reason}` : reason;
		return {ok: false, message, applied: [], deleted: [], errors: [message]};
	}
	try {
		const result =
			action === 'promote'
				? await promoteRollout(patcher, ref, options)
				: action === 'abort'
					? await abortRollout(patcher, ref)
					: action === 'pause'
						? await pauseRollout(patcher, ref)
						: await resumeRollout(patcher, ref);
		const patches = result.patches.length;
		const full = options.full ?? false;
		await app.dispatch({type: 'RolloutActionSent', time: app.clock.now(), object, action, full, patches, user});
		const message = `${object}: ${action}${full ? ' (full)' : ''} sent (${patches} patch${patches === 1 ? '' : 'es'})`;
		return {ok: true, message, applied: [object], deleted: [], errors: []};
	} catch (error) {
		const summary = errorSummary(error);
		await app.dispatch({
			type: 'ActionFailed',
			time: app.clock.now(),
			operation: 'rollout',
			action,
			refused: false,
			error: summary,
			subject: `${ref.namespace}/${name}`,
			audit,
		});
		const message = `rollout ${action} of ${ref.namespace}/${name} failed: ${summary.message}`;
		return {ok: false, message, applied: [], deleted: [], errors: [message]};
	}
}
