/**
 * Typed readers for untyped Kubernetes JSON, shared by the per-kind health checks.
 * Live objects omit zero and empty fields (`omitempty`), so every reader has a neutral default:
 * missing numbers are 0, missing strings are '', missing lists are empty. Pure: no I/O.
 */

/** A status condition, as most kinds write it. */
export interface Condition {
	type: string;
	status: string;
	reason: string;
	message: string;
}

/** The value at `path` below `value`, or undefined when any step is not an object. */
export function valueAt(value: unknown, ...path: string[]): unknown {
	let current = value;
	for (const step of path) {
		if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
		current = (current as Record<string, unknown>)[step];
	}
	return current;
}

/** A number at `path`; 0 when missing or not a number. */
export function numberAt(value: unknown, ...path: string[]): number {
	return optionalNumberAt(value, ...path) ?? 0;
}

/** A number at `path`, or undefined when missing or not a number. */
export function optionalNumberAt(value: unknown, ...path: string[]): number | undefined {
	const found = valueAt(value, ...path);
	return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
}

/** A string at `path`; '' when missing or not a string. */
export function stringAt(value: unknown, ...path: string[]): string {
	const found = valueAt(value, ...path);
	return typeof found === 'string' ? found : '';
}

/** True only when the field is the boolean `true`. */
export function isTrueAt(value: unknown, ...path: string[]): boolean {
	return valueAt(value, ...path) === true;
}

/** A list at `path`; empty when missing or not a list. */
export function listAt(value: unknown, ...path: string[]): unknown[] {
	const found = valueAt(value, ...path);
	return Array.isArray(found) ? found : [];
}

/** True when the field is a plain object (not null, not a list). */
export function isObjectAt(value: unknown, ...path: string[]): boolean {
	const found = valueAt(value, ...path);
	return typeof found === 'object' && found !== null && !Array.isArray(found);
}

/** Reads one condition-shaped entry; fields that are not strings become ''. */
export function toCondition(entry: unknown): Condition {
	return {
		type: stringAt(entry, 'type'),
		status: stringAt(entry, 'status'),
		reason: stringAt(entry, 'reason'),
		message: stringAt(entry, 'message'),
	};
}

/** `status.conditions` of an object, in the order the controller wrote them. */
export function conditionsOf(object: unknown): Condition[] {
	return listAt(object, 'status', 'conditions').map(toCondition);
}

/** The first condition of a type, if any. */
export function findCondition(conditions: readonly Condition[], type: string): Condition | undefined {
	return conditions.find(condition => condition.type === type);
}
