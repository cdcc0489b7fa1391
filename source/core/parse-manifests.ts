/**
 * Turns manifest text (multi-document YAML, or JSON) into Kubernetes objects. Problems come back
 * as values, never as exceptions, so one bad file does not hide the rest of an app. Pure.
 *
 * YAML is read the way kubectl and Argo CD read it (YAML 1.1 through go-yaml): `0644` is octal
 * (420), `yes`/`on` are booleans, `<<` merges; timestamps stay strings, as they do in Kubernetes.
 */
import {Schema, YAML11_SCHEMA, YAMLException, loadAll} from 'js-yaml';
import {type KubeObject, isKubeObject} from './kube-object.js';
import {isRecord} from './json-value.js';
import {documentLimitProblem, isStackOverflow, maxDocumentDepth} from './document-limits.js';
import {describeError} from './errors.js';

/** A manifest that could not be read. `document` and `line` are 1-based, as editors count. */
export interface ManifestError {
	source: string;
	document?: number;
	line?: number;
	column?: number;
	message: string;
}

/** Everything read from one file. */
export interface ParsedManifests {
	objects: KubeObject[];
	errors: ManifestError[];
	/** Documents skipped on purpose (not Kubernetes objects), named by source and document. */
	notices: string[];
}

const kubernetesYaml = new Schema(YAML11_SCHEMA.tags.filter(tag => !tag.tagName.endsWith(':timestamp')));
const documentStart = /^---(?:[ \t\r]|$)/;
const blankLine = /^\s*(?:#.*)?$/;

/**
 * Parses one file. A `kind: List` (or any `*List` with `items`) expands to its items; empty
 * documents are ignored; documents without apiVersion, kind and metadata.name are skipped with a
 * notice; a syntax error is reported for its document, and the other documents still count.
 */
export function parseManifests(text: string, source: string): ParsedManifests {
	const result: ParsedManifests = {objects: [], errors: [], notices: []};
	const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
	const trimmed = body.trimStart();
	if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
		const json = parseJson(body);
		if (json.ok) {
			const problem = documentLimitProblem(json.value);
			if (problem === undefined) addDocument(json.value, `${source} document 1`, result);
			else result.errors.push({source, document: 1, message: problem});
			return result;
		}
		// Not valid JSON: the YAML parser reads JSON too and says where the problem is.
	}
	for (const chunk of splitDocuments(body)) {
		let documents: unknown[];
		try {
			documents = loadAll(chunk.text, {schema: kubernetesYaml, filename: source, maxDepth: maxDocumentDepth});
		} catch (error) {
			result.errors.push(syntaxError(error, source, chunk));
			continue;
		}
		documents.forEach((document, index) => {
			const number = chunk.number + index;
			const problem = documentLimitProblem(document);
			if (problem !== undefined) {
				result.errors.push({source, document: number, line: chunk.firstLine + 1, message: problem});
				return;
			}
			const plain = asPlainJson(document);
			if (plain.ok) addDocument(plain.value, `${source} document ${number}`, result);
			else result.errors.push({source, document: number, message: plain.message});
		});
	}
	return result;
}

interface Chunk {
	text: string;
	/** 1-based document number. */
	number: number;
	/** 0-based line of the chunk's first line in the file. */
	firstLine: number;
}

// Split at `---` lines ourselves so a syntax error names its document and the others still load.
// A `---` at the start of a line always starts a document in YAML, even inside a block scalar.
function splitDocuments(text: string): Chunk[] {
	const lines = text.split('\n');
	const chunks: Chunk[] = [];
	let start = 0;
	const flush = (end: number): void => {
		const chunkLines = lines.slice(start, end);
		const isLeadingBlank = chunks.length === 0 && start === 0 && chunkLines.every(line => blankLine.test(line));
		if (!isLeadingBlank) {
			chunks.push({text: chunkLines.join('\n'), number: chunks.length + 1, firstLine: start});
		}
		start = end;
	};
	lines.forEach((line, index) => {
		if (index > 0 && documentStart.test(line)) flush(index);
	});
	flush(lines.length);
	return chunks;
}

function addDocument(document: unknown, where: string, result: ParsedManifests): void {
	if (document === null || document === undefined) return;
	if (Array.isArray(document)) {
		document.forEach((item, index) => addDocument(item, `${where} item ${index + 1}`, result));
		return;
	}
	if (isRecord(document) && isList(document)) {
		const items = document['items'] as unknown[];
		items.forEach((item, index) => addDocument(item, `${where} item ${index + 1}`, result));
		return;
	}
	if (isKubeObject(document) && document.metadata.name !== '') {
		result.objects.push(document);
		return;
	}
	result.notices.push(`${where} skipped: not a Kubernetes object (${missingFields(document)})`);
}

function isList(document: Record<string, unknown>): boolean {
	const kind = document['kind'];
	return typeof kind === 'string' && kind.endsWith('List') && Array.isArray(document['items']);
}

function missingFields(document: unknown): string {
	if (!isRecord(document)) return `a ${typeof document}, not a mapping`;
	const metadata = document['metadata'];
	const missing = [
		typeof document['apiVersion'] === 'string' ? '' : 'apiVersion',
		typeof document['kind'] === 'string' ? '' : 'kind',
		isRecord(metadata) && typeof metadata['name'] === 'string' && metadata['name'] !== '' ? '' : 'metadata.name',
	].filter(Boolean);
	return `no ${missing.join(', ')}`;
}

// Anchors and aliases load as shared (or, for an anchor used inside itself, circular) references;
// a JSON round trip gives every later edit its own copy and turns a cycle into an error.
function asPlainJson(document: unknown): {ok: true; value: unknown} | {ok: false; message: string} {
	try {
		return {ok: true, value: JSON.parse(JSON.stringify(document) ?? 'null') as unknown};
	} catch (error) {
		return {
			ok: false,
			message: `not representable as JSON (an alias used inside its own anchor?): ${describeError(error)}`,
		};
	}
}

function parseJson(text: string): {ok: true; value: unknown} | {ok: false} {
	try {
		return {ok: true, value: JSON.parse(text) as unknown};
	} catch {
		return {ok: false};
	}
}

function syntaxError(error: unknown, source: string, chunk: Chunk): ManifestError {
	if (error instanceof YAMLException) {
		const mark = error.mark;
		return {
			source,
			document: chunk.number,
			...(mark ? {line: chunk.firstLine + mark.line + 1, column: mark.column + 1} : {}),
			message: error.reason,
		};
	}
	if (isStackOverflow(error)) {
		return {
			source,
			document: chunk.number,
			line: chunk.firstLine + 1,
			message: `nested too deeply to read (the limit is ${maxDocumentDepth} levels)`,
		};
	}
	return {source, document: chunk.number, message: describeError(error)};
}
