/**
 * A YAML file as the editors see it: its documents with source ranges, parsed as YAML 1.1 (what
 * kubectl, kustomize and helm read: `yes` is true, `0644` is octal, `<<` merges), the node at a
 * path, and the layout a new line must follow (indentation step, indented or flush sequences).
 * Pure.
 */
import {type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair, parseAllDocuments, type YAMLMap, type YAMLSeq} from 'yaml';
import {editRefused} from './edit-types.js';

/** Map keys and sequence indices from the document root. */
export type YamlPath = ReadonlyArray<string | number>;

/**
 * How every editor parses: YAML 1.1, duplicate keys are an error. logLevel 'error': a warning (an
 * unknown tag in a hostile file) stays in the document and is never printed over the screen.
 */
export const yamlParseOptions = {version: '1.1', uniqueKeys: true, keepSourceTokens: false, logLevel: 'error'} as const;

/**
 * The documents of `text`.
 *
 * @throws DriftwatchError 'edit-refused' when the file does not parse: an edit needs exact positions.
 */
export function parseYamlDocuments(text: string): Document.Parsed[] {
	const documents = parseAllDocuments(text, yamlParseOptions);
	if (!Array.isArray(documents)) return [];
	for (const [index, document] of documents.entries()) {
		const error = document.errors[0];
		if (error) throw editRefused(`document ${index + 1} does not parse: ${error.message.split('\n')[0] ?? ''}`);
	}
	return documents;
}

/** A document's value as plain JSON-like data (YAML 1.1 merges resolved). */
export function documentValue(document: Document.Parsed): unknown {
	try {
		return document.toJS({maxAliasCount: 100});
	} catch (error) {
		// An alias bomb: refuse rather than expand it.
		throw editRefused(`the file expands aliases too often to be read (${error instanceof Error ? error.message : String(error)})`);
	}
}

/** Where a node sits: the value of a map pair, an item of a sequence, or the document root. */
export type NodeContext =
	| {kind: 'pair'; pair: Pair<Node, Node | null>; parent: YAMLMap<Node, Node | null>}
	| {kind: 'item'; index: number; parent: YAMLSeq<Node>}
	| {kind: 'root'};

export interface LocatedNode {
	/** The value node; null for a pair without a value (`key:`). */
	node: Node | null;
	context: NodeContext;
	/** True when an ancestor of the node is a flow collection (`{...}`, `[...]`). */
	inFlow: boolean;
}

/**
 * The node at `path` in `document`, or undefined when a step is missing.
 *
 * @throws DriftwatchError 'edit-refused' when the path goes through an alias (an edit there would
 * change every place the anchor is used).
 */
export function locate(document: Document.Parsed, path: YamlPath): LocatedNode | undefined {
	let node: Node | null = document.contents;
	let context: NodeContext = {kind: 'root'};
	let inFlow = false;
	for (const [depth, segment] of path.entries()) {
		if (isAlias(node)) throw editRefused(`${describePath(path.slice(0, depth))} is an alias (*${node.source}); edit its anchor by hand`);
		refuseAnchor(node, path.slice(0, depth));
		if (isMap(node)) {
			inFlow ||= node.flow === true;
			const parent = node as YAMLMap<Node, Node | null>;
			const pair = parent.items.find(item => keyText(item.key) === String(segment));
			if (!pair) return undefined;
			node = pair.value;
			context = {kind: 'pair', pair, parent};
		} else if (isSeq(node)) {
			inFlow ||= node.flow === true;
			const index = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : -1;
			const item = (node.items as Node[])[index];
			if (item === undefined) return undefined;
			context = {kind: 'item', index, parent: node as YAMLSeq<Node>};
			node = item;
		} else {
			return undefined;
		}
	}
	if (isAlias(node)) throw editRefused(`${describePath(path)} is an alias (*${node.source}); edit its anchor by hand`);
	refuseAnchor(node, path);
	return {node, context, inFlow};
}

/** A node with an anchor is shared with its aliases: changing it would change them too. */
function refuseAnchor(node: Node | null, path: YamlPath): void {
	const anchor = node && 'anchor' in node ? (node as {anchor?: string}).anchor : undefined;
	if (anchor) throw editRefused(`${describePath(path)} has the anchor &${anchor}, which aliases reuse; edit it by hand`);
}

/** A map key as text ('80' for the key 80), or undefined for complex keys. */
export function keyText(key: unknown): string | undefined {
	if (!isScalar(key)) return undefined;
	const value: unknown = key.value;
	if (value === null) return 'null';
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}

/** 'spec.template.spec.containers[0]' for messages. */
export function describePath(path: YamlPath): string {
	if (path.length === 0) return 'the document';
	return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}

/** The column (0-based) of an offset. */
export function columnOf(text: string, offset: number): number {
	return offset - lineStartOf(text, offset);
}

/** The offset where the line holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
	return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The layout a document already uses, so new lines look like their neighbours. */
export interface YamlLayout {
	/** Spaces per nesting level of maps. Default 2. */
	step: number;
	/** Whether `- ` items under a key are indented past the key (true) or flush with it. Default true. */
	indentSeq: boolean;
}

/** Reads the layout from the first nested block map and block sequence of the document. */
export function layoutOf(text: string, document: Document.Parsed): YamlLayout {
	let step: number | undefined;
	let indentSeq: boolean | undefined;
	const visit = (node: Node | null, depth: number): void => {
		if ((step !== undefined && indentSeq !== undefined) || depth > 64) return;
		if (isMap(node) && !node.flow) {
			for (const pair of node.items as Array<Pair<Node, Node | null>>) {
				const value = pair.value;
				const keyStart = pair.key?.range?.[0];
				const valueStart = value?.range?.[0];
				if (keyStart !== undefined && valueStart !== undefined && startsLine(text, valueStart)) {
					const indent = columnOf(text, valueStart) - columnOf(text, keyStart);
					if (isMap(value) && !value.flow && step === undefined && indent > 0) step = indent;
					if (isSeq(value) && !value.flow && indentSeq === undefined) indentSeq = indent > 0;
				}
				visit(value, depth + 1);
			}
		} else if (isSeq(node) && !node.flow) {
			for (const item of node.items as Node[]) visit(item, depth + 1);
		}
	};
	visit(document.contents, 0);
	return {step: step ?? 2, indentSeq: indentSeq ?? true};
}

/** True when only spaces stand between the start of the line and `offset`. */
function startsLine(text: string, offset: number): boolean {
	return /^[ ]*$/.test(text.slice(lineStartOf(text, offset), offset));
}

/** For block collections in a sequence item (`- name: web`): true when the node starts on the dash's line. */
export function isInlineAfterDash(text: string, offset: number): boolean {
	return !startsLine(text, offset);
}
