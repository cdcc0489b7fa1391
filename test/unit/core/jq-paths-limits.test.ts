/**
 * A `test()` regex in an ignoreDifferences jq expression comes from an Application, so it is
 * untrusted: it runs on RE2 (linear time), and what RE2 cannot run is reported, never thrown.
 * On JavaScript's backtracking RegExp, `(a+)+$` against 40 a's and a '!' runs for hours.
 */
import {describe, expect, it} from 'vitest';
import {evaluateJqPath, maxTestInputLength, maxTestPatternLength, parseJqPath} from '../../../source/core/jq-paths.js';

const parse = (source: string) => {
	const parsed = parseJqPath(source);
	if ('error' in parsed) throw new Error(parsed.error);
	return parsed;
};

const containers = (names: string[]) => ({spec: {containers: names.map(name => ({name, image: 'x'}))}});

describe('jq test() patterns', () => {
	it('match as before for ordinary patterns', () => {
		const expression = parse('.spec.containers[] | select(.name | test("^side(car)?-[0-9]+$")) | .image');
		expect(evaluateJqPath(expression, containers(['web', 'side-1', 'sidecar-22', 'side-x']))).toEqual([
			['spec', 'containers', '1', 'image'],
			['spec', 'containers', '2', 'image'],
		]);
	});

	it('run a catastrophic-backtracking pattern in linear time', () => {
		const expression = parse('.spec.containers[] | select(.name | test("^(a+)+$")) | .image');
		const hostile = `${'a'.repeat(100_000)}!`;
		expect(evaluateJqPath(expression, containers([hostile, 'aaaa']))).toEqual([['spec', 'containers', '1', 'image']]);
	});

	it('never test strings longer than the limit (they do not match)', () => {
		const expression = parse('.spec.containers[] | select(.name | test("a")) | .image');
		expect(evaluateJqPath(expression, containers(['a'.repeat(maxTestInputLength + 1), 'a']))).toEqual([
			['spec', 'containers', '1', 'image'],
		]);
	});

	it.each([
		['a backreference', '(a)\\\\1'],
		['a lookahead', '(?=a)b'],
		['a lookbehind', '(?<=a)b'],
		['an overlong pattern', 'a'.repeat(maxTestPatternLength + 1)],
		['an invalid pattern', '(unclosed'],
	])('report %s as unsupported, with the pattern, instead of throwing', (_name, pattern) => {
		const parsed = parseJqPath(`.a | select(.b | test("${pattern}"))`);
		expect('error' in parsed ? parsed.error : '').toMatch(/^unsupported jq expression .*test\(\)/u);
	});
});
