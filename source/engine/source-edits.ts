/**
 * The engine's source-edit actions (keep, set-image, promote) for every app: plans are remembered
 * as shown, so confirming commits exactly the diff the user saw (a plan older than the keep hold,
 * or none, is made anew), and each plan and result goes through the app's events.
 */
import {displayKey, keyString, type ResourceKey} from '../core/kube-object.js';
import type {SourceEditPort} from '../ports/source-edit.js';
import type {AppContext} from './app-context.js';
import type {ActionPlan, ActionResult} from './engine-state.js';
import {keepHoldMs, planKeep, releaseKeep, runKeep} from './keep-operation.js';
import {planPromote, promoteTarget, runPromote} from './promote-operation.js';
import {planSetImage, runSetImage} from './set-image-operation.js';
import {editActionPlan, editFailed, type PlannedEdit, refusedActionPlan} from './source-edit-operation.js';

export class SourceEdits {
	/** The last plan shown per app and edit. */
	private readonly shown = new Map<string, PlannedEdit>();

	constructor(
		private readonly edits: SourceEditPort | undefined,
		private readonly apps: () => readonly AppContext[],
	) {}

	async planKeep(app: AppContext, key: ResourceKey): Promise<ActionPlan> {
		return this.plan(app, 'keep', keyString(key), displayKey(key), async () => planKeep(app, this.edits, key));
	}

	async keep(app: AppContext, key: ResourceKey): Promise<ActionResult> {
		return runKeep(app, this.edits, key, this.take(app, 'keep', keyString(key)));
	}

	releaseKeep(app: AppContext, key: ResourceKey): void {
		this.shown.delete(this.id(app.name, 'keep', keyString(key)));
		releaseKeep(app, key);
	}

	async planSetImage(app: AppContext, assignments: string[], resources: string[]): Promise<ActionPlan> {
		const id = [...resources, ...assignments].join(' ');
		return this.plan(app, 'set-image', id, id, async () => planSetImage(app, this.edits, assignments, resources));
	}

	async setImage(app: AppContext, assignments: string[], resources: string[]): Promise<ActionResult> {
		const id = [...resources, ...assignments].join(' ');
		return runSetImage(app, this.edits, assignments, resources, this.take(app, 'set-image', id));
	}

	async planPromote(app: AppContext, from: string, to: string): Promise<ActionPlan> {
		return this.plan(app, 'promote', `${from}→${to}`, `${from}→${to}`, async () => planPromote(app, this.apps(), this.edits, from, to));
	}

	async promote(app: AppContext, from: string, to: string): Promise<ActionResult> {
		const {target} = promoteTarget(app, this.apps(), from, to);
		return runPromote(app, this.apps(), this.edits, from, to, this.take(target, 'promote', `${from}→${to}`));
	}

	/** A plan, or its refusal (timeline and audit say it was refused, as for a refused commit). */
	private async plan(
		app: AppContext,
		action: PlannedEdit['action'],
		id: string,
		subject: string,
		make: () => Promise<PlannedEdit>,
	): Promise<ActionPlan> {
		try {
			const planned = await make();
			this.shown.set(this.id(planned.app, action, id), planned);
			return editActionPlan(planned);
		} catch (error) {
			await editFailed(app, action, subject, error);
			return refusedActionPlan(app.name, action, error);
		}
	}

	/** The plan shown for this edit, if recent enough to be the one on screen. */
	private take(app: AppContext, action: PlannedEdit['action'], id: string): PlannedEdit | undefined {
		const key = this.id(app.name, action, id);
		const planned = this.shown.get(key);
		this.shown.delete(key);
		return planned && app.clock.now() - planned.time <= keepHoldMs ? planned : undefined;
	}

	private id(app: string, action: string, id: string): string {
		return `${app}\u0000${action}\u0000${id}`;
	}
}
