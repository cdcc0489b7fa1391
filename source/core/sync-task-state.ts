/**
 * How a sync judges what it started, as Argo CD's sync does: a hook from its health (a Job, Pod or
 * Argo Workflow runs until Healthy or Degraded; a kind without health is done once created), and
 * an applied resource from its health (Healthy or no health: done; Degraded: failed; anything
 * else: still running). Also the operation's "waiting for ..." message. Pure.
 */
import {displayKey, groupOf, type KubeObject, resourceKeyOf} from './kube-object.js';
import {assessHealth} from './health/index.js';

export type TaskState = {state: 'Running' | 'Succeeded' | 'Failed'; message: string};

/** A hook's state from its live object (gitops-engine's getOperationPhase). */
export function hookStateOf(live: KubeObject): TaskState {
	const health = assessHealth(live);
	if (health === null) return {state: 'Succeeded', message: `${live.metadata.name} created`};
	switch (health.status) {
		case 'Healthy':
			return {state: 'Succeeded', message: health.message};
		case 'Degraded':
		case 'Unknown':
			return {state: 'Failed', message: health.message};
		default:
			return {state: 'Running', message: health.message};
	}
}

/** An applied resource's state from its live object: only Healthy, no health, or Degraded end the wait. */
export function resourceStateOf(live: KubeObject): TaskState {
	const health = assessHealth(live);
	if (health === null || health.status === 'Healthy') return {state: 'Succeeded', message: health?.message ?? ''};
	if (health.status === 'Degraded') return {state: 'Failed', message: health.message};
	return {state: 'Running', message: health.message};
}

/** 'apps/Deployment/web' as Argo CD names what it waits for (group/kind/name). */
function waitName(object: KubeObject): string {
	return `${groupOf(object.apiVersion)}/${object.kind}/${object.metadata.name}`;
}

/**
 * Argo CD's operation message while a sync waits: "waiting for completion of hook
 * batch/Job/migrate", "waiting for healthy state of apps/Deployment/web and 2 more resources",
 * "waiting for deletion of /ConfigMap/old".
 */
export function waitingMessage(kind: 'hook' | 'resource' | 'deletion', objects: readonly KubeObject[]): string {
	const [first] = objects;
	if (!first) return '';
	const what = kind === 'hook' ? 'completion of hook' : kind === 'resource' ? 'healthy state of' : 'deletion of';
	const more = objects.length - 1;
	const noun = kind === 'hook' ? 'hooks' : 'resources';
	return `waiting for ${what} ${waitName(first)}${more > 0 ? ` and ${more} more ${noun}` : ''}`;
}

/** 'Job/demo/migrate' */
export function describeObject(object: KubeObject): string {
	return displayKey(resourceKeyOf(object));
}
