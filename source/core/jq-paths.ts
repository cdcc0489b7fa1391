/**
 * The subset of jq that Argo CD users write in `ignoreDifferences.jqPathExpressions`, evaluated to
 * the concrete paths it selects (what jq's `path(expr)` returns), so the fields can be deleted.
 *
 * Supported: paths `.a.b`, `."a/b"`, `.a["a/b"]`, `.a[0]`, `.a[]`, each optionally followed by `?`;
 * pipes `|`; `select(cond)` where cond is `<path> == <literal>`, `<path> != <literal>`,
 * `<path> | startswith("x")` (also endswith, contains, test), a bare `<path>` (truthy), and those
 * joined by `and` / `or`. Anything else is reported as unsupported, never thrown. Pure.
 *
 * `test("re")` runs on RE2 (re2js), whose matching time is linear in the input: an Application is
 * untrusted, and a backtracking pattern such as `(a+)+$` on JavaScript's RegExp would hang the
 * comparison. RE2 refuses backreferences and lookarounds, which are reported as unsupported;
 * patterns are limited to {@link maxTestPatternLength} characters and strings longer than
 * {@link maxTestInputLength} never match.
 */
import {RE2JS} from 're2js';
import {deepEqual, isRecord} from './json-value.js';
import {describeError} from './errors.js';

/** The longest `test()` pattern accepted. */
export const maxTestPatternLength = 1000;
/** Strings longer than this are not tested by `test()` (they do not match): 1 MiB, a ConfigMap's size limit. */
export const maxTestInputLength = 1024 * 1024;

type Step = {type: 'field'; name: string} | {type: 'index'; index: number} | {type: 'iterate'};
type Condition =
	| {type: 'compare'; path: Step[]; op: '==' | '!='; literal: unknown}
	| {type: 'call'; path: Step[]; fn: StringTest; argument: string; pattern?: RE2JS}
	| {type: 'truthy'; path: Step[]}
	| {type: 'and'; left: Condition; right: Condition}
	| {type: 'or'; left: Condition; right: Condition};
type Stage = {type: 'path'; steps: Step[]} | {type: 'select'; condition: Condition};
type StringTest = 'startswith' | 'endswith' | 'contains' | 'test';
type Token = {type: 'punct'; value: string} | {type: 'ident'; value: string} | {type: 'literal'; value: unknown};

/** A parsed expression, ready to run on many objects. */
export interface JqPathExpression {
	source: string;
	stages: Stage[];
}

/** Parses an expression, or says in words why it is outside the supported subset. */
export function parseJqPath(source: string): JqPathExpression | {error: string} {
	try {
		const parser = new Parser(tokenize(source));
		const stages = parser.pipeline();
		parser.expectEnd();
		return {source, stages};
	} catch (error) {
		const detail = describeError(error);
		return {
			error: `unsupported jq expression ${JSON.stringify(source)}: ${detail} (supported: .a.b, .a["k"], .a[0], .a[], .a[]?, | select(.x == "v"))`,
		};
	}
}

/** Every concrete path (JSON pointer segments) the expression selects in `root`. */
export function evaluateJqPath(expression: JqPathExpression, root: unknown): string[][] {
	let current: Array<{path: string[]; value: unknown}> = [{path: [], value: root}];
	for (const stage of expression.stages) {
		current =
			stage.type === 'path'
				? current.flatMap(({path, value}) => walk(stage.steps, path, value))
				: current.filter(({value}) => holds(stage.condition, value));
	}
	return current.map(({path}) => path).filter(path => path.length > 0);
}

function walk(steps: Step[], path: string[], value: unknown): Array<{path: string[]; value: unknown}> {
	let current = [{path, value}];
	for (const step of steps) current = current.flatMap(entry => apply(step, entry.path, entry.value));
	return current;
}

