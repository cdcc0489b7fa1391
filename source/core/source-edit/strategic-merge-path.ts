/**
 * Where a field of a rendered object lives in a strategic-merge patch. Lists of containers, env
 * variables, ports, volumes... are merged by a key (`name`, `containerPort`, `mountPath`), so the
 * n-th container is the item with its name, not the n-th item; other lists are replaced whole, so a
 * patch sets the whole list. Pure.
 */
import {isRecord} from '../json-value.js';

/** A step into a map, or into the item of a merged list whose `key` is `value`. */
export type MergeSegment = string | {key: string; value: unknown};

/** The patch path of `segments` in `object`, and the value to write there. */
export interface MergePath {
	path: MergeSegment[];
	value: unknown;
}

const mergeKeys: Record<string, string> = {
	containers: 'name',
	initContainers: 'name',
	ephemeralContainers: 'name',
	env: 'name',
	volumes: 'name',
	volumeMounts: 'mountPath',
	volumeDevices: 'devicePath',
	imagePullSecrets: 'name',
	hostAliases: 'ip',
};

/** The merge key of the list `field` whose item is `item`, or undefined for lists that are replaced. */
export function mergeKeyOf(field: string, item: unknown): string | undefined {
	if (field === 'ports' && isRecord(item)) return 'containerPort' in item ? 'containerPort' : 'port' in item ? 'port' : undefined;
	return mergeKeys[field];
}

/**
 * The path of the field at `segments` of `object` (the object as it should render) in a
 * strategic-merge patch. A list without a merge key ends the path: the patch writes it whole.
 */
export function strategicPath(object: unknown, segments: readonly string[], value: unknown): MergePath {
	const path: MergeSegment[] = [];
	let current = object;
	for (const [index, segment] of segments.entries()) {
		if (Array.isArray(current)) {
			const item: unknown = current[Number(segment)];
			const field = segments[index - 1] ?? '';
			const key = mergeKeyOf(field, item);
			if (!key || !isRecord(item) || item[key] === undefined) return {path, value: current};
			path.push({key, value: item[key]});
			current = item;
			continue;
		}
		path.push(segment);
		current = isRecord(current) ? current[segment] : undefined;
	}
	return {path, value};
}

/** The concrete path of a merge path in `document`, or undefined when a step is not there. */
export function resolveMergePath(document: unknown, path: readonly MergeSegment[]): Array<string | number> | undefined {
	const resolved: Array<string | number> = [];
	let current = document;
	for (const segment of path) {
		if (typeof segment === 'string') {
			if (!isRecord(current) || !(segment in current)) return undefined;
			resolved.push(segment);
			current = current[segment];
			continue;
		}
		if (!Array.isArray(current)) return undefined;
		const index = current.findIndex(item => isRecord(item) && item[segment.key] === segment.value);
		if (index < 0) return undefined;
		resolved.push(index);
		current = current[index];
	}
	return resolved;
}

/** A patch body that sets `value` at `path` and nothing else. */
export function mergePatchBody(path: readonly MergeSegment[], value: unknown): unknown {
	let body = value;
	for (const segment of [...path].reverse()) {
		body = typeof segment === 'string' ? {[segment]: body} : [{[segment.key]: segment.value, ...(isRecord(body) ? body : {})}];
	}
	return body;
}
