/**
 * RFC 6901 JSON pointers ('/spec/template/spec/containers/0/image'), the path language of
 * Argo CD's `ignoreDifferences.jsonPointers` and of our `changedPaths`. Pure.
 */
import {isRecord} from './json-value.js';

/** '/metadata/annotations/a~1b' -> ['metadata', 'annotations', 'a/b']; '' is the whole document. */
export function parsePointer(pointer: string): string[] {
	if (pointer === '') return [];
	const body = pointer.startsWith('/') ? pointer.slice(1) : pointer;
	return body.split('/').map(segment => segment.replaceAll('~1', '/').replaceAll('~0', '~'));
}

/** ['metadata', 'annotations', 'a/b'] -> '/metadata/annotations/a~1b'. */
export function formatPointer(segments: ReadonlyArray<string | number>): string {
	return segments.map(segment => '/' + String(segment).replaceAll('~', '~0').replaceAll('/', '~1')).join('');
}

/** The value at a path, or undefined when any step is missing. */
export function valueAt(root: unknown, segments: readonly string[]): unknown {
	let current = root;
	for (const segment of segments) {
		if (Array.isArray(current)) current = current[arrayIndex(segment) ?? -1];
		else if (isRecord(current)) current = Object.hasOwn(current, segment) ? current[segment] : undefined;
		else return undefined;
	}
	return current;
}

/**
 * Removes the value at a path, in place. Array items are spliced out. A missing path is not an
 * error: ignore rules name fields that are often absent on one side.
 */
export function removeAt(root: unknown, segments: readonly string[]): boolean {
	const last = segments.at(-1);
	if (last === undefined) return false;
	const parent = valueAt(root, segments.slice(0, -1));
	if (Array.isArray(parent)) {
		const index = arrayIndex(last);
		if (index === undefined || index >= parent.length) return false;
		parent.splice(index, 1);
		return true;
	}
	if (isRecord(parent) && Object.hasOwn(parent, last)) {
		delete parent[last];
		return true;
	}
	return false;
}

/**
 * Removes several paths at once. Deepest and highest array indices go first, so removing
 * `/list/0` does not shift `/list/1` before it is removed.
 */
export function removeAll(root: unknown, paths: ReadonlyArray<readonly string[]>): void {
	const ordered = [...paths].sort(comparePathsForRemoval);
	let previous: readonly string[] | undefined;
	for (const path of ordered) {
		if (previous && samePath(previous, path)) continue;
		removeAt(root, path);
		previous = path;
	}
}

function comparePathsForRemoval(left: readonly string[], right: readonly string[]): number {
	const shared = Math.min(left.length, right.length);
	for (let i = 0; i < shared; i++) {
		const a = left[i] ?? '';
		const b = right[i] ?? '';
		if (a === b) continue;
		const indexA = arrayIndex(a);
		const indexB = arrayIndex(b);
		if (indexA !== undefined && indexB !== undefined) return indexB - indexA;
		return a < b ? -1 : 1;
	}
	return right.length - left.length;
}

function samePath(left: readonly string[], right: readonly string[]): boolean {
	return left.length === right.length && left.every((segment, i) => segment === right[i]);
}

function arrayIndex(segment: string): number | undefined {
	return /^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : undefined;
}
