/**
 * Puts one whole evaluation together, from everything fetched at once: comparison per object,
 * health per object and for the app, attribution of drifted fields. The live engine assembles the
 * same result incrementally (source/engine/object-table.ts) from assessObject; this is the
 * from-scratch form, for benchmarks and tests.
 */
import type {AppDefinition} from './app-definition.js';
import type {AppStatus, RevisionInfo} from './app-status.js';
import {assessObject, nothingLive} from './assess-object.js';
import {compareApp, type CompareObjectInput, type ObjectComparison} from './compare-objects.js';
import {aggregateAppHealth, type AppHealthChild} from './health/index.js';
import {type KubeObject, keyString, resourceKeyOf} from './kube-object.js';
import {indexByOwner} from './resource-tree.js';
import {withoutTracking} from './tracking.js';

export {attribute} from './assess-object.js';

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
	/** Per-object comparison; default compareObject. */
	compare?: (input: CompareObjectInput) => ObjectComparison;
}

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
	const objects = comparison.objects.map(result => {
		const id = keyString(result.key);
		const assessed = assessObject(result, desiredByKey.get(id), liveByKey.get(id), owners);
		healthChildren.push(...assessed.healthChildren);
		return assessed.state;
	});
	const anyLive = objects.some(object => object.drift !== 'missing');
	return {
		name: input.app.name,
		syncStatus: comparison.syncStatus,
		health: objects.length > 0 && !anyLive ? {status: 'Missing', message: nothingLive} : aggregateAppHealth(healthChildren),
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
