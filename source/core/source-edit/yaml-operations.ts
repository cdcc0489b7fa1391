/**
 * The four text operations an edit is made of: replace a value, add a key to a map, add an item to
 * a sequence, remove a key or an item. Each one splices the file text at the exact source range of
 * the node it touches, so every other byte (comments, quoting, key order, blank lines, the other
 * documents) stays as it was. Pure.
 */
import {type Document, isMap, isScalar, isSeq, type Node, type Scalar} from 'yaml';
import {cloneJson, isRecord} from '../json-value.js';
import {editRefused} from './edit-types.js';
import {
	columnOf,
	describePath,
	documentValue,
	isInlineAfterDash,
	layoutOf,
	lineStartOf,
	type LocatedNode,
	locate,
	parseYamlDocuments,
	type YamlLayout,
	type YamlPath,
} from './yaml-syntax.js';
import {
	blockLines,
	flowText,
	indentAfterFirst,
	indentAll,
	isEmptyCollection,
	isScalarValue,
	keyText,
	literalBlockText,
	scalarText,
} from './yaml-text.js';

export type YamlOperation =
	| {op: 'replace'; path: YamlPath; value: unknown}
	| {op: 'insert'; path: YamlPath; key: string; value: unknown}
	| {op: 'append'; path: YamlPath; value: unknown}
	| {op: 'remove'; path: YamlPath};

interface Splice {
	start: number;
	end: number;
	text: string;
}

/** `text` with `operation` applied to document `documentIndex`. */
export function applyOperation(text: string, documentIndex: number, operation: YamlOperation): string {
	const document = parseYamlDocuments(text)[documentIndex];
	if (!document) throw editRefused(`the file has no document ${documentIndex + 1}`);
	const splice = spliceFor(text, document, operation);
	// New lines follow the file's line endings.
	const inserted = text.includes('\r\n') ? splice.text.replace(/\r?\n/g, '\r\n') : splice.text;
	return text.slice(0, splice.start) + inserted + text.slice(splice.end);
}

function spliceFor(text: string, document: Document.Parsed, operation: YamlOperation): Splice {
	const layout = layoutOf(text, document);
	const target = locate(document, operation.path);
	if (!target) throw editRefused(`${describePath(operation.path)} is not in the file`);
	switch (operation.op) {
		case 'replace':
			return replaceSplice(text, target, operation.value, layout);
		case 'insert':
			return insertSplice(text, document, operation.path, target, operation.key, operation.value, layout);
		case 'append':
			return appendSplice(text, document, operation.path, target, operation.value, layout);
		case 'remove':
			return removeSplice(text, document, operation.path, target, layout);
	}
}

