/**
 * Typed readers for hand-written config (Application and AppProject manifests). Unlike live
 * objects, a wrong type here is the user's mistake, so every reader records a precise error
 * (object, field path, what was expected and what was found) instead of falling back to a default.
 * Pure: no I/O.
 */
import type {ConfigError} from './app-definition.js';

/** Collects errors and warnings for one object of one file while its fields are read. */
export class FieldReader {
	readonly errors: ConfigError[] = [];
	readonly warnings: ConfigError[] = [];

	/**
	 * @param origin file path or 'flags'
	 * @param object how the object is named in messages; may change once its name is known
	 */
	constructor(
		readonly origin: string,
		public object: string,
	) {}

	fail(field: string, message: string): void {
		this.errors.push({origin: this.origin, object: this.object, field, message});
	}

	warn(field: string, message: string): void {
		this.warnings.push({origin: this.origin, object: this.object, field, message});
	}

	/** A string, or undefined when absent (null counts as absent, as YAML writes `key:`). */
	string(value: unknown, field: string, options: {required?: boolean} = {}): string | undefined {
		if (isAbsent(value)) return this.missing(field, options.required);
		if (typeof value === 'string') {
			if (options.required && value.trim() === '') this.fail(field, 'must not be empty');
			return value;
		}
		// YAML reads `1.0`, `yes`-less `true` and `0755` as numbers or booleans; quoting is the fix.
		const hint = typeof value === 'number' || typeof value === 'boolean' ? ' (quote it in YAML)' : '';
		this.fail(field, `expected a string, got ${describeValue(value)}${hint}`);
		return undefined;
	}

	boolean(value: unknown, field: string): boolean | undefined {
		if (isAbsent(value)) return undefined;
		if (typeof value === 'boolean') return value;
		this.fail(field, `expected true or false, got ${describeValue(value)}`);
		return undefined;
	}

	/** A whole number no smaller than `min`. */
	integer(value: unknown, field: string, min: number): number | undefined {
		if (isAbsent(value)) return undefined;
		if (typeof value === 'number' && Number.isInteger(value)) {
			if (value >= min) return value;
			this.fail(field, `must be at least ${min}, got ${value}`);
			return undefined;
		}
		this.fail(field, `expected a whole number, got ${describeValue(value)}`);
		return undefined;
	}

	mapping(value: unknown, field: string, options: {required?: boolean} = {}): Record<string, unknown> | undefined {
		if (isAbsent(value)) return this.missing(field, options.required);
		if (isMapping(value)) return value;
		this.fail(field, `expected a mapping, got ${describeValue(value)}`);
		return undefined;
	}

	list(value: unknown, field: string): unknown[] | undefined {
		if (isAbsent(value)) return undefined;
		if (Array.isArray(value)) return value as unknown[];
		this.fail(field, `expected a list, got ${describeValue(value)}`);
		return undefined;
	}

	/** A list of strings; each wrong entry is reported on its own index and dropped. */
	stringList(value: unknown, field: string): string[] | undefined {
		const entries = this.list(value, field);
		if (entries === undefined) return undefined;
		const strings: string[] = [];
		entries.forEach((entry, index) => {
			if (typeof entry === 'string') strings.push(entry);
			else this.fail(`${field}[${index}]`, `expected a string, got ${describeValue(entry)}`);
		});
		return strings;
	}

	/**
	 * Warns about fields driftwatch does not read: `unsupported` ones are real Argo CD fields it
	 * ignores; anything else is most likely a typo, so the warning suggests the closest known name.
	 */
	unknownFields(mapping: Record<string, unknown>, field: string, known: readonly string[], unsupported: readonly string[] = []): void {
		for (const key of Object.keys(mapping)) {
			if (known.includes(key)) continue;
			const path = joinField(field, key);
			if (unsupported.includes(key)) {
				this.warn(path, 'not supported by driftwatch yet, ignored');
				continue;
			}
			const suggestion = closest(key, known);
			this.warn(path, suggestion ? `unknown field, ignored (did you mean ${suggestion}?)` : 'unknown field, ignored');
		}
	}

	private missing(field: string, required: boolean | undefined): undefined {
		if (required) this.fail(field, 'required');
		return undefined;
	}
}

const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Kubernetes object names: lowercase DNS subdomains, at most 253 characters. */
export function isValidObjectName(name: string): boolean {
	return name.length <= 253 && dnsSubdomain.test(name);
}

/** The message for a name that {@link isValidObjectName} rejects. */
export function invalidNameMessage(name: string): string {
	return `must be a lowercase DNS name (a-z, 0-9, '-', '.'), got ${JSON.stringify(name)}`;
}

/** Reads `metadata.name`, then names the object by it in later messages. */
export function readObjectName(document: Record<string, unknown>, reader: FieldReader, kind: string): string | undefined {
	const metadata = reader.mapping(document['metadata'], 'metadata', {required: true});
	if (metadata === undefined) return undefined;
	const name = reader.string(metadata['name'], 'metadata.name', {required: true});
	if (name === undefined || name === '') return undefined;
	if (!isValidObjectName(name)) {
		reader.fail('metadata.name', invalidNameMessage(name));
		return undefined;
	}
	reader.object = `${kind}/${name}`;
	return name;
}

/** 'spec' + 'source' -> 'spec.source'; '' + 'spec' -> 'spec'. */
export function joinField(field: string, key: string): string {
	return field === '' ? key : `${field}.${key}`;
}

export function isMapping(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAbsent(value: unknown): value is null | undefined {
	return value === undefined || value === null;
}

/** How a wrong value reads in a message: 'a list', 'the number 3', 'the string "yes"'. */
export function describeValue(value: unknown): string {
	if (value === null || value === undefined) return 'nothing';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'a mapping';
	if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value)}`;
	if (typeof value === 'number') return `the number ${value}`;
	if (typeof value === 'boolean') return `${value}`;
	return typeof value;
}

/** The known name a typo most likely meant: same letters in another case, or at most 2 edits away. */
function closest(key: string, known: readonly string[]): string | undefined {
	const lower = key.toLowerCase();
	let best: {name: string; distance: number} | undefined;
	for (const name of known) {
		const distance = name.toLowerCase() === lower ? 0 : editDistance(lower, name.toLowerCase());
		if (distance <= 2 && (best === undefined || distance < best.distance)) best = {name, distance};
	}
	return best?.name;
}

function editDistance(a: string, b: string): number {
	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
			current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
		}
		previous = current;
	}
	return previous[b.length] ?? 0;
}
