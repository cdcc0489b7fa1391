/**
 * The client-side prediction of "live with Git applied", used when no server-side apply dry run
 * is available: Git's fields laid over the live object. Diffing live against it shows exactly the
 * fields Git sets that differ, inside the real live object, so:
 *
 * - fields only live has (status, server defaults such as `imagePullPolicy`, `strategy`,
 *   `clusterIP`) are kept as they are and never show as drift;
 * - a map key Git sets that live lacks is added (drift); live's extra keys stay (not drift);
 * - lists of objects that all have a `name` are matched by name (order is not drift); an item
 *   only live has is dropped and an item only Git has is added (both drift); other lists are
 *   matched by index, and a length difference is drift;
 * - a zero value in Git (`false`, `0`, `""`, `[]`, `{}`, null) against an absent live field is
 *   not drift: the server omits empty fields when it stores them;
 * - two quantities with equal values (`1e3` and `1k`) keep live's spelling.
 *
 * Pure: returns new values, sharing unchanged subtrees with its inputs.
 */
import type {KubeObject} from './kube-object.js';
import {isRecord} from './json-value.js';
import {isQuantityKey, isQuantityLike, isQuantityMapKey} from './normalize.js';
import {quantitiesEqual} from './quantities.js';

/** Live with every field of desired laid over it; both should be normalized first. */
export function overlayDesired(live: KubeObject, desired: KubeObject): KubeObject {
	return overlayRecord(live, desired, {inLimitRange: live.kind === 'LimitRange', quantities: false}) as KubeObject;
}

interface Position {
	inLimitRange: boolean;
	/** The values here are quantities (inside a requests/limits map, or a sizeLimit itself). */
	quantities: boolean;
}

function overlay(live: unknown, desired: unknown, position: Position): unknown {
	if (isRecord(desired) && isRecord(live)) return overlayRecord(live, desired, position);
	if (Array.isArray(desired) && Array.isArray(live)) return overlayList(live, desired, position);
	if (position.quantities && isQuantityLike(live) && isQuantityLike(desired) && quantitiesEqual(live, desired)) return live;
	return desired;
}

function overlayRecord(live: Record<string, unknown>, desired: Record<string, unknown>, position: Position): Record<string, unknown> {
	const result: Record<string, unknown> = {...live};
	for (const [key, value] of Object.entries(desired)) {
		if (!Object.hasOwn(live, key)) {
			if (!isZeroValue(value)) result[key] = value;
			continue;
		}
		const quantities = position.quantities || isQuantityKey(key) || isQuantityMapKey(key, position.inLimitRange);
		result[key] = overlay(live[key], value, {inLimitRange: position.inLimitRange, quantities});
	}
	return result;
}

function overlayList(live: unknown[], desired: unknown[], position: Position): unknown[] {
	const inner: Position = {inLimitRange: position.inLimitRange, quantities: false};
	if (!desired.every(hasName) || !live.every(isRecord)) {
		return desired.map((item, index) => (index < live.length ? overlay(live[index], item, inner) : item));
	}
	const pending = desired.filter(hasName);
	const result: unknown[] = [];
	for (const liveItem of live) {
		const match = pending.findIndex(item => item['name'] === liveItem['name']);
		if (match < 0) continue;
		const [desiredItem] = pending.splice(match, 1);
		result.push(overlay(liveItem, desiredItem, inner));
	}
	return [...result, ...pending];
}

function hasName(item: unknown): item is Record<string, unknown> {
	return isRecord(item) && typeof item['name'] === 'string';
}

function isZeroValue(value: unknown): boolean {
	if (value === null || value === false || value === 0 || value === '') return true;
	if (Array.isArray(value)) return value.length === 0;
	return isRecord(value) && Object.keys(value).length === 0;
}
