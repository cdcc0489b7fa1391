import {describe, expect, it} from 'vitest';
import {formatValue, measuredRow, unfinishedRow} from '../../../bench/support/results.js';
import {formatTable} from '../../../bench/support/table.js';

describe('bench result lines', () => {
	it('passes a figure whose chosen statistic is within the target, and fails one that is not', () => {
		const target = {stat: 'median', limit: 2000, text: '<= 2 s'} as const;
		expect(measuredRow({id: 'a', objects: 1000, what: 'status', unit: 'ms', samples: [1500, 1900, 2500], target}).outcome).toBe('pass');
		expect(measuredRow({id: 'a', objects: 1000, what: 'status', unit: 'ms', samples: [2100, 1900, 2500], target}).outcome).toBe('fail');
		const p99 = {stat: 'p99', limit: 200, text: 'p99 <= 200 ms'} as const;
		expect(measuredRow({id: 'b', objects: 1000, what: 'drift', unit: 'ms', samples: [10, 20, 250], target: p99}).outcome).toBe('fail');
	});

	it('says info without a target, and error when a target has no samples', () => {
		expect(measuredRow({id: 'a', objects: 1, what: 'x', unit: 'ms', samples: [1]}).outcome).toBe('info');
		const target = {stat: 'median', limit: 1, text: '<= 1 ms'} as const;
		expect(measuredRow({id: 'a', objects: 1, what: 'x', unit: 'ms', samples: [], target}).outcome).toBe('error');
	});

	it('formats milliseconds, seconds, megabytes and ratios', () => {
		expect(formatValue(4.25, 'ms')).toBe('4.3 ms');
		expect(formatValue(67.4, 'ms')).toBe('67 ms');
		expect(formatValue(8600, 'ms')).toBe('8.60 s');
		expect(formatValue(79_000, 'ms')).toBe('79.0 s');
		expect(formatValue(241.4, 'MB')).toBe('241 MB');
		expect(formatValue(1.234, 'x')).toBe('1.23x');
	});

	it('prints a table with a numbered note for each line that has one', () => {
		const rows = [
			measuredRow({
				id: 'a',
				objects: 1000,
				what: 'status from cold',
				unit: 'ms',
				samples: [8600, 8700],
				target: {stat: 'median', limit: 2000, text: '<= 2 s'},
			}),
			unfinishedRow(
				{id: 'b', objects: 10_000, what: 'sync', unit: 'ms', target: {stat: 'median', limit: 1, text: '<= 1 s'}},
				'did not finish',
				'did not finish in 15 min',
			),
		];
		const table = formatTable(rows);
		expect(table).toContain('status from cold');
		expect(table).toMatch(/1,000 +status from cold +8\.65 s +8\.70 s +2 +<= 2 s +fail/);
		expect(table).toMatch(/10,000 +sync +- +- +0 +<= 1 s +did not finish \[1\]/);
		expect(table).toContain('[1] did not finish in 15 min');
	});
});
