/**
 * Plan, confirm, run, show the result: every mutating action goes through this flow. The guard
 * (read-only mode, RBAC) is checked first so a forbidden key says why instead of planning. Each
 * request carries an epoch; a plan or result that arrives after the user cancelled is dropped.
 */
import {useCallback, useLayoutEffect, useRef, useState} from 'react';
import type {ActionPlan, ActionResult, EngineActions, EngineSnapshot} from '../../engine/engine-state.js';
import {errorLine} from '../../presentation/error-text.js';
import {unavailableReason} from '../availability.js';
import {describeRequest, describeResult} from '../describe-action.js';
import type {Guard} from '../keymap.js';
import type {Message} from '../navigation.js';
import type {ActionRequest} from '../ui-context.js';

/** Where an action is: being planned, waiting for confirmation, running, done. */
export type Dialog =
	| {stage: 'planning'; request: ActionRequest}
	/** `plan` is null for policy toggles, which have no objects to list. */
	| {stage: 'confirm'; request: ActionRequest; plan: ActionPlan | null}
	| {stage: 'running'; request: ActionRequest; plan: ActionPlan | null}
	| {stage: 'result'; request: ActionRequest; result: ActionResult};

/** The dialog on show and what the keys do to it. */
export interface ActionFlow {
	dialog: Dialog | null;
	request: (request: ActionRequest) => void;
	confirm: () => void;
	/** Cancels a plan, or closes a result. */
	cancel: () => void;
}

function guardOf(request: ActionRequest): Guard {
	if (request.kind === 'sync') return 'sync';
	if (request.kind === 'policy') return request.patch.prune === true ? 'prune' : 'policy';
	return 'revert';
}

/** The action flow; `notify` puts outcomes in the status line. */
export function useActionFlow(actions: EngineActions, snapshot: EngineSnapshot, notify: (message: Message) => void): ActionFlow {
	const [dialog, setDialog] = useState<Dialog | null>(null);
	const epoch = useRef(0);
	const latest = useRef({snapshot, dialog, notify});
	// Updated on commit, not during render; keys and engine answers arrive between commits.
	useLayoutEffect(() => {
		latest.current = {snapshot, dialog, notify};
	});

	const settle = useCallback((stamp: number, next: Dialog | null, note?: Message) => {
		if (stamp !== epoch.current) return;
		setDialog(next);
		if (note) latest.current.notify(note);
	}, []);

	const request = useCallback(
		(request: ActionRequest) => {
			const {snapshot: current, notify: tell} = latest.current;
			const app = current.apps.find(candidate => candidate.name === request.app);
			const reason = unavailableReason(guardOf(request), current, app);
			if (reason) {
				tell({tone: 'error', text: `${describeRequest(request)}: unavailable, ${reason}.`});
				return;
			}
			const stamp = ++epoch.current;
			if (request.kind === 'policy') {
				setDialog({stage: 'confirm', request, plan: null});
				return;
			}
			setDialog({stage: 'planning', request});
			const planned =
				request.kind === 'sync'
					? actions.planSync(request.app, request.resources ? {resources: request.resources} : undefined)
					: request.kind === 'revert'
						? actions.planRevert(request.app, request.sha)
						: actions.planRollback(request.app, request.historyId);
			planned.then(
				plan =>
					plan.blockedReason
						? settle(stamp, null, {tone: 'error', text: `${describeRequest(request)}: not possible, ${plan.blockedReason}.`})
						: settle(stamp, {stage: 'confirm', request, plan}),
				(error: unknown) =>
					settle(stamp, null, {tone: 'error', text: `${describeRequest(request)}: planning failed, ${errorLine(error)}.`}),
			);
		},
		[actions, settle],
	);

	const confirm = useCallback(() => {
		const open = latest.current.dialog;
		if (open?.stage !== 'confirm') return;
		const {request: asked, plan} = open;
		const stamp = ++epoch.current;
		if (asked.kind === 'policy') {
			actions.setPolicy(asked.app, asked.patch);
			settle(stamp, null, {tone: 'info', text: `✔ ${describeRequest(asked)}.`});
			return;
		}
		setDialog({stage: 'running', request: asked, plan});
		const running =
			asked.kind === 'sync'
				? actions.sync(asked.app, asked.resources ? {resources: asked.resources} : undefined)
				: asked.kind === 'revert'
					? actions.revert(asked.app, asked.sha)
					: actions.rollback(asked.app, asked.historyId);
		const finish = (result: ActionResult) =>
			settle(stamp, {stage: 'result', request: asked, result}, {tone: result.ok ? 'info' : 'error', text: describeResult(asked, result)});
		running.then(finish, (error: unknown) =>
			finish({ok: false, message: errorLine(error), applied: [], deleted: [], errors: [errorLine(error)]}),
		);
	}, [actions, settle]);

	const cancel = useCallback(() => {
		const open = latest.current.dialog;
		// A running action cannot be taken back, so its dialog stays until the result is in.
		if (!open || open.stage === 'running') return;
		epoch.current += 1;
		setDialog(null);
		if (open.stage === 'confirm' || open.stage === 'planning')
			latest.current.notify({tone: 'info', text: `${describeRequest(open.request)}: cancelled, nothing changed.`});
	}, []);

	return {dialog, request, confirm, cancel};
}
