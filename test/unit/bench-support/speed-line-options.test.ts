import {describe, expect, it} from 'vitest';
import {parseBenchOptions, wanted} from '../../../bench/support/options.js';

describe('bench options: the Argo CD speed line', () => {
	it('runs alone with --only argocd, and with everything by default', () => {
		const alone = parseBenchOptions(['--quick', '--only', 'argocd']);
		expect(wanted(alone, 'argocd')).toBe(true);
		expect(wanted(alone, 'sync')).toBe(false);
		expect(wanted(parseBenchOptions(['--quick']), 'argocd')).toBe(true);
	});
});
