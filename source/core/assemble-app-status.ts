/**
 * Puts one evaluation together: comparison per object, health per object and for the app (pods
 * under the app's workloads count, so a CrashLoopBackOff shows as "Degraded, caused by Pod/..."),
 * and attribution of drifted fields to the field managers that last wrote them.
 */
import type {AppDefinition} from './app-definition.js';
import type {AppStatus, FieldAttribution, ObjectState, RevisionInfo} from './app-status.js';
import {compareApp, type CompareObjectInput, type ObjectComparison} from './compare-objects.js';
import {aggregateAppHealth, type AppHealthChild, assessHealth, hasHealthRule, ignoresHealthcheck} from './health/index.js';
import {type KubeObject, keyString, resourceKeyOf} from './kube-object.js';
import {ownerOfPath} from './managed-fields.js';
import {podLiveState} from './pod-live-state.js';
import {withoutTracking} from './tracking.js';
import {descendants, indexByOwner, ownedTree} from './resource-tree.js';

export interface AssembleInput {
	app: AppDefinition;
	desired: readonly KubeObject[];
	live: ReadonlyMap<string, KubeObject>;
	extras: readonly KubeObject[];
	related: readonly KubeObject[];
	predicted: ReadonlyMap<string, KubeObject>;
	revisions: RevisionInfo[];
	notices: string[];
	warnings: string[];
	now: Date;
	/** Per-object comparison, memoized by the live engine; default compareObject. */
	compare?: (input: CompareObjectInput) => ObjectComparison;
}

/** Our own writes are not "someone else's drift". */
const ownManagers = new Set(['driftwatch']);

export function assembleAppStatus(input: AssembleInput): AppStatus {
	// Tracking is driftwatch's bookkeeping, never drift (the prediction is stripped of it too).
	const comparable = new Map([...input.live].map(([key, object]) => [key, withoutTracking(object)]));
	const comparison = compareApp({
		desired: [...input.desired],
		live: comparable,
		predicted: new Map(input.predicted),
		extras: [...input.extras],
		ignoreDifferences: input.app.ignoreDifferences,
		...(input.compare ? {compare: input.compare} : {}),
	});
	const liveByKey = new Map(input.live);
	for (const extra of input.extras) liveByKey.set(keyString(resourceKeyOf(extra)), extra);
	const desiredByKey = new Map(input.desired.map(object => [keyString(resourceKeyOf(object)), object]));

	const owners = indexByOwner(input.related);
	const healthChildren: AppHealthChild[] = [];
	const objects: ObjectState[] = comparison.objects.map(result => {
		const id = keyString(result.key);
		const live = liveByKey.get(id);
		const desired = desiredByKey.get(id);
		const health = live ? assessHealth(live) : null;
		const ignored = (live && ignoresHealthcheck(live)) || (desired !== undefined && ignoresHealthcheck(desired));
		const missing = !live && desired !== undefined;
		healthChildren.push({
			key: result.key,
			health,
			missing,
			...(missing && desired ? {healthRule: hasHealthRule(desired)} : {}),
			ignoreHealthcheck: ignored,
		});
		if (live && !ignored) {
			// Pods under a workload count for the app, but only when they are Degraded: the workload's own
			// status already says Progressing while a rollout runs.
			for (const child of descendants(ownedTree(live, owners))) {
				const childHealth = child.kind === 'Pod' ? assessHealth(child) : null;
				if (childHealth?.status === 'Degraded') healthChildren.push({key: resourceKeyOf(child), health: childHealth});
			}
		}
		return {
			key: result.key,
			apiVersion: desired?.apiVersion ?? live?.apiVersion ?? '',
			syncStatus: result.status,
			drift: result.drift,
			changedPaths: result.changedPaths,
			diff: result.diff,
			// Argo CD gives a missing resource no message (controller/health.go); the drift says "missing".
			health: !live && desired ? {status: 'Missing', message: ''} : health,
			attribution: result.drift === 'modified' && live ? attribute(live, result.changedPaths) : [],
			warnings: result.warnings,
			...(live?.kind === 'Pod' ? {liveState: podLiveState(live)} : {}),
		};
	});

	const anyLive = objects.some(object => object.drift !== 'missing');
	const health =
		objects.length > 0 && !anyLive
			? {status: 'Missing' as const, message: 'No object of this app exists in the cluster'}
			: aggregateAppHealth(healthChildren);
	return {
		name: input.app.name,
		syncStatus: comparison.syncStatus,
		health,
		revision: input.revisions[0] ?? null,
		revisions: input.revisions,
		objects,
		counts: comparison.counts,
		error: null,
		warnings: input.warnings,
		notices: input.notices,
		comparedAt: input.now.toISOString(),
	};
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
