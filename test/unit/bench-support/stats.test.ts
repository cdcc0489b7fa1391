import {describe, expect, it} from 'vitest';
import {median, percentile, summarize} from '../../../bench/support/stats.js';

describe('bench statistics', () => {
	it('takes the middle sample, or the mean of the two middle ones', () => {
		expect(median([5, 1, 3])).toBe(3);
		expect(median([4, 1, 3, 2])).toBe(2.5);
		expect(median([])).toBeNaN();
	});

	it('uses the nearest rank for percentiles, so a p99 of few samples is the largest one', () => {
		expect(percentile([3, 1, 2], 99)).toBe(3);
		const hundred = Array.from({length: 100}, (_, index) => index + 1);
		expect(percentile(hundred, 99)).toBe(99);
		expect(percentile(hundred, 50)).toBe(50);
		expect(percentile([7], 1)).toBe(7);
		expect(percentile([], 99)).toBeNaN();
	});

	it('summarizes count, median, p99, min and max', () => {
		expect(summarize([10, 30, 20])).toEqual({count: 3, median: 20, p99: 30, min: 10, max: 30});
	});
});
