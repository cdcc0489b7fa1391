/**
 * Operations driftwatch asked Argo CD for, until Argo CD reports each one ended. A request is set
 * as the Application's `operation` with a request id in `operation.info` (Argo CD copies it into
 * `status.operationState`), because `startedAt` has a resolution of one second and cannot tell two
 * operations apart; the watch of Applications then settles the request with Argo CD's result.
 */
import {type ApplicationReport, operationEnded} from '../../core/argocd/application-report.js';
import {syncOperationPatch, type SyncOperationInput} from '../../core/argocd/application-patches.js';
import {describeError} from '../../core/errors.js';
import type {ApplicationWriter} from '../../ports/argocd.js';
import type {Clock} from '../../ports/clock.js';
import type {ActionResult} from '../engine-state.js';
import {operationResult, refused} from './argocd-actions.js';

export type OperationRequest = Omit<SyncOperationInput, 'user' | 'requestId' | 'retry'>;

export class OperationRequests {
	private readonly waiting = new Map<string, {app: string; done: (result: ActionResult) => void}>();
	private count = 0;

	constructor(
		private readonly writer: ApplicationWriter,
		private readonly namespace: string,
		private readonly clock: Clock,
		/** Who asks: recorded by Argo CD as `initiatedBy.username`. */
		private readonly user: () => string,
	) {}

	/**
	 * Sets the operation; resolves with Argo CD's result when it reports the operation ended. A
	 * patch the API refuses resolves at once, not ok, and `onRefused` hears why.
	 */
	async ask(
		app: string,
		report: ApplicationReport,
		request: OperationRequest,
		onRefused: (message: string) => void,
	): Promise<ActionResult> {
		const requestId = `${this.clock.now().toString(36)}-${++this.count}-${Math.random().toString(36).slice(2, 8)}`;
		const ended = new Promise<ActionResult>(done => this.waiting.set(requestId, {app, done}));
		try {
			await this.writer.patch(this.namespace, app, syncOperationPatch({...request, user: this.user(), requestId, retry: report.retry}));
		} catch (error) {
			this.waiting.delete(requestId);
			const message = describeError(error);
			onRefused(message);
			return refused(message);
		}
		return ended;
	}

	/** A new report of an app: settles the request whose operation it reports ended. */
	settle(report: ApplicationReport): void {
		const state = report.operationState;
		const id = state?.request.requestId;
		const waiter = id ? this.waiting.get(id) : undefined;
		if (!state || !id || !waiter || !operationEnded(state)) return;
		this.waiting.delete(id);
		waiter.done(operationResult(report));
	}

	/** The app left (deleted), or driftwatch stops: its requests end without Argo CD's word. */
	abandon(reason: string, app?: string): void {
		for (const [id, waiter] of this.waiting) {
			if (app !== undefined && waiter.app !== app) continue;
			this.waiting.delete(id);
			waiter.done(refused(reason));
		}
	}
}
