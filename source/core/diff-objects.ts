/**
 * The diff of two objects, three ways: a jsondiffpatch delta (structure, for programs), the changed
 * paths as JSON pointers (for summaries and drift attribution), and a unified line diff of the two
 * as YAML (for people). Left is live, right is desired. Callers mask Secrets first. Pure.
 */
import {create} from 'jsondiffpatch';
import type {KubeObject} from './kube-object.js';
import {formatPointer} from './json-pointer.js';
import {isRecord} from './json-value.js';
import {type UnifiedLine, unifiedDiff} from './line-diff.js';
import {yamlLines} from './yaml-text.js';

/** Re-exported: the line type of `ObjectDiff.unified`. */
export type {UnifiedLine} from './line-diff.js';

/** How many values a diff adds, removes and changes (leaves of the delta). */
export interface DiffSummary {
	/** Values present only on the right (desired). */
	added: number;
	/** Values present only on the left (live). */
	removed: number;
	/** Values present on both sides with different contents, and moved list items. */
	changed: number;
}

/** One object's diff, for programs (delta, paths) and for people (unified). */
export interface ObjectDiff {
	/** The jsondiffpatch delta from left to right; undefined when equal. */
	delta: unknown;
	/**
	 * Leaf paths that differ, as JSON pointers ('/spec/replicas'). List items by index: the right
	 * side's index for added and changed items, the left side's for removed and moved ones.
	 * '' is the whole object (one side absent).
	 */
	changedPaths: string[];
	unified: UnifiedLine[];
	summary: DiffSummary;
}

/** How to render the unified view. */
export interface DiffOptions {
	/** Lines of context around each change in `unified`; `Infinity` for the whole object. Default 3. */
	context?: number;
	/** Header of the left side. Default 'live'. */
	leftLabel?: string;
	/** Header of the right side. Default 'desired'. */
	rightLabel?: string;
}

/** List items are matched by the first of these keys they have, so a change shows as a change. */
const identityKeys = ['name', 'containerPort', 'port', 'key', 'mountPath'] as const;

const patcher = create({
	objectHash: (item, index) => {
		if (isRecord(item)) {
			for (const key of identityKeys) {
				const value = item[key];
				const protocol = item['protocol'];
				// The protocol is part of a port's identity: 53/TCP and 53/UDP are two ports. String() so
				// that `containerPort: "80"` against 80 pairs the items and shows the change inside.
				if (typeof value === 'string' || typeof value === 'number') {
					return `${key}=${String(value)}/${typeof protocol === 'string' ? protocol : 'TCP'}`;
				}
			}
		}
		return `$index:${index ?? -1}`;
	},
	arrays: {detectMove: true, includeValueOnMove: false},
	cloneDiffValues: true,
});

/** Diffs two objects; either may be absent (an object missing live, or extra live). */
export function diffObjects(left?: KubeObject, right?: KubeObject, options: DiffOptions = {}): ObjectDiff {
	const delta: unknown = left === undefined && right === undefined ? undefined : patcher.diff(left, right);
	const changedPaths: string[] = [];
	const summary: DiffSummary = {added: 0, removed: 0, changed: 0};
	collectChanges(delta, [], changedPaths, summary);
	const uniquePaths = [...new Set(changedPaths)];
	const unified =
		delta === undefined
			? []
			: unifiedDiff(left === undefined ? [] : yamlLines(left), right === undefined ? [] : yamlLines(right), {
					context: options.context ?? 3,
					leftLabel: options.leftLabel ?? 'live',
					rightLabel: options.rightLabel ?? 'desired',
				});
	return {delta, changedPaths: uniquePaths, unified, summary};
}

// Delta shapes (jsondiffpatch): [new] added, [old, new] changed, [old, 0, 0] removed,
// ['', to, 3] moved, [text, 0, 2] text diff; {_t: 'a', N | _N: ...} a list; else an object.
function collectChanges(delta: unknown, path: string[], out: string[], summary: DiffSummary): void {
	if (delta === undefined) return;
	if (Array.isArray(delta)) {
		out.push(formatPointer(path));
		if (delta.length === 1) summary.added++;
		else if (delta.length === 3 && delta[2] === 0) summary.removed++;
		else summary.changed++;
		return;
	}
	if (!isRecord(delta)) return;
	const isList = delta['_t'] === 'a';
	for (const [key, child] of Object.entries(delta)) {
		if (isList && key === '_t') continue;
		const segment = isList && key.startsWith('_') ? key.slice(1) : key;
		collectChanges(child, [...path, segment], out, summary);
	}
}