function replaceSplice(text: string, target: LocatedNode, value: unknown, layout: YamlLayout): Splice {
	const {node, context} = target;
	const range = node?.range;
	const isBlockCollection = (isMap(node) || isSeq(node)) && !node.flow;
	// A non-empty flow collection stays flow (`args: [a, b]`); an empty one (`{}`) opens into block lines.
	const ownFlow = (isMap(node) || isSeq(node)) && node.flow === true && node.items.length > 0;
	const wantsBlock = !isScalarValue(value) && !isEmptyCollection(value) && !target.inFlow && !ownFlow;
	// An empty value (`key:`) has a zero-length range right after the colon.
	if (!node || !range || (range[0] === range[1] && context.kind === 'pair')) {
		const at = range?.[0] ?? afterColon(text, target);
		if (wantsBlock) return blockAfterKey(text, target, at, at, value, layout);
		return {start: at, end: at, text: ` ${inlineText(value, undefined, target.inFlow)}`};
	}
	const [start, end] = range;
	const keepNewline = text[end - 1] === '\n';
	if (wantsBlock) {
		if (context.kind === 'pair') return blockAfterKey(text, target, afterColon(text, target), end, value, layout);
		const lines = blockLines(value, layout);
		return {start, end, text: indentAfterFirst(lines, columnOf(text, start)) + (keepNewline ? '\n' : '')};
	}
	if (
		isScalar(node) &&
		(node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') &&
		typeof value === 'string' &&
		value.includes('\n')
	) {
		const block = literalBlockText(value, blockContentIndent(text, start, end) ?? columnOf(text, start) + layout.step);
		if (block !== undefined) return {start, end, text: block};
	}
	const style = isScalar(node) ? node.type : undefined;
	const inline = inlineText(value, style, target.inFlow);
	if (isBlockCollection && context.kind === 'pair')
		return {start: afterColon(text, target), end, text: ` ${inline}${keepNewline ? '\n' : ''}`};
	return {start, end, text: inline + (keepNewline ? '\n' : '')};
}

/** `key:` followed by the value as block lines one level deeper. */
function blockAfterKey(text: string, target: LocatedNode, start: number, end: number, value: unknown, layout: YamlLayout): Splice {
	if (target.context.kind !== 'pair') throw editRefused('internal: a block value after a key needs a key');
	const keyColumn = columnOf(text, target.context.pair.key?.range?.[0] ?? start);
	const column = keyColumn + childIndent(value, layout);
	const keepNewline = text[end - 1] === '\n';
	return {start, end, text: `\n${indentAll(blockLines(value, layout), column)}${keepNewline ? '\n' : ''}`};
}

function insertSplice(
	text: string,
	document: Document.Parsed,
	path: YamlPath,
	target: LocatedNode,
	key: string,
	value: unknown,
	layout: YamlLayout,
): Splice {
	const map = target.node;
	if (!isMap(map) || map.flow || map.items.length === 0) {
		const current = currentValue(document, path);
		if (current !== null && current !== undefined && !isRecord(current)) throw editRefused(`${describePath(path)} is not a map`);
		return replaceSplice(text, target, {...(isRecord(current) ? cloneJson(current) : {}), [key]: value}, layout);
	}
	const first = map.items[0];
	const last = map.items.at(-1);
	const keyStart = first && isScalar(first.key) ? first.key.range?.[0] : undefined;
	const lastEnd = last ? ((last.value as Node | null)?.range ?? (last.key as Node | null)?.range)?.[2] : undefined;
	if (keyStart === undefined || lastEnd === undefined) throw editRefused(`${describePath(path)} has keys driftwatch cannot read`);
	const column = columnOf(text, keyStart);
	return lineAt(text, lastEnd, ' '.repeat(column) + pairText(key, value, column, layout));
}

function appendSplice(
	text: string,
	document: Document.Parsed,
	path: YamlPath,
	target: LocatedNode,
	value: unknown,
	layout: YamlLayout,
): Splice {
	const seq = target.node;
	if (!isSeq(seq) || seq.flow || seq.items.length === 0) {
		const current = currentValue(document, path);
		if (current !== null && current !== undefined && !Array.isArray(current)) throw editRefused(`${describePath(path)} is not a list`);
		const items: unknown[] = Array.isArray(current) ? cloneJson(current) : [];
		return replaceSplice(text, target, [...items, value], layout);
	}
	const dash = seq.range?.[0];
	const lastEnd = (seq.items.at(-1) as Node | undefined)?.range?.[2];
	if (dash === undefined || lastEnd === undefined || text[dash] !== '-')
		throw editRefused(`${describePath(path)} is a list driftwatch cannot read`);
	const column = columnOf(text, dash);
	return lineAt(text, lastEnd, ' '.repeat(column) + itemText(value, column + 2, layout));
}

function removeSplice(text: string, document: Document.Parsed, path: YamlPath, target: LocatedNode, layout: YamlLayout): Splice {
	const {context, node} = target;
	if (context.kind === 'root') throw editRefused('driftwatch does not remove a whole document');
	const parentPath = path.slice(0, -1);
	const parentTarget = locate(document, parentPath);
	const parent = context.parent;
	if (!parentTarget || parent.flow || parent.items.length === 1) {
		const current = cloneJson(currentValue(document, parentPath));
		if (Array.isArray(current)) current.splice(Number(path.at(-1)), 1);
		else if (isRecord(current)) delete current[String(path.at(-1))];
		if (!parentTarget) throw editRefused(`${describePath(parentPath)} is not in the file`);
		return replaceSplice(text, parentTarget, current, layout);
	}
	if (context.kind === 'pair') {
		const keyStart = context.pair.key.range?.[0];
		const end = (node?.range ?? (context.pair.key as Node | null)?.range)?.[2];
		if (keyStart === undefined || end === undefined) throw editRefused(`${describePath(path)} has a key driftwatch cannot read`);
		if (isInlineAfterDash(text, keyStart)) {
			// The first key of a list item (`- name: web`): keep the dash, start the item at the next key.
			const pairs = context.parent.items;
			const next = pairs[pairs.indexOf(context.pair) + 1];
			const nextStart = next && (next.key as Node | null)?.range?.[0];
			if (nextStart === undefined || nextStart === null) throw editRefused(`${describePath(path)} cannot be removed exactly`);
			return {start: keyStart, end: nextStart, text: ''};
		}
		return wholeLines(text, lineStartOf(text, keyStart), end);
	}
	const start = node?.range?.[0];
	const end = node?.range?.[2];
	if (start === undefined || end === undefined) throw editRefused(`${describePath(path)} cannot be removed exactly`);
	const dash = text.lastIndexOf('-', start);
	if (dash < 0 || isInlineAfterDash(text, dash)) throw editRefused(`${describePath(path)} cannot be removed exactly`);
	return wholeLines(text, lineStartOf(text, dash), end);
}

/** Removes the lines from `start` to `end`; at the end of a file without a final newline, the newline before them too. */
function wholeLines(text: string, start: number, end: number): Splice {
	if (end >= text.length && !text.endsWith('\n') && start > 0) return {start: start - 1, end, text: ''};
	return {start, end, text: ''};
}

/** A new line inserted where the previous node ends. */
function lineAt(text: string, end: number, line: string): Splice {
	if (text[end - 1] === '\n') return {start: end, end, text: `${line}\n`};
	return {start: end, end, text: `\n${line}`};
}

function pairText(key: string, value: unknown, column: number, layout: YamlLayout): string {
	if (isScalarValue(value) || isEmptyCollection(value)) return `${keyText(key)}: ${inlineText(value, undefined, false)}`;
	return `${keyText(key)}:\n${indentAll(blockLines(value, layout), column + childIndent(value, layout))}`;
}

function itemText(value: unknown, column: number, layout: YamlLayout): string {
	if (isScalarValue(value) || isEmptyCollection(value)) return `- ${inlineText(value, undefined, false)}`;
	return `- ${indentAfterFirst(blockLines(value, layout), column)}`;
}

function inlineText(value: unknown, style: Scalar.Type | undefined, inFlow: boolean): string {
	if (isScalarValue(value)) return scalarText(value, style, inFlow);
	if (Array.isArray(value) && value.length === 0) return '[]';
	if (isRecord(value) && Object.keys(value).length === 0) return '{}';
	if (value === undefined) throw editRefused('internal: no value to write');
	return flowText(value);
}

function childIndent(value: unknown, layout: YamlLayout): number {
	return Array.isArray(value) && !layout.indentSeq ? 0 : layout.step;
}

/** The offset just after the `:` that follows the key of a pair. */
function afterColon(text: string, target: LocatedNode): number {
	if (target.context.kind !== 'pair') throw editRefused('internal: no key before this value');
	const keyEnd = (target.context.pair.key as Node | null)?.range?.[1];
	const colon = keyEnd === undefined ? -1 : text.indexOf(':', keyEnd);
	if (colon < 0) throw editRefused('internal: no colon after the key');
	return colon + 1;
}

/** The indentation of a block scalar's first content line. */
function blockContentIndent(text: string, start: number, end: number): number | undefined {
	const lines = text.slice(start, end).split('\n').slice(1);
	const first = lines.find(line => line.trim() !== '');
	return first === undefined ? undefined : first.length - first.trimStart().length;
}

function currentValue(document: Document.Parsed, path: YamlPath): unknown {
	let value = documentValue(document);
	for (const segment of path) {
		if (Array.isArray(value)) value = value[Number(segment)];
		else if (isRecord(value)) value = value[String(segment)];
		else return undefined;
	}
	return value;
}
