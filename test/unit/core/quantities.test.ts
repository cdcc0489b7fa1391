import {describe, expect, it} from 'vitest';
import {canonicalQuantity, parseQuantity, quantitiesEqual} from '../../../source/core/quantities.js';

describe('canonicalQuantity: the form the API server stores', () => {
	it.each([
		['1000m', '1'],
		['0.5', '500m'],
		['.5', '500m'],
		['1.5', '1500m'],
		['100m', '100m'],
		['1024Mi', '1Gi'],
		['1Gi', '1Gi'],
		['1.5Gi', '1536Mi'],
		['0.5Gi', '512Mi'],
		['1000Mi', '1000Mi'],
		['1Ki', '1Ki'],
		['512Ki', '512Ki'],
		['1023', '1023'],
		['1e3', '1e3'],
		['1E3', '1e3'],
		['15e2', '1500'],
		['5e-3', '5e-3'],
		['1k', '1k'],
		['1000', '1k'],
		['1000000', '1M'],
		['1500k', '1500k'],
		['1G', '1G'],
		['0', '0'],
		['0m', '0'],
		['-1', '-1'],
		['+2', '2'],
		['1n', '1n'],
		['0.1n', '1n'], // finer than a nano rounds up, as the server does
		['2Ei', '2Ei'],
		[' 2 ', '2'],
	])('%s -> %s', (input, canonical) => {
		expect(canonicalQuantity(input)).toBe(canonical);
	});

	it.each([
		[2, '2'],
		[0.5, '500m'],
		[0.25, '250m'],
		[1e21, '1e21'],
		[1024, '1024'], // a bare number is decimal: the server keeps it as written
	])('number %s -> %s', (input, canonical) => {
		expect(canonicalQuantity(input)).toBe(canonical);
	});

	it.each(['abc', '1.2.3', '1 Gi', '1Gib', '', 'Mi', '1e', '--1'])('%j is not a quantity and is returned unchanged', input => {
		expect(parseQuantity(input)).toBeUndefined();
		expect(canonicalQuantity(input)).toBe(input);
	});
});

describe('quantitiesEqual: by value, in any spelling', () => {
	it.each([
		['1000m', '1', true],
		['1000m', 1, true],
		['0.5', '500m', true],
		['1Gi', '1024Mi', true],
		['1Gi', '1073741824', true],
		['1e3', '1k', true],
		['1e3', 1000, true],
		['1k', '1Ki', false],
		['1G', '1Gi', false],
		['100m', '0.1', true],
		['64Mi', '128Mi', false],
		['1', '2', false],
		['abc', 'abc', true],
		['abc', 'abd', false],
	] as const)('%j == %j is %s', (left, right, equal) => {
		expect(quantitiesEqual(left, right)).toBe(equal);
	});
});
