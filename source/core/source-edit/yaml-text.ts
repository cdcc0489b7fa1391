/**
 * How a new value is spelled in a YAML file: a scalar in the style of the one it replaces (plain,
 * single- or double-quoted, literal block) when that reads back as the same value under YAML 1.1
 * and 1.2, else double-quoted; collections as block lines in the file's layout. Pure.
 */
import {parse, type Scalar, stringify} from 'yaml';
import {isRecord} from '../json-value.js';
import type {YamlLayout} from './yaml-syntax.js';

export type ScalarValue = string | number | boolean | null;

export function isScalarValue(value: unknown): value is ScalarValue {
	return value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** True for `{}` and `[]`. */
export function isEmptyCollection(value: unknown): boolean {
	return (Array.isArray(value) && value.length === 0) || (isRecord(value) && Object.keys(value).length === 0);
}

/**
 * A scalar's text on one line. `style` is the style of the scalar being replaced; it is kept when
 * it can spell the value. Inside flow collections, plain text may not hold `,[]{}`.
 */
export function scalarText(value: ScalarValue, style: Scalar.Type | undefined, inFlow: boolean): string {
	if (value === null) return 'null';
	if (typeof value !== 'string') return String(value);
	if (style === 'QUOTE_SINGLE' && !/[\n\r\t\p{Cc}]/u.test(value)) return `'${value.replaceAll("'", "''")}'`;
	if (style === 'QUOTE_DOUBLE') return JSON.stringify(value);
	return isPlainSafe(value, inFlow) ? value : JSON.stringify(value);
}

/** A map key: plain when it reads back as the same string, else double-quoted. */
export function keyText(key: string): string {
	return isPlainSafe(key, false) && !key.includes(':') ? key : JSON.stringify(key);
}

/** True when `value` written without quotes reads back as the same string in YAML 1.1 and 1.2. */
export function isPlainSafe(value: string, inFlow: boolean): boolean {
	if (value === '' || value !== value.trim() || /[\n\r\t\p{Cc}]/u.test(value)) return false;
	if (inFlow && /[,[\]{}]/.test(value)) return false;
	try {
		return parse(value, {version: '1.1', logLevel: 'error'}) === value && parse(value, {version: '1.2', logLevel: 'error'}) === value;
	} catch {
		return false;
	}
}

/**
 * A multi-line string as a literal block (`|`, `|-` or `|+` by its trailing newlines) with content
 * lines at `indent` spaces; undefined when a literal block cannot hold it (leading spaces on the
 * first line would need an indentation indicator, tabs or control characters).
 */
export function literalBlockText(value: string, indent: number): string | undefined {
	if (/^[ \t]/.test(value) || /[\r\p{Cc}]/u.test(value.replaceAll('\n', ''))) return undefined;
	const trailing = /\n*$/.exec(value)?.[0].length ?? 0;
	const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
	const body = value.slice(0, value.length - trailing);
	const pad = ' '.repeat(indent);
	const lines = body.split('\n').map(line => (line === '' ? '' : pad + line));
	return `|${chomp}\n${lines.join('\n')}\n${'\n'.repeat(Math.max(0, trailing - 1))}`;
}

/** A collection as block YAML lines (no trailing newline, first line unindented) in the file's layout. */
export function blockLines(value: unknown, layout: YamlLayout): string[] {
	const text = stringify(value, {version: '1.1', indent: layout.step, indentSeq: layout.indentSeq, lineWidth: 0, minContentWidth: 0});
	return text.replace(/\n$/, '').split('\n');
}

/** A collection on one line: `{a: 1, b: [x]}`. */
export function flowText(value: unknown): string {
	return stringify(value, {version: '1.1', collectionStyle: 'flow', flowCollectionPadding: false, lineWidth: 0}).replace(/\n$/, '');
}

/** `lines` joined with newlines, every line but the first prefixed with `column` spaces. */
export function indentAfterFirst(lines: readonly string[], column: number): string {
	const pad = ' '.repeat(column);
	return lines.map((line, index) => (index === 0 || line === '' ? line : pad + line)).join('\n');
}

/** `lines` joined with newlines, each prefixed with `column` spaces. */
export function indentAll(lines: readonly string[], column: number): string {
	const pad = ' '.repeat(column);
	return lines.map(line => (line === '' ? line : pad + line)).join('\n');
}
