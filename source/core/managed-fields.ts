/**
 * Reads `metadata.managedFields[].fieldsV1`, the server's record of which manager owns which
 * field, into paths we can resolve against the object. Used to ignore fields owned by another
 * controller (an HPA owning `/spec/replicas`) and to say who changed a drifted field.
 *
 * fieldsV1 is a trie: `f:<name>` a map field, `k:<json>` a list item by its keys, `v:<json>` a set
 * item by value, `i:<n>` a list item by index, and `.` the node itself. Pure.
 */
import type {KubeObject, ManagedFieldsEntry} from './kube-object.js';
import {parsePointer} from './json-pointer.js';
import {deepEqual, isRecord} from './json-value.js';

/** One step of a managed path, as the server wrote it. */
export type FieldPathElement = {field: string} | {key: Record<string, unknown>} | {value: unknown} | {index: number};

/** A path to one owned field or list item. */
export type FieldPath = FieldPathElement[];

/** Who owns what, for one managedFields entry. */
export interface FieldOwner {
	manager: string;
	operation: string;
	time: string | undefined;
	subresource: string | undefined;
	paths: FieldPath[];
}

/** The owner of one path, as `ownerOfPath` answers. */
export type PathOwner = Omit<FieldOwner, 'paths'>;

/**
 * The paths one entry owns: every leaf of the trie, and every node marked `.` (a list item or map
 * that exists because of this manager). Unknown keys are skipped rather than guessed.
 */
export function fieldPathsOf(entry: ManagedFieldsEntry): FieldPath[] {
	const paths: FieldPath[] = [];
	if (isRecord(entry.fieldsV1)) collect(entry.fieldsV1, [], paths);
	return paths;
}

/**
 * The paths one entry owns as a whole: the leaves of the trie (a scalar, or a map or list the
 * schema makes atomic), not the nodes marked `.` that also have owned fields below them.
 */
export function leafFieldPathsOf(entry: ManagedFieldsEntry): FieldPath[] {
	const paths: FieldPath[] = [];
	const visit = (node: Record<string, unknown>, prefix: FieldPath) => {
		for (const [rawKey, child] of Object.entries(node)) {
			if (rawKey === '.') continue;
			const element = parseElement(rawKey);
			if (!element) continue;
			const path = [...prefix, element];
			if (isRecord(child) && Object.keys(child).length > 0) visit(child, path);
			else paths.push(path);
		}
	};
	if (isRecord(entry.fieldsV1)) visit(entry.fieldsV1, []);
	return paths;
}

function collect(node: Record<string, unknown>, prefix: FieldPath, out: FieldPath[]): void {
	for (const [rawKey, child] of Object.entries(node)) {
		if (rawKey === '.') {
			if (prefix.length > 0) out.push(prefix);
			continue;
		}
		const element = parseElement(rawKey);
		if (!element) continue;
		const path = [...prefix, element];
		if (isRecord(child) && Object.keys(child).length > 0) collect(child, path, out);
		else out.push(path);
	}
}

function parseElement(rawKey: string): FieldPathElement | undefined {
	const kind = rawKey.slice(0, 2);
	const rest = rawKey.slice(2);
	if (kind === 'f:') return {field: rest};
	if (kind === 'i:') return /^\d+$/.test(rest) ? {index: Number(rest)} : undefined;
	if (kind !== 'k:' && kind !== 'v:') return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(rest);
	} catch {
		return undefined;
	}
	if (kind === 'v:') return {value: parsed};
	return isRecord(parsed) ? {key: parsed} : undefined;
}

/** Every manager of an object with the paths it owns, in the order the server lists them. */
export function ownersOf(object: KubeObject): FieldOwner[] {
	return (object.metadata.managedFields ?? []).map(entry => ({
		manager: entry.manager ?? '',
		operation: entry.operation ?? '',
		time: entry.time,
		subresource: entry.subresource,
		paths: fieldPathsOf(entry),
	}));
}

/**
 * Turns a managed path into concrete JSON pointer segments for `object`, matching `k:` and `v:`
 * items against the object's actual array. Undefined when the item is not there.
 *
 * A `k:` key may name fields the object does not spell out (Git leaves `protocol: TCP` to the
 * server default), so when no item matches every key, a single item that matches the keys it has
 * is accepted.
 */
export function resolveFieldPath(object: unknown, path: FieldPath): string[] | undefined {
	const segments: string[] = [];
	let current = object;
	for (const element of path) {
		if ('field' in element) {
			segments.push(element.field);
			current = isRecord(current) ? current[element.field] : undefined;
			continue;
		}
		if (!Array.isArray(current)) return undefined;
		const items: unknown[] = current;
		let index: number;
		if ('index' in element) index = element.index < items.length ? element.index : -1;
		else if ('value' in element) index = items.findIndex(item => deepEqual(item, element.value));
		else index = findKeyedItem(items, element.key);
		if (index < 0) return undefined;
		segments.push(String(index));
		current = items[index];
	}
	return segments;
}

function findKeyedItem(items: unknown[], key: Record<string, unknown>): number {
	const fields = Object.entries(key);
	const exact = items.findIndex(item => isRecord(item) && fields.every(([name, value]) => deepEqual(item[name], value)));
	if (exact >= 0) return exact;
	const partial = items.flatMap((item, index) =>
		isRecord(item) && fields.every(([name, value]) => !Object.hasOwn(item, name) || deepEqual(item[name], value)) ? [index] : [],
	);
	return partial.length === 1 ? (partial[0] ?? -1) : -1;
}

/** How people read a managed path: `.spec.template.spec.containers[name="web"].image`. */
export function formatFieldPath(path: FieldPath): string {
	return path
		.map(element => {
			if ('field' in element) return `.${element.field}`;
			if ('index' in element) return `[${element.index}]`;
			if ('value' in element) return `[${JSON.stringify(element.value)}]`;
			const keys = Object.entries(element.key).map(([name, value]) => `${name}=${JSON.stringify(value)}`);
			return `[${keys.join(',')}]`;
		})
		.join('');
}

/**
 * Who owns a field of `object`, given as a JSON pointer with real array indices
 * ('/spec/template/spec/containers/0/image') or as segments. The most specific owned path at or
 * above it wins (an atomic list owned as a whole owns its items); among equals, the latest write.
 * When only fields below it are owned (a map whose keys are owned one by one), the latest of
 * those owners answers. Undefined when nobody owns it.
 */
export function ownerOfPath(object: KubeObject, path: string | readonly string[]): PathOwner | undefined {
	const target = typeof path === 'string' ? parsePointer(path) : path;
	let best: {owner: FieldOwner; depth: number} | undefined;
	let below: FieldOwner | undefined;
	for (const owner of ownersOf(object)) {
		for (const fieldPath of owner.paths) {
			const resolved = resolveFieldPath(object, fieldPath);
			if (!resolved) continue;
			if (isPrefix(resolved, target)) {
				if (!best || resolved.length > best.depth || (resolved.length === best.depth && later(owner, best.owner))) {
					best = {owner, depth: resolved.length};
				}
			} else if (isPrefix(target, resolved) && (!below || later(owner, below))) {
				below = owner;
			}
		}
	}
	const found = best?.owner ?? below;
	if (!found) return undefined;
	return {manager: found.manager, operation: found.operation, time: found.time, subresource: found.subresource};
}

function isPrefix(prefix: readonly string[], path: readonly string[]): boolean {
	return prefix.length <= path.length && prefix.every((segment, i) => segment === path[i]);
}

function later(candidate: FieldOwner, current: FieldOwner): boolean {
	return (candidate.time ?? '') > (current.time ?? '');
}
