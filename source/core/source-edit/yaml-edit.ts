/**
 * Changes values in one document of a YAML file in place. The change is made as the smallest set
 * of text operations (only the scalars, keys and items that differ), then the whole file is read
 * again: the edited document must read back as exactly the intended value and every other document
 * must be byte-for-byte what it was; otherwise the edit is refused. Comments, key order, quoting and
 * blank lines outside the touched nodes are never rewritten. Pure.
 */
import {type Document} from 'yaml';
import {cloneJson, deepEqual, isRecord} from '../json-value.js';
import {editRefused} from './edit-types.js';
import {applyOperation, type YamlOperation} from './yaml-operations.js';
import {describePath, documentValue, parseYamlDocuments, type YamlPath} from './yaml-syntax.js';
import {blockLines} from './yaml-text.js';

/**
 * `text` with document `documentIndex` changed so that it reads as `next`.
 *
 * @throws DriftwatchError 'edit-refused' when the file does not parse or the change cannot be
 * written exactly (aliases in the way, layouts driftwatch cannot extend).
 */
export function rewriteYamlDocument(text: string, documentIndex: number, next: unknown): string {
	const documents = parseYamlDocuments(text);
	const document = documents[documentIndex];
	if (!document || document.contents === null) return newDocument(text, documents, documentIndex, next);
	let current = text;
	for (const operation of operationsBetween(documentValue(document), next, [])) current = applyOperation(current, documentIndex, operation);
	verify(text, current, documentIndex, next);
	return current;
}

/**
 * `text` with the value at `path` of document `documentIndex` set to `value` (maps are created on
 * the way), or removed when `value` is undefined.
 *
 * @throws DriftwatchError 'edit-refused' as {@link rewriteYamlDocument}, and when a step of the
 * path is a scalar or a list index past the end.
 */
export function setInYaml(text: string, documentIndex: number, path: YamlPath, value: unknown): string {
	const document = parseYamlDocuments(text)[documentIndex];
	const current = document ? documentValue(document) : null;
	return rewriteYamlDocument(text, documentIndex, withValueAt(current, path, value));
}

/** A copy of `root` with `value` at `path` (undefined removes it); missing maps are created. */
export function withValueAt(root: unknown, path: YamlPath, value: unknown): unknown {
	if (path.length === 0) return value === undefined ? null : cloneJson(value);
	const copy: unknown = root === null || root === undefined ? {} : cloneJson(root);
	let container: unknown = copy;
	for (const [depth, segment] of path.entries()) {
		const last = depth === path.length - 1;
		if (Array.isArray(container)) {
			const index = Number(segment);
			if (!Number.isInteger(index) || index < 0 || index > container.length || (index === container.length && !last)) {
				throw editRefused(`${describePath(path.slice(0, depth + 1))}: no such list item`);
			}
			if (last) {
				if (value === undefined) container.splice(index, 1);
				else container[index] = cloneJson(value);
				return copy;
			}
			container = container[index];
		} else if (isRecord(container)) {
			const key = String(segment);
			if (last) {
				if (value === undefined) delete container[key];
				else container[key] = cloneJson(value);
				return copy;
			}
			if (container[key] === undefined || container[key] === null) {
				if (value === undefined) return copy;
				container[key] = typeof path[depth + 1] === 'number' ? [] : {};
			}
			container = container[key];
		} else {
			throw editRefused(`${describePath(path.slice(0, depth))} is a value, not a map or a list`);
		}
	}
	return copy;
}

/** The smallest operations turning `before` into `after`: per key and per item, down to scalars. */
export function operationsBetween(before: unknown, after: unknown, path: YamlPath): YamlOperation[] {
	if (deepEqual(before, after)) return [];
	if (isRecord(before) && isRecord(after)) {
		const operations: YamlOperation[] = [];
		for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) operations.push({op: 'remove', path: [...path, key]});
		for (const [key, value] of Object.entries(after)) {
			if (Object.hasOwn(before, key)) operations.push(...operationsBetween(before[key], value, [...path, key]));
			else operations.push({op: 'insert', path, key, value});
		}
		return operations;
	}
	if (Array.isArray(before) && Array.isArray(after)) {
		const operations: YamlOperation[] = [];
		const shared = Math.min(before.length, after.length);
		for (let index = 0; index < shared; index++) operations.push(...operationsBetween(before[index], after[index], [...path, index]));
		for (let index = before.length - 1; index >= after.length; index--) operations.push({op: 'remove', path: [...path, index]});
		for (const value of after.slice(before.length)) operations.push({op: 'append', path, value});
		return operations;
	}
	return [{op: 'replace', path, value: after}];
}

/** A value written where there was no document yet (an empty or comment-only file). */
function newDocument(text: string, documents: Document.Parsed[], documentIndex: number, next: unknown): string {
	if (documentIndex !== documents.length - 1 && !(documents.length === 0 && documentIndex === 0)) {
		throw editRefused(`document ${documentIndex + 1} is empty and not the last one`);
	}
	const body = blockLines(next, {step: 2, indentSeq: true}).join('\n');
	const separator = text === '' || text.endsWith('\n') ? '' : '\n';
	const result = `${text}${separator}${body}\n`;
	verify(text, result, Math.max(0, documentIndex), next);
	return result;
}

function verify(before: string, after: string, documentIndex: number, expected: unknown): void {
	let documents: Document.Parsed[];
	try {
		documents = parseYamlDocuments(after);
	} catch (error) {
		throw editRefused(`the edited file would not parse (${error instanceof Error ? error.message : String(error)})`);
	}
	const original = parseYamlDocuments(before);
	const edited = documents[documentIndex];
	if (!edited || !deepEqual(documentValue(edited), expected)) throw editRefused('the edit does not read back as the intended value');
	const count = Math.max(original.length, documents.length);
	for (let index = 0; index < count; index++) {
		if (index === documentIndex) continue;
		const left = original[index];
		const right = documents[index];
		if (!left || !right || sourceOf(before, left) !== sourceOf(after, right))
			throw editRefused(`the edit would change document ${index + 1}`);
	}
}

function sourceOf(text: string, document: Document.Parsed): string {
	const [start, , end] = document.range;
	return text.slice(start, end);
}
