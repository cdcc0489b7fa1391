/**
 * Whether a server-side apply of Git's object would leave the live object as it is, decided
 * without asking the server, and only when that is certain: then the dry run's answer is known
 * (live itself) and need not be sent. Anything less than certain answers false, and the engine
 * asks the server as before (decision 010).
 *
 * Certain means both of:
 * - every field Git sets is in live with exactly the same JSON value (no equivalent spellings:
 *   `1000m` against `1` is left to the server). Lists must match item by item, in order and in
 *   length (an item another manager added makes the server's merge worth asking for). A map or
 *   list that any manager owns as a whole (atomic, a leaf in managedFields) must be equal as a
 *   whole, since an apply replaces it;
 * - every field driftwatch's own apply owns is still in Git's object: else the apply would
 *   remove it (a field deleted from Git is drift).
 *
 * Pure.
 */
import {deepEqual, isRecord} from './json-value.js';
import type {KubeObject, ManagedFieldsEntry} from './kube-object.js';
import {type FieldPath, fieldPathsOf, leafFieldPathsOf, resolveFieldPath} from './managed-fields.js';
import {withTracking, withoutTracking} from './tracking.js';

/** The field manager driftwatch applies with. */
export const driftwatchManager = 'driftwatch';

/**
 * True when driftwatch's apply of `desired` (Git's object, namespace filled in) for `app` to
 * `live` with force would change nothing but bookkeeping (managedFields, the tracking annotation).
 */
export function applyChangesNothing(desired: KubeObject, live: KubeObject, app: string): boolean {
	const entries = live.metadata.managedFields ?? [];
	// Without the server's record of ownership, atomic fields and our own fields are unknown.
	if (entries.length === 0) return false;
	const atomic = new Set<string>();
	for (const entry of entries) {
		for (const path of leafFieldPathsOf(entry)) {
			const resolved = resolveFieldPath(live, path);
			if (resolved) atomic.add(resolved.join(separator));
		}
	}
	// Tracking is stripped from both sides of every comparison: its absence live is not a change.
	if (!contained(desired, withoutTracking(live), [], atomic)) return false;
	const applied = withTracking(app, desired);
	return entries.filter(isOwnApply).every(entry => fieldPathsOf(entry).every(path => isPresent(applied, path)));
}

/** Whether `object` has the field or item `path` names. */
function isPresent(object: KubeObject, path: FieldPath): boolean {
	const segments = resolveFieldPath(object, path);
	if (!segments) return false;
	let current: unknown = object;
	for (const segment of segments) {
		if (Array.isArray(current)) current = current[Number(segment)];
		else if (isRecord(current) && Object.hasOwn(current, segment)) current = current[segment];
		else return false;
	}
	return current !== undefined;
}

function isOwnApply(entry: ManagedFieldsEntry): boolean {
	return entry.manager === driftwatchManager && entry.operation === 'Apply' && !entry.subresource;
}

/** Joins path segments for the atomic set (a character no field name has). */
const separator = '\u0000';

/** Every field of `desired` is in `live` with the same value; `at` is the path so far. */
function contained(desired: unknown, live: unknown, at: readonly string[], atomic: ReadonlySet<string>): boolean {
	if (desired === null || desired === undefined) return live === undefined;
	const whole = () => at.length > 0 && atomic.has(at.join(separator));
	if (isRecord(desired)) {
		if (!isRecord(live)) return false;
		if (whole()) return deepEqual(desired, live);
		for (const [key, value] of Object.entries(desired)) {
			if (!contained(value, live[key], [...at, key], atomic)) return false;
		}
		return true;
	}
	if (Array.isArray(desired)) {
		if (!Array.isArray(live) || live.length !== desired.length) return false;
		if (whole()) return deepEqual(desired, live);
		return desired.every((item, index) => contained(item, live[index], [...at, String(index)], atomic));
	}
	return desired === live;
}