// jq yields null for a missing field of an object or null; other type errors drop the branch,
// which is what `?` asks for and harmless for a delete that would have failed anyway.
function apply(step: Step, path: string[], value: unknown): Array<{path: string[]; value: unknown}> {
	if (step.type === 'field') {
		if (value !== null && value !== undefined && !isRecord(value)) return [];
		return [{path: [...path, step.name], value: isRecord(value) ? (value[step.name] ?? null) : null}];
	}
	if (step.type === 'index') {
		if (!Array.isArray(value)) return [];
		const index = step.index < 0 ? value.length + step.index : step.index;
		return index < 0 ? [] : [{path: [...path, String(index)], value: value[index] ?? null}];
	}
	if (Array.isArray(value)) return (value as unknown[]).map((item, index) => ({path: [...path, String(index)], value: item}));
	if (isRecord(value)) return Object.entries(value).map(([key, item]) => ({path: [...path, key], value: item}));
	return [];
}

function holds(condition: Condition, value: unknown): boolean {
	if (condition.type === 'and') return holds(condition.left, value) && holds(condition.right, value);
	if (condition.type === 'or') return holds(condition.left, value) || holds(condition.right, value);
	const values = walk(condition.path, [], value).map(entry => entry.value);
	if (condition.type === 'truthy') return values.some(item => item !== null && item !== false && item !== undefined);
	if (condition.type === 'compare') {
		return values.some(item => deepEqual(item, condition.literal) === (condition.op === '=='));
	}
	return values.some(item => typeof item === 'string' && stringTest(condition, item));
}

function stringTest(condition: Extract<Condition, {type: 'call'}>, value: string): boolean {
	const {fn, argument} = condition;
	if (fn === 'startswith') return value.startsWith(argument);
	if (fn === 'endswith') return value.endsWith(argument);
	if (fn === 'contains') return value.includes(argument);
	if (value.length > maxTestInputLength) return false;
	return (condition.pattern ?? compileTestPattern(argument)).test(value);
}

/** @throws Error saying why RE2 refuses the pattern (backreference, lookaround, too long). */
function compileTestPattern(pattern: string): RE2JS {
	if (pattern.length > maxTestPatternLength) throw new Error(`test() patterns are limited to ${maxTestPatternLength} characters`);
	try {
		return RE2JS.compile(pattern);
	} catch (error) {
		const detail = error instanceof Error ? error.message : String(error);
		throw new Error(`test() pattern ${JSON.stringify(pattern)} is not supported (${detail}; backreferences and lookarounds are not)`, {
			cause: error,
		});
	}
}

function tokenize(source: string): Token[] {
	const tokens: Token[] = [];
	const pattern = /\s+|(==|!=|[.[\]?|()])|([A-Za-z_][A-Za-z0-9_]*)|("(?:[^"\\]|\\.)*")|(-?\d+(?:\.\d+)?)|(.)/gy;
	for (const match of source.matchAll(pattern)) {
		const [, punct, ident, string, number, other] = match;
		if (other !== undefined) throw new Error(`unexpected ${JSON.stringify(other)}`);
		if (punct !== undefined) tokens.push({type: 'punct', value: punct});
		else if (ident !== undefined) tokens.push({type: 'ident', value: ident});
		else if (string !== undefined) tokens.push({type: 'literal', value: JSON.parse(string) as string});
		else if (number !== undefined) tokens.push({type: 'literal', value: Number(number)});
	}
	return tokens;
}

class Parser {
	private position = 0;

	constructor(private readonly tokens: Token[]) {}

	pipeline(): Stage[] {
		const stages = [this.stage()];
		while (this.takePunct('|')) stages.push(this.stage());
		return stages;
	}

	expectEnd(): void {
		const token = this.tokens[this.position];
		if (token) throw new Error(`unexpected ${describe(token)}`);
	}

	private stage(): Stage {
		const token = this.tokens[this.position];
		if (token?.type === 'ident' && token.value === 'select') {
			this.position++;
			this.expectPunct('(');
			const condition = this.condition();
			this.expectPunct(')');
			return {type: 'select', condition};
		}
		return {type: 'path', steps: this.path()};
	}

