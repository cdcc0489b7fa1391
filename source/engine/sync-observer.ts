/**
 * What a running sync looks at between its steps: the state of the hooks and resources it
 * applied (from their live objects, never older than its own apply), objects it deleted until they
 * are gone, and a new CRD until the API server serves it. Reads go to the watch cache when it has
 * a copy at least as new as the apply, else to the API server.
 */
import type {KubeObject} from '../core/kube-object.js';
import {hasHealthRule} from '../core/health/index.js';
import {hookStateOf, resourceStateOf, type TaskState} from '../core/sync-task-state.js';
import type {SyncTask} from '../core/sync-tasks.js';

/** The live object now; `after` (an apply response) rules out a cached copy older than it. */
export type Observe = (object: KubeObject, after?: KubeObject) => Promise<KubeObject | undefined>;

/** One task the sync started: what it applied, and where it is now. */
export interface StartedTask extends TaskState {
	task: SyncTask;
	/** The apply response: the object as the sync left it. */
	applied: KubeObject;
	/** Live, when last looked at (hooks: for deletion by policy). */
	live?: KubeObject;
}

/** A started task: hooks and resources with a health rule run until their health says otherwise. */
export function started(task: SyncTask, applied: KubeObject): StartedTask {
	if (task.action === 'apply' && !hasHealthRule(applied)) return {task, applied, state: 'Succeeded', message: ''};
	return {task, applied, state: 'Running', message: ''};
}

/** Looks at every running task once and updates its state. */
export async function observeRunning(tasks: readonly StartedTask[], observe: Observe): Promise<void> {
	await Promise.all(
		tasks
			.filter(entry => entry.state === 'Running')
			.map(async entry => {
				const live = await observe(entry.applied, entry.applied);
				if (live === undefined) {
					// A hook deleted before it finished (a Job's ttlSecondsAfterFinished, a person): its
					// outcome cannot be known any more. A resource may come back; it keeps running.
					if (entry.task.action === 'hook') {
						Object.assign(entry, {state: 'Failed', message: `${entry.task.name} was deleted before it completed`});
					}
					return;
				}
				entry.live = live;
				Object.assign(entry, entry.task.action === 'hook' ? hookStateOf(live) : resourceStateOf(live));
			}),
	);
}

/** The objects of `objects` that still exist (the same object: a new one under the name does not count). */
export async function stillPresent(objects: readonly KubeObject[], observe: Observe): Promise<KubeObject[]> {
	const present = await Promise.all(
		objects.map(async object => {
			const live = await observe(object);
			return live !== undefined && (!object.metadata.uid || live.metadata.uid === object.metadata.uid) ? object : undefined;
		}),
	);
	return present.filter(object => object !== undefined);
}

/** True once a CustomResourceDefinition is Established (its kind is served). */
export function isEstablished(crd: KubeObject | undefined): boolean {
	const conditions = (crd?.['status'] as {conditions?: Array<{type?: string; status?: string}>} | undefined)?.conditions ?? [];
	return conditions.some(condition => condition.type === 'Established' && condition.status === 'True');
}
