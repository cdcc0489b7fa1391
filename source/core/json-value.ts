/**
 * Small typed helpers for plain JSON values (what YAML and the API server give us), so the
 * comparison code never needs `any`. Pure.
 */

/** A JSON object: a plain, non-array, non-null object. */
export type JsonRecord = Record<string, unknown>;

/** True for a JSON object (not an array, not null). */
export function isRecord(value: unknown): value is JsonRecord {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Structural equality of JSON values; key order does not matter, array order does. */
export function deepEqual(left: unknown, right: unknown): boolean {
	if (left === right) return true;
	if (Array.isArray(left)) {
		if (!Array.isArray(right) || left.length !== right.length) return false;
		return left.every((item, index) => deepEqual(item, right[index]));
	}
	if (isRecord(left)) {
		if (!isRecord(right)) return false;
		const leftKeys = Object.keys(left);
		if (leftKeys.length !== Object.keys(right).length) return false;
		return leftKeys.every(key => Object.hasOwn(right, key) && deepEqual(left[key], right[key]));
	}
	return false;
}

/** A deep copy of a JSON value, so normalizers can edit freely without touching the caller's object. */
export function cloneJson<T>(value: T): T {
	return structuredClone(value);
}

/** The canonical base64 of a string's UTF-8 bytes; `btoa` is global, so core needs no Buffer. */
export function encodeBase64(text: string): string {
	const bytes = new TextEncoder().encode(text);
	let binary = '';
	for (const byte of bytes) binary += String.fromCharCode(byte);
	return btoa(binary);
}

/**
 * The canonical spelling of a base64 value (whitespace dropped, padding restored), or undefined when
 * it is not base64. Two spellings of the same bytes then compare equal.
 */
export function canonicalBase64(value: string): string | undefined {
	try {
		return btoa(atob(value.replaceAll(/\s/g, '')));
	} catch {
		return undefined;
	}
}
