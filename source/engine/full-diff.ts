/** One object's diff with the whole object as context (the UI's full mode), from the same inputs as its status. */
import {compareObject} from '../core/compare-objects.js';
import type {IgnoreDifferenceRule} from '../core/ignore-differences.js';
import {type KubeObject, keyString, type ResourceKey} from '../core/kube-object.js';
import type {UnifiedLine} from '../core/line-diff.js';
import {withoutTracking} from '../core/tracking.js';
import type {LiveIndex} from './live-index.js';

export function fullDiffOf(
	key: ResourceKey,
	index: LiveIndex,
	predicted: KubeObject | undefined,
	ignoreDifferences: readonly IgnoreDifferenceRule[],
): UnifiedLine[] {
	const id = keyString(key);
	const desired = index.desiredOf(id);
	const live = index.liveOf(id);
	const result = compareObject({
		key,
		...(desired ? {desired} : {}),
		...(live ? {live: withoutTracking(live)} : {}),
		...(predicted ? {predicted} : {}),
		ignoreDifferences,
		context: Number.POSITIVE_INFINITY,
	});
	return result.diff?.unified ?? [];
}
