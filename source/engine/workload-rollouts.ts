/**
 * Rollouts that syncs start: a sync that changes a workload's pod template (a new image, say)
 * makes its controller roll out new pods. The sync names them (rolloutsOf); the timeline says
 * when each starts and, once the workload is live at the applied spec, how it ended
 * (finishedRollouts): commit → sync → rollout → Healthy. Pure.
 */
import type {ObjectState} from '../core/app-status.js';
import {isRecord} from '../core/json-value.js';
import {displayKey, type HealthStatusCode, keyString, type KubeObject, resourceKeyOf} from '../core/kube-object.js';

/** Kinds (group/Kind) whose controller rolls out pods when `spec.template` changes. */
const rollingKinds = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'argoproj.io/Rollout']);

/** How many images a rollout entry names (a pod has few containers; a hostile one is cut short). */
const imagesNamed = 10;

/** A workload a sync is about to roll out. */
export interface RolloutFacts {
	/** keyString of the workload. */
	key: string;
	/** Display key: 'Deployment/demo/web'. */
	object: string;
	/** The images of the pod template applied (containers, then init containers). */
	images: string[];
}

/** A rollout under way: started by a sync at `since` (epoch ms). */
export interface RolloutInProgress {
	object: string;
	images: string[];
	since: number;
}

/** A rollout that ended: the workload is live at the applied spec and Healthy, or Degraded. */
export interface RolloutEnd {
	key: string;
	object: string;
	health: Extract<HealthStatusCode, 'Healthy' | 'Degraded'>;
	message: string;
	durationMs: number;
}

/**
 * The workloads of `apply` whose pod template differs from live: the comparison the plan was made
 * from (`objects`, Git's revision against live) says a field under `spec.template` changed, or,
 * for objects that are not Git's current ones (a rollback's), their images differ from the live
 * object's (`live`; images are never defaulted, so they compare as written).
 */
export function rolloutsOf(
	apply: readonly KubeObject[],
	objects: readonly ObjectState[],
	live: (object: KubeObject) => KubeObject | undefined,
): RolloutFacts[] {
	const templateChanged = new Set(
		objects.filter(object => object.drift === 'modified' && object.changedPaths.some(isTemplatePath)).map(object => keyString(object.key)),
	);
	const rollouts: RolloutFacts[] = [];
	for (const object of apply) {
		const key = resourceKeyOf(object);
		if (!rollingKinds.has(`${key.group}/${key.kind}`)) continue;
		const images = imagesOf(object);
		const current = live(object);
		const imagesChanged = current !== undefined && images.join('\n') !== imagesOf(current).join('\n');
		if (!templateChanged.has(keyString(key)) && !imagesChanged) continue;
		rollouts.push({key: keyString(key), object: displayKey(key), images});
	}
	return rollouts;
}

/**
 * The rollouts of `inProgress` that ended with this comparison (the workload is Synced, so live is
 * the applied spec and not a copy from before the apply, and its controller reports it Healthy or
 * Degraded), and those still under way; a workload no longer live is dropped without an entry.
 * `changes`: the reassessed objects (a LiveCompared's; only they can have ended); else all of `objects`. The same
 * map comes back when nothing ended, so a watch event costs what it touched.
 */
export function advanceRollouts(
	inProgress: ReadonlyMap<string, RolloutInProgress>,
	objects: readonly ObjectState[],
	now: number,
	changes?: ReadonlyArray<{key: string; after: ObjectState | undefined}>,
): {inProgress: ReadonlyMap<string, RolloutInProgress>; ended: RolloutEnd[]} {
	if (inProgress.size === 0) return {inProgress, ended: []};
	const assessed: Array<[string, ObjectState | undefined]> = changes
		? changes.map(change => [change.key, change.after])
		: [...inProgress.keys()].map(key => [key, undefined]);
	if (!changes) for (const object of objects) if (inProgress.has(keyString(object.key))) assessed.push([keyString(object.key), object]);
	const ended: RolloutEnd[] = [];
	const done = new Set<string>();
	const live = new Set<string>();
	for (const [key, object] of assessed) {
		const rollout = inProgress.get(key);
		if (!rollout) continue;
		if (!object || object.drift === 'missing') continue;
		live.add(key);
		const health = object.health?.status;
		if (object.syncStatus !== 'Synced' || (health !== 'Healthy' && health !== 'Degraded')) continue;
		done.add(key);
		ended.push({key, object: rollout.object, health, message: object.health?.message ?? '', durationMs: Math.max(0, now - rollout.since)});
	}
	const gone = assessed.filter(([key]) => inProgress.has(key) && !live.has(key)).map(([key]) => key);
	if (done.size === 0 && gone.length === 0) return {inProgress, ended};
	const next = new Map(inProgress);
	for (const key of [...done, ...gone]) next.delete(key);
	return {inProgress: next, ended};
}

function isTemplatePath(path: string): boolean {
	return path === '/spec/template' || path.startsWith('/spec/template/');
}

function imagesOf(object: KubeObject): string[] {
	const spec = isRecord(object['spec']) ? object['spec'] : undefined;
	const template = spec && isRecord(spec['template']) ? spec['template'] : undefined;
	const podSpec = template && isRecord(template['spec']) ? template['spec'] : undefined;
	const images: string[] = [];
	for (const list of ['containers', 'initContainers']) {
		const containers = podSpec?.[list];
		if (!Array.isArray(containers)) continue;
		for (const container of containers) {
			if (isRecord(container) && typeof container['image'] === 'string') images.push(container['image']);
		}
	}
	return images.slice(0, imagesNamed);
}
