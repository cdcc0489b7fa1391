import {describe, expect, it} from 'vitest';
import {parseBenchOptions, wanted} from '../../../bench/support/options.js';
import {modifiedCount} from '../../../bench/support/ui-session.js';
import {configMapName, fixtureObjects} from '../../../bench/support/fixture-app.js';

describe('bench options', () => {
	it('has a quick mode at 1,000 objects and a full mode up to 20,000', () => {
		expect(parseBenchOptions(['--quick'])).toMatchObject({mode: 'quick', sizes: [1000], references: true});
		expect(parseBenchOptions([])).toMatchObject({
			mode: 'full',
			sizes: [1000, 10_000, 20_000],
			storm: {objects: 10_000, seconds: 30, eventsPerSecond: 1000},
		});
	});

	it('takes overrides and a subset of figures', () => {
		const options = parseBenchOptions(['--quick', '--sizes', '1000,5000', '--only', 'sync,ui', '--timeout', '60', '--no-references']);
		expect(options).toMatchObject({sizes: [1000, 5000], only: ['sync', 'ui'], timeoutSeconds: 60, references: false});
		expect(wanted(options, 'sync')).toBe(true);
		expect(wanted(options, 'storm')).toBe(false);
	});

	it('refuses unknown options, unknown figures and bad numbers with the usage', () => {
		expect(() => parseBenchOptions(['--fast'])).toThrow(/unknown option --fast\nusage:/);
		expect(() => parseBenchOptions(['--only', 'speed'])).toThrow(/unknown figure speed/);
		expect(() => parseBenchOptions(['--sizes', '10,-1'])).toThrow(/positive whole numbers/);
		expect(() => parseBenchOptions(['--sizes'])).toThrow(/needs a value/);
	});
});

describe('bench app and screen reading', () => {
	it('builds N ConfigMaps and one Deployment', () => {
		const objects = fixtureObjects(3);
		expect(objects.map(object => `${object.kind}/${object.metadata.name}`)).toEqual([
			'ConfigMap/cm-00000',
			'ConfigMap/cm-00001',
			'ConfigMap/cm-00002',
			'Deployment/web',
		]);
		expect(configMapName(12_345)).toBe('cm-12345');
	});

	it('reads the modified count of the app screen, and nothing when it is not shown', () => {
		expect(modifiedCount('bench  ↻ OutOfSync  ♥ Healthy  ~12 modified -0 missing +0 extra')).toBe(12);
		expect(modifiedCount('Help for bench  ? or esc closes')).toBeUndefined();
	});
});