	private condition(): Condition {
		let left = this.conjunction();
		while (this.takeIdent('or')) left = {type: 'or', left, right: this.conjunction()};
		return left;
	}

	private conjunction(): Condition {
		let left = this.comparison();
		while (this.takeIdent('and')) left = {type: 'and', left, right: this.comparison()};
		return left;
	}

	private comparison(): Condition {
		const path = this.path();
		const token = this.tokens[this.position];
		if (token?.type === 'punct' && (token.value === '==' || token.value === '!=')) {
			this.position++;
			return {type: 'compare', path, op: token.value, literal: this.literal()};
		}
		if (token?.type === 'punct' && token.value === '|') {
			this.position++;
			const fn = this.tokens[this.position++];
			if (fn?.type !== 'ident' || !['startswith', 'endswith', 'contains', 'test'].includes(fn.value)) {
				throw new Error(`only startswith, endswith, contains and test may follow | inside select`);
			}
			this.expectPunct('(');
			const argument = this.literal();
			this.expectPunct(')');
			if (typeof argument !== 'string') throw new Error(`${fn.value} needs a string`);
			// Compile now so a bad regex is reported with the rule, not when an object is compared.
			if (fn.value === 'test') return {type: 'call', path, fn: 'test', argument, pattern: compileTestPattern(argument)};
			return {type: 'call', path, fn: fn.value as StringTest, argument};
		}
		return {type: 'truthy', path};
	}

	private literal(): unknown {
		const token = this.tokens[this.position++];
		if (token?.type === 'literal') return token.value;
		if (token?.type === 'ident' && ['true', 'false', 'null'].includes(token.value)) return JSON.parse(token.value) as unknown;
		throw new Error(token ? `expected a literal, found ${describe(token)}` : 'expected a literal');
	}

	private path(): Step[] {
		if (!this.takePunct('.')) throw new Error(`a path must start with "."`);
		const steps: Step[] = [];
		const first = this.tokens[this.position];
		if (first?.type === 'ident') steps.push({type: 'field', name: this.identOrString()});
		else if (first?.type === 'literal' && typeof first.value === 'string') steps.push({type: 'field', name: this.identOrString()});
		for (;;) {
			if (this.takePunct('?')) continue;
			if (this.takePunct('[')) steps.push(this.bracket());
			else if (this.peekPunct('.') && this.isNameAt(this.position + 1)) {
				this.position++;
				steps.push({type: 'field', name: this.identOrString()});
			} else return steps;
		}
	}

	private bracket(): Step {
		if (this.takePunct(']')) return {type: 'iterate'};
		const token = this.tokens[this.position++];
		this.expectPunct(']');
		if (token?.type === 'literal' && typeof token.value === 'string') return {type: 'field', name: token.value};
		if (token?.type === 'literal' && Number.isInteger(token.value)) return {type: 'index', index: token.value as number};
		throw new Error('only ["key"], [N] and [] are supported inside brackets');
	}

	private identOrString(): string {
		const token = this.tokens[this.position++];
		if (token?.type === 'ident') return token.value;
		if (token?.type === 'literal' && typeof token.value === 'string') return token.value;
		throw new Error('expected a field name');
	}

	private isNameAt(position: number): boolean {
		const token = this.tokens[position];
		return token?.type === 'ident' || (token?.type === 'literal' && typeof token.value === 'string');
	}

	private peekPunct(value: string): boolean {
		const token = this.tokens[this.position];
		return token?.type === 'punct' && token.value === value;
	}

	private takePunct(value: string): boolean {
		if (!this.peekPunct(value)) return false;
		this.position++;
		return true;
	}

	private takeIdent(value: string): boolean {
		const token = this.tokens[this.position];
		if (token?.type !== 'ident' || token.value !== value) return false;
		this.position++;
		return true;
	}

	private expectPunct(value: string): void {
		if (!this.takePunct(value)) throw new Error(`expected "${value}"`);
	}
}

function describe(token: Token): string {
	return token.type === 'literal' ? JSON.stringify(token.value) : `"${token.value}"`;
}
