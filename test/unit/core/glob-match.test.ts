import {describe, expect, it} from 'vitest';
import {globMatch} from '../../../source/core/glob-match.js';

describe('globMatch (gobwas/glob, as Argo CD uses it)', () => {
	it.each([
		// Directory include/exclude: no separator, `*` crosses '/'.
		['*.yaml', 'a.yaml', undefined, true],
		['*.yaml', 'sub/a.yaml', undefined, true],
		['*.yaml', 'a.yml', undefined, false],
		['sub/*', 'sub/a.yaml', undefined, true],
		['sub/*', 'other/a.yaml', undefined, false],
		['{a,b}.yaml', 'b.yaml', undefined, true],
		['{a,b}.yaml', 'c.yaml', undefined, false],
		['[ab]?.json', 'a1.json', undefined, true],
		['[!ab]?.json', 'a1.json', undefined, false],
		['file.(x).yaml', 'file.(x).yaml', undefined, true],
		['*', '', undefined, true],
		// Project limits: repos with '/' as separator, names and kinds without.
		['*', 'anything/at/all', undefined, true],
		['team-*', 'team-a', undefined, true],
		['team-*', 'other', undefined, false],
		['https://github.com/org/*', 'https://github.com/org/web', '/', true],
		['https://github.com/org/*', 'https://github.com/org/sub/web', '/', false],
		['https://github.com/org/**', 'https://github.com/org/sub/web', '/', true],
		['team-?', 'team-a', undefined, true],
		['a?c', 'a/c', '/', false],
		['team-[ab]', 'team-b', undefined, true],
		['team-[!ab]', 'team-b', undefined, false],
		['team-[a-c]', 'team-b', undefined, true],
		['team-[!a-c]', 'team-d', undefined, true],
		['{dev,prod}-*', 'prod-web', undefined, true],
		['{dev,prod}-*', 'test-web', undefined, false],
		['{dev,{stage,prod}}-*', 'stage-web', undefined, true],
		['{dev,}web', 'web', undefined, true],
		['a.b', 'axb', undefined, false],
		['\\*', '*', undefined, true],
		['\\*', 'x', undefined, false],
		['[\\]]', ']', undefined, true],
		// Plain characters outside their construct.
		['a,b', 'a,b', undefined, true],
		['a}b', 'a}b', undefined, true],
		['a]b', 'a]b', undefined, true],
		['[^a]', '^', undefined, true],
		// Code points, not UTF-16 units.
		['?', '日', undefined, true],
		['[😀-😂]', '😁', undefined, true],
	])('%s against %s (separator %s) is %s', (pattern, value, separator, expected) => {
		expect(globMatch(pattern, value, separator)).toBe(expected);
	});

	it.each(['[abc', '{a,b', 'a\\', '[a-cx]', '[]'])('a malformed pattern (%s) matches nothing, as in Argo CD', pattern => {
		expect(globMatch(pattern, pattern)).toBe(false);
		expect(globMatch(pattern, 'a')).toBe(false);
	});

	// A backtracking regular expression takes hours on these; a hang fails the test by its timeout.
	it('answers patterns that make backtracking matchers hang', () => {
		const value = 'a'.repeat(5000);
		expect(globMatch(`${'*a'.repeat(30)}b`, value)).toBe(false);
		expect(globMatch(`${'{a,aa}'.repeat(20)}b`, value.slice(0, 200))).toBe(false);
	});
});
