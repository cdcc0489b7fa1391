/**
 * The check every edit passes before it is offered: render the source with the edited files and
 * compare with what was intended (the original render with the field changes applied). Any other
 * difference, on any object, refuses the edit: driftwatch never writes a change it did not mean.
 * Pure.
 */
import {parsePointer} from '../json-pointer.js';
import {deepEqual, isRecord} from '../json-value.js';
import {displayKey, type KubeObject, resourceKeyOf, type ResourceKey} from '../kube-object.js';
import {editRefused, type FieldChange} from './edit-types.js';
import {matchesKey} from './find-object-document.js';
import {withValueAt} from './yaml-edit.js';
import {describePath} from './yaml-syntax.js';

/** The index in `objects` of the object `key` names; namespaces missing on either side match. */
export function findRendered(objects: readonly KubeObject[], key: ResourceKey): number {
	return objects.findIndex(object => matchesKey(object, key));
}

/**
 * `objects` with `changes` applied.
 *
 * @throws DriftwatchError 'edit-refused' when a change names an object the render does not have.
 */
export function applyFieldChanges(objects: readonly KubeObject[], changes: readonly FieldChange[]): KubeObject[] {
	const result = [...objects];
	for (const change of changes) {
		const index = findRendered(result, change.object);
		const object = result[index];
		if (!object) throw editRefused(`${displayKey(change.object)} is not rendered from the source`);
		result[index] = withValueAt(object, parsePointer(change.path), change.to) as KubeObject;
	}
	return result;
}

/** One field (or object) that differs between two renders. */
export interface RenderedDifference {
	object: string;
	/** '' for a whole object (missing or extra). */
	path: string;
	description: string;
}

/** Every difference between the intended objects and the rendered ones, as field paths. */
export function renderedDifferences(intended: readonly KubeObject[], rendered: readonly KubeObject[]): RenderedDifference[] {
	const differences: RenderedDifference[] = [];
	const remaining = new Set(rendered.map((_, index) => index));
	for (const object of intended) {
		const key = resourceKeyOf(object);
		const index = rendered.findIndex((candidate, position) => remaining.has(position) && sameIdentity(candidate, key));
		const match = rendered[index];
		if (!match) {
			differences.push({object: displayKey(key), path: '', description: `${displayKey(key)} would no longer be rendered`});
			continue;
		}
		remaining.delete(index);
		collectDifferences(object, match, [], {object: displayKey(key), secret: key.kind === 'Secret'}, differences);
	}
	for (const index of remaining) {
		const key = resourceKeyOf(rendered[index] as KubeObject);
		differences.push({object: displayKey(key), path: '', description: `${displayKey(key)} would be rendered in addition`});
	}
	return differences;
}

/**
 * Throws when `rendered` differs from `intended`, ignoring differences that `unstable` lists
 * (fields that change between two renders of the same files, such as generated passwords).
 *
 * @throws DriftwatchError 'edit-refused' naming the first unintended differences.
 */
export function requireIntended(
	intended: readonly KubeObject[],
	rendered: readonly KubeObject[],
	what: string,
	unstable: readonly RenderedDifference[] = [],
): void {
	const ignored = new Set(unstable.map(difference => `${difference.object} ${difference.path}`));
	const differences = renderedDifferences(intended, rendered).filter(difference => !ignored.has(`${difference.object} ${difference.path}`));
	if (differences.length === 0) return;
	const listed = differences.slice(0, 3).map(difference => difference.description);
	const more = differences.length > 3 ? ` and ${differences.length - 3} more` : '';
	throw editRefused(`${what} would also change: ${listed.join('; ')}${more}`);
}

function sameIdentity(object: KubeObject, key: ResourceKey): boolean {
	const other = resourceKeyOf(object);
	return other.group === key.group && other.kind === key.kind && other.name === key.name && other.namespace === key.namespace;
}

interface DifferenceContext {
	object: string;
	/** Secret values never appear in messages. */
	secret: boolean;
}

function collectDifferences(left: unknown, right: unknown, path: string[], context: DifferenceContext, into: RenderedDifference[]): void {
	if (deepEqual(left, right) || into.length > 20) return;
	if (isRecord(left) && isRecord(right)) {
		for (const key of new Set([...Object.keys(left), ...Object.keys(right)]))
			collectDifferences(left[key], right[key], [...path, key], context, into);
		return;
	}
	if (Array.isArray(left) && Array.isArray(right) && left.length === right.length) {
		left.forEach((item, index) => collectDifferences(item, right[index], [...path, String(index)], context, into));
		return;
	}
	const where = describePath(path.map(segment => (/^\d+$/.test(segment) ? Number(segment) : segment)));
	const values = context.secret ? '' : ` (${brief(left)} → ${brief(right)})`;
	into.push({object: context.object, path: path.join('/'), description: `${context.object} ${where}${values}`});
}

function brief(value: unknown): string {
	if (value === undefined) return 'absent';
	const text = JSON.stringify(value);
	return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** The field named by a pointer, for messages: 'spec.template.spec.containers[0].image'. */
export function describePointer(pointer: string): string {
	return describePath(parsePointer(pointer).map(segment => (/^\d+$/.test(segment) ? Number(segment) : segment)));
}
