/**
 * Plan, confirm, run, show the result: every mutating action goes through this flow. The guard
 * (read-only mode, RBAC) is checked first so a forbidden key says why instead of planning. Each
 * request carries an epoch; a plan or result that arrives after the user cancelled is dropped.
 */
import {useCallback, useLayoutEffect, useRef, useState} from 'react';
import type {ActionPlan, ActionResult, EngineActions, EngineSnapshot} from '../../engine/engine-state.js';
import {errorLine} from '../../presentation/error-text.js';
import {unavailableReason} from '../availability.js';
import {describeRequest, describeResult, isSourceEdit} from '../describe-action.js';
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
	/** The first body line shown of a plan longer than the dialog (a long file diff). */
	top: number;
	request: (request: ActionRequest) => void;
	confirm: () => void;
	/** Cancels a plan, or closes a result. */
	cancel: () => void;
	/** Shows the plan from body line `top` (the caller clamps it to the dialog's size). */
	scrollTo: (top: number) => void;
}

function guardOf(request: ActionRequest): Guard {
	if (request.kind === 'sync') return 'sync';
	if (request.kind === 'policy') return request.patch.prune === true ? 'prune' : 'policy';
	if (isSourceEdit(request)) return 'write';
	return 'revert';
}

/** The engine call that plans a request (not a policy toggle). */
function planOf(actions: EngineActions, request: Exclude<ActionRequest, {kind: 'policy'}>): Promise<ActionPlan> {
	switch (request.kind) {
		case 'sync':
			return actions.planSync(request.app, request.resources ? {resources: request.resources} : undefined);
		case 'revert':
			return actions.planRevert(request.app, request.sha);
		case 'rollback':
			return actions.planRollback(request.app, request.historyId);
		case 'keep':
			return actions.planKeep(request.app, request.key);
		case 'set-image':
			return actions.planSetImage(request.app, request.assignments, request.resources);
		case 'promote':
			return actions.planPromote(request.app, request.from, request.to);
	}
}

/** The engine call that runs a confirmed request (not a policy toggle). */
function runOf(actions: EngineActions, request: Exclude<ActionRequest, {kind: 'policy'}>): Promise<ActionResult> {
	switch (request.kind) {
		case 'sync':
			return actions.sync(request.app, request.resources ? {resources: request.resources} : undefined);
		case 'revert':
			return actions.revert(request.app, request.sha);
		case 'rollback':
			return actions.rollback(request.app, request.historyId);
		case 'keep':
			return actions.keep(request.app, request.key);
		case 'set-image':
			return actions.setImage(request.app, request.assignments, request.resources);
		case 'promote':
			return actions.promote(request.app, request.from, request.to);
	}
}

/** The action flow; `notify` puts outcomes in the status line. */
export function useActionFlow(actions: EngineActions, snapshot: EngineSnapshot, notify: (message: Message) => void): ActionFlow {
	const [dialog, setDialogState] = useState<Dialog | null>(null);
	const [top, setTop] = useState(0);
	const setDialog = useCallback((next: Dialog | null) => {
		setDialogState(next);
		setTop(0);
	}, []);
	const epoch = useRef(0);
	const latest = useRef({snapshot, dialog, notify});
	// Updated on commit, not during render; keys and engine answers arrive between commits.
	useLayoutEffect(() => {
		latest.current = {snapshot, dialog, notify};
	});

	const settle = useCallback(
		(stamp: number, next: Dialog | null, note?: Message) => {
			if (stamp !== epoch.current) return;
			setDialog(next);
			if (note) latest.current.notify(note);
		},
		[setDialog],
	);

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
			planOf(actions, request).then(
				plan => {
					// A keep plan holds self-heal off the object: a refused one lets go at once.
					if (plan.blockedReason && request.kind === 'keep') actions.releaseKeep(request.app, request.key);
					return plan.blockedReason
						? settle(stamp, null, {tone: 'error', text: `${describeRequest(request)}: not possible, ${plan.blockedReason}.`})
						: settle(stamp, {stage: 'confirm', request, plan});
				},
				(error: unknown) =>
					settle(stamp, null, {tone: 'error', text: `${describeRequest(request)}: planning failed, ${errorLine(error)}.`}),
			);
		},
		[actions, settle, setDialog],
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
		const running = runOf(actions, asked);
		const finish = (result: ActionResult) =>
			settle(stamp, {stage: 'result', request: asked, result}, {tone: result.ok ? 'info' : 'error', text: describeResult(asked, result)});
		running.then(finish, (error: unknown) =>
			finish({ok: false, message: errorLine(error), applied: [], deleted: [], errors: [errorLine(error)]}),
		);
	}, [actions, settle, setDialog]);

	const cancel = useCallback(() => {
		const open = latest.current.dialog;
		// A running action cannot be taken back, so its dialog stays until the result is in.
		if (!open || open.stage === 'running') return;
		epoch.current += 1;
		setDialog(null);
		if (open.request.kind === 'keep' && (open.stage === 'confirm' || open.stage === 'planning'))
			actions.releaseKeep(open.request.app, open.request.key);
		if (open.stage === 'confirm' || open.stage === 'planning')
			latest.current.notify({tone: 'info', text: `${describeRequest(open.request)}: cancelled, nothing changed.`});
	}, [actions, setDialog]);

	const scrollTo = useCallback((next: number) => setTop(Math.max(0, next)), []);

	return {dialog, top, request, confirm, cancel, scrollTo};
}
