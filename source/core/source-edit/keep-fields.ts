/**
 * Which field changes keep a live change: for each drifted leaf path of the comparison, the value
 * the field has live, at the same field of the object as Git renders it. Only what someone set is
 * written: a whole value (a list item or map added by hand) is cut down to the fields that some
 * manager owns in `managedFields`, so server defaults (`protocol: TCP`, `imagePullPolicy`) never
 * travel from live into Git. Pure.
 */
import {formatPointer, parsePointer, valueAt} from '../json-pointer.js';
import {isRecord} from '../json-value.js';
import {displayKey, type KubeObject, type ResourceKey, resourceKeyOf} from '../kube-object.js';
import {ownersOf, resolveFieldPath} from '../managed-fields.js';
import {editRefused, type FieldChange} from './edit-types.js';
import {describePointer} from './rendered-changes.js';

/** List items are the same item when the first of these keys they have agrees (as the comparison pairs them). */
const identityKeys = ['name', 'containerPort', 'port', 'key', 'mountPath'] as const;

/** One drifted object as the comparison left it. */
export interface KeptObject {
	/** The object as rendered from Git. */
	desired: KubeObject;
	/** The object in the cluster, with its managedFields. */
	live: KubeObject;
	/** The server's prediction of Git applied (the right side of the comparison), when there is one. */
	predicted?: KubeObject;
	/** The comparison's changed paths: leaves, list items indexed as live and the prediction have them. */
	paths: readonly string[];
}

/**
 * The field changes that make Git say what live says, at `paths`, with paths into the desired
 * object. Removals of list items come last, highest index first, so they do not shift each other.
 *
 * @throws DriftwatchError 'edit-refused' when a path cannot be matched to a field of Git's object,
 * or a value set by hand cannot be told from server defaults.
 */
export function keptFieldChanges(kept: KeptObject): FieldChange[] {
	const object = resourceKeyOf(kept.desired);
	const owned = ownedLeaves(kept.live);
	const appended = new Map<string, number>();
	const changes: FieldChange[] = [];
	for (const pointer of kept.paths) {
		if (pointer === '') throw editRefused(`${displayKey(object)} differs as a whole; driftwatch keeps field values, not whole objects`);
		const segments = parsePointer(pointer);
		const path = desiredPath(kept, segments, appended, pointer);
		const live = valueAt(kept.live, segments);
		const to = live !== null && typeof live === 'object' ? ownedPart(live, segments, owned, object, pointer) : live;
		changes.push({object, path: formatPointer(path), from: valueAt(kept.desired, path), to});
	}
	return orderRemovals(changes);
}

/**
 * The same field in the desired object: list items are matched by their identity key, else by
 * index when both lists have the same length. An item live has and Git does not is appended.
 */
function desiredPath(kept: KeptObject, segments: readonly string[], appended: Map<string, number>, pointer: string): string[] {
	const path: string[] = [];
	let desired: unknown = kept.desired;
	let live: unknown = kept.live;
	let predicted: unknown = kept.predicted;
	for (const [depth, segment] of segments.entries()) {
		const last = depth === segments.length - 1;
		if (Array.isArray(desired) || Array.isArray(live)) {
			const desiredList: unknown[] = Array.isArray(desired) ? desired : [];
			const index = Number(segment);
			const liveItem: unknown = Array.isArray(live) ? live[index] : undefined;
			const item: unknown = liveItem ?? (Array.isArray(predicted) ? (predicted[index] as unknown) : undefined);
			let found = matchItem(desiredList, item, Array.isArray(live) ? live.length : -1, index);
			if (found < 0) {
				if (!last || !Array.isArray(live) || live[index] === undefined) {
					throw editRefused(`${describePointer(pointer)}: the list item cannot be matched to one in Git`, 'keep the change by hand');
				}
				const list = formatPointer(path);
				found = desiredList.length + (appended.get(list) ?? 0);
				appended.set(list, (appended.get(list) ?? 0) + 1);
			}
			path.push(String(found));
			desired = desiredList[found];
			live = Array.isArray(live) ? live[index] : undefined;
			predicted = Array.isArray(predicted) ? predicted[index] : undefined;
			continue;
		}
		path.push(segment);
		desired = isRecord(desired) ? desired[segment] : undefined;
		live = isRecord(live) ? live[segment] : undefined;
		predicted = isRecord(predicted) ? predicted[segment] : undefined;
	}
	return path;
}

/** The index in `desired` of the item that is `item`, or -1. */
function matchItem(desired: readonly unknown[], item: unknown, liveLength: number, index: number): number {
	if (isRecord(item)) {
		for (const key of identityKeys) {
			const value = item[key];
			if (typeof value !== 'string' && typeof value !== 'number') continue;
			return desired.findIndex(candidate => isRecord(candidate) && String(candidate[key]) === String(value));
		}
	}
	return desired.length === liveLength && index < desired.length ? index : -1;
}

/** Every field path (JSON pointer segments) some manager owns as a leaf: set by someone, not defaulted. */
function ownedLeaves(live: KubeObject): string[][] {
	const leaves: string[][] = [];
	for (const owner of ownersOf(live)) {
		const resolved = owner.paths.map(path => resolveFieldPath(live, path)).filter((path): path is string[] => path !== undefined);
		// A node that exists because of a manager ('.') is a prefix of that manager's fields below it: not a leaf.
		for (const path of resolved) if (!resolved.some(other => other.length > path.length && startsWith(other, path))) leaves.push(path);
	}
	return leaves;
}

/** The part of a live map or list at `at` that managers own; the rest is server defaults. */
function ownedPart(value: object, at: readonly string[], owned: readonly string[][], object: ResourceKey, pointer: string): unknown {
	const part = keepOwned(value, [...at], owned);
	if (part === undefined) {
		throw editRefused(
			`${displayKey(object)} ${describePointer(pointer)}: no manager owns its fields, so what was set by hand cannot be told from server defaults`,
			'keep the change by hand',
		);
	}
	return part;
}

function keepOwned(value: unknown, at: string[], owned: readonly string[][]): unknown {
	if (owned.some(path => startsWith(at, path))) return value;
	if (!owned.some(path => startsWith(path, at))) return undefined;
	if (Array.isArray(value)) {
		const items = value.map((item, index) => keepOwned(item, [...at, String(index)], owned)).filter(item => item !== undefined);
		return items.length > 0 ? items : undefined;
	}
	if (isRecord(value)) {
		const entries = Object.entries(value)
			.map(([key, child]) => [key, keepOwned(child, [...at, key], owned)] as const)
			.filter(([, child]) => child !== undefined);
		return entries.length > 0 ? Object.fromEntries(entries) : undefined;
	}
	return undefined;
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
	return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

/** Item removals after everything else, the highest index of a list first. */
function orderRemovals(changes: FieldChange[]): FieldChange[] {
	const isItemRemoval = (change: FieldChange) => change.to === undefined && /\/\d+$/.test(change.path);
	const removals = changes.filter(isItemRemoval).sort((left, right) => {
		const [leftList, leftIndex] = splitIndex(left.path);
		const [rightList, rightIndex] = splitIndex(right.path);
		return leftList === rightList ? rightIndex - leftIndex : leftList.localeCompare(rightList);
	});
	return [...changes.filter(change => !isItemRemoval(change)), ...removals];
}

function splitIndex(path: string): [string, number] {
	const at = path.lastIndexOf('/');
	return [path.slice(0, at), Number(path.slice(at + 1))];
}
