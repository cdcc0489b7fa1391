/**
 * Argo CD's `ignoreDifferences`: fields removed from both sides before comparing, named by JSON
 * pointer, by jq path, or by who owns them (`managedFieldsManagers`, e.g. an HPA owning
 * `/spec/replicas`). Pure: never modifies its input, returns warnings instead of throwing.
 */
import {type KubeObject, type ResourceKey, resourceKeyOf} from './kube-object.js';
import {evaluateJqPath, parseJqPath} from './jq-paths.js';
import {parsePointer, removeAll} from './json-pointer.js';
import {cloneJson} from './json-value.js';
import {type FieldPath, fieldPathsOf, resolveFieldPath} from './managed-fields.js';

/** One rule, as written in an Application's `spec.ignoreDifferences`. */
export interface IgnoreDifferenceRule {
	/** API group; '' or absent is the core group (as in Argo CD); '*' matches any group. */
	group?: string;
	/** Kind, or '*' for any kind. */
	kind: string;
	/** Only this object name, when set. */
	name?: string;
	/** Only this namespace, when set. */
	namespace?: string;
	/** RFC 6901 pointers, e.g. '/spec/replicas'. */
	jsonPointers?: string[];
	/** jq paths in the subset `jq-paths.ts` supports, e.g. '.spec.template.spec.containers[] | select(.name == "web") | .image'. */
	jqPathExpressions?: string[];
	/** Field managers whose fields (from the live object's managedFields) are ignored. */
	managedFieldsManagers?: string[];
}

/** The object with ignored fields removed, and what could not be applied. */
export interface IgnoreResult {
	object: KubeObject;
	warnings: string[];
}

/** True when a rule applies to an object with this identity. */
export function ruleMatches(rule: IgnoreDifferenceRule, key: ResourceKey): boolean {
	const group = rule.group ?? '';
	return (
		(group === '*' || group === key.group) &&
		(rule.kind === '*' || rule.kind === key.kind) &&
		(!rule.name || rule.name === key.name) &&
		(!rule.namespace || rule.namespace === key.namespace)
	);
}

/**
 * Removes the fields the matching rules name. Apply it to both desired and live, passing the live
 * object as `liveForManagers` on both calls: managed fields are recorded only live, and a list item
 * they name by key (`k:{"name":"web"}`) is found again by key in each object.
 */
export function applyIgnoreDifferences(
	object: KubeObject,
	rules: readonly IgnoreDifferenceRule[],
	liveForManagers?: KubeObject,
): IgnoreResult {
	const key = resourceKeyOf(object);
	const warnings: string[] = [];
	const matching = rules.filter(rule => {
		if (ruleMatches(rule, key)) return true;
		// Argo CD reads an absent group as the core group; say so rather than silently not matching.
		if (rule.group === undefined && key.group !== '' && ruleMatches({...rule, group: key.group}, key)) {
			warnings.push(
				`ignoreDifferences rule for kind ${rule.kind} has no group, so it only matches the core group; add "group: ${key.group}" to apply it to ${key.kind}/${key.name}`,
			);
		}
		return false;
	});
	if (matching.length === 0) return {object, warnings};

	const result = cloneJson(object);
	const paths: string[][] = [];
	for (const rule of matching) {
		for (const pointer of rule.jsonPointers ?? []) {
			if (!pointer.startsWith('/')) warnings.push(`ignoreDifferences JSON pointer ${JSON.stringify(pointer)} must start with "/"`);
			else paths.push(parsePointer(pointer));
		}
		for (const source of rule.jqPathExpressions ?? []) {
			const expression = parseJqPath(source);
			if ('error' in expression) warnings.push(expression.error);
			else paths.push(...evaluateJqPath(expression, result));
		}
		const managers = rule.managedFieldsManagers ?? [];
		if (managers.length > 0) paths.push(...managedPaths(liveForManagers ?? object, managers, result));
	}
	removeAll(result, paths);
	return {object: result, warnings};
}

/**
 * The concrete paths in `target` owned by any of `managers` on `live`. A map marked `.` that also
 * lists owned children is kept: other managers usually own keys in it too (labels, annotations),
 * so only the owned keys go. Leaves, and list items marked `.`, are removed whole.
 */
function managedPaths(live: KubeObject, managers: readonly string[], target: KubeObject): string[][] {
	const out: string[][] = [];
	for (const entry of live.metadata.managedFields ?? []) {
		if (!managers.includes(entry.manager ?? '')) continue;
		const owned = fieldPathsOf(entry);
		for (const path of owned) {
			if (isMapContainer(path, owned)) continue;
			const resolved = resolveFieldPath(target, path);
			if (resolved) out.push(resolved);
		}
	}
	return out;
}

function isMapContainer(path: FieldPath, all: readonly FieldPath[]): boolean {
	const last = path.at(-1);
	if (!last || !('field' in last)) return false;
	return all.some(other => other.length > path.length && path.every((element, i) => JSON.stringify(element) === JSON.stringify(other[i])));
}
