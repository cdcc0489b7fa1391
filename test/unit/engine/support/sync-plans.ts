/** Sync plans for executor tests, ordered and split into tasks as planSync does it. */
import type {KubeObject} from '../../../../source/core/kube-object.js';
import type {SyncPlan} from '../../../../source/core/plan-sync.js';
import {syncTasksOf} from '../../../../source/core/sync-tasks.js';

export interface PlanFields {
	apply?: KubeObject[];
	prune?: KubeObject[];
	hooks?: KubeObject[];
	createNamespaces?: string[];
	refusal?: string;
	pruneLast?: boolean;
}

export const planRevision = '1a2b3c4d5e6f';
export const planStartedAt = Date.parse('2025-03-01T10:00:00Z');

export function syncPlanOf(fields: PlanFields = {}): SyncPlan {
	const tasks = fields.refusal
		? []
		: syncTasksOf({
				apply: (fields.apply ?? []).map(object => ({object})),
				hooks: fields.hooks ?? [],
				prune: (fields.prune ?? []).map(object => ({object})),
				pruneLast: fields.pruneLast ?? false,
				revision: planRevision,
				startedAtMs: planStartedAt,
			});
	return {
		apply: tasks.filter(task => task.action === 'apply').map(task => task.object),
		prune: tasks.filter(task => task.action === 'prune').map(task => task.object),
		hooks: tasks.filter(task => task.action === 'hook').map(task => ({phase: task.phase, object: task.object})),
		tasks,
		skippedPrune: [],
		createNamespaces: fields.createNamespaces ?? [],
		notes: [],
		...(fields.refusal ? {refusal: fields.refusal} : {}),
	};
}
