/**
 * One object of an app, assessed: its comparison made into the state screens show (health,
 * attribution of drifted fields, live state) and what it contributes to the app's health (itself,
 * and Degraded pods under it, so a CrashLoopBackOff shows as "Degraded, caused by Pod/..."). Per
 * object, so the live engine reassesses only the objects a watch event touched. Pure.
 */
import type {FieldAttribution, ObjectState} from './app-status.js';
import type {ObjectComparison} from './compare-objects.js';
import {type AppHealthChild, assessHealth, hasHealthRule, ignoresHealthcheck} from './health/index.js';
import {type KubeObject, resourceKeyOf} from './kube-object.js';
import {ownerOfPath} from './managed-fields.js';
import {podLiveState} from './pod-live-state.js';
import {descendants, type OwnerIndex, ownedTree} from './resource-tree.js';

/** Our own writes are not "someone else's drift". */
const ownManagers = new Set(['driftwatch']);

export interface AssessedObject {
	state: ObjectState;
	/** The object itself, then the Degraded pods under it: what it adds to the app's health. */
	healthChildren: AppHealthChild[];
}

/** `live` with its tracking annotation, as the watch has it; `owners`: the app's ReplicaSets, Pods and Jobs by owner uid. */
export function assessObject(
	comparison: ObjectComparison,
	desired: KubeObject | undefined,
	live: KubeObject | undefined,
	owners: OwnerIndex,
): AssessedObject {
	const health = live ? assessHealth(live) : null;
	const ignored = (live !== undefined && ignoresHealthcheck(live)) || (desired !== undefined && ignoresHealthcheck(desired));
	const missing = !live && desired !== undefined;
	const healthChildren: AppHealthChild[] = [
		{
			key: comparison.key,
			health,
			missing,
			...(missing && desired ? {healthRule: hasHealthRule(desired)} : {}),
			ignoreHealthcheck: ignored,
		},
	];
	if (live && !ignored) {
		// Pods under a workload count for the app, but only when they are Degraded: the workload's own
		// status already says Progressing while a rollout runs.
		for (const child of descendants(ownedTree(live, owners))) {
			const childHealth = child.kind === 'Pod' ? assessHealth(child) : null;
			if (childHealth?.status === 'Degraded') healthChildren.push({key: resourceKeyOf(child), health: childHealth});
		}
	}
	const state: ObjectState = {
		key: comparison.key,
		apiVersion: desired?.apiVersion ?? live?.apiVersion ?? '',
		syncStatus: comparison.status,
		drift: comparison.drift,
		changedPaths: comparison.changedPaths,
		diff: comparison.diff,
		// Argo CD gives a missing resource no message (controller/health.go); the drift says "missing".
		health: !live && desired ? {status: 'Missing', message: ''} : health,
		attribution: comparison.drift === 'modified' && live ? attribute(live, comparison.changedPaths) : [],
		warnings: comparison.warnings,
		...(live?.kind === 'Pod' ? {liveState: podLiveState(live)} : {}),
	};
	return {state, healthChildren};
}

/** Who last wrote each drifted field; paths nobody (or only driftwatch) owns are left out. */
export function attribute(live: KubeObject, paths: readonly string[]): FieldAttribution[] {
	const result: FieldAttribution[] = [];
	for (const path of paths) {
		const owner = ownerOfPath(live, path);
		if (!owner || ownManagers.has(owner.manager)) continue;
		result.push({
			path,
			manager: owner.manager,
			operation: owner.operation,
			...(owner.time ? {time: owner.time} : {}),
			...(owner.subresource ? {subresource: owner.subresource} : {}),
		});
	}
	return result;
}

/** The message of an app none of whose objects exists live. */
export const nothingLive = 'No object of this app exists in the cluster';
