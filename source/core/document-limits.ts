/**
 * Bounds on one parsed YAML document, checked before anything copies it. js-yaml loads an alias
 * as a shared reference, so a "billion laughs" document (nine aliases of nine aliases of ...) is
 * small in memory until something walks it as a tree (a JSON round trip, a diff, a Helm values
 * file) and it expands to billions of values. A deeply nested document overflows the stack of
 * every recursive walk after it. Both are refused here with the document's own numbers. Pure.
 */
import {isRecord} from './json-value.js';

/** The most values (mappings, lists and scalars) a document may hold once aliases are expanded. */
export const maxDocumentValues = 1_000_000;
/** The deepest nesting of mappings and lists a document may have (js-yaml's own default, passed explicitly). */
export const maxDocumentDepth = 100;

/**
 * Why `document` is over the limits, or undefined. Linear in the document's distinct values:
 * each shared (aliased) value is measured once and its size reused.
 */
export function documentLimitProblem(document: unknown): string | undefined {
	const sizes = new Map<object, number>();
	const open = new Set<object>();
	let problem: string | undefined;
	const measure = (value: unknown, depth: number): number => {
		if (problem !== undefined || value === null || typeof value !== 'object') return 1;
		const known = sizes.get(value);
		if (known !== undefined) return known;
		if (open.has(value)) {
			problem = 'an alias refers to its own anchor (a cycle), which is not representable as JSON';
			return 1;
		}
		if (depth > maxDocumentDepth + 1) {
			problem = `nested deeper than ${maxDocumentDepth} levels`;
			return 1;
		}
		open.add(value);
		let size = 1;
		const children = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
		for (const child of children) {
			size += measure(child, depth + 1);
			if (size > maxDocumentValues) {
				problem ??= `holds more than ${maxDocumentValues} values once YAML aliases are expanded (a "billion laughs" document?)`;
				break;
			}
		}
		open.delete(value);
		sizes.set(value, size);
		return size;
	};
	measure(document, 1);
	return problem;
}

/** A parser's stack overflow (RangeError) told apart from a syntax error, for a clear message. */
export function isStackOverflow(error: unknown): boolean {
	return error instanceof RangeError;
}
