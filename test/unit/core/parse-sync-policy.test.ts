import {describe, expect, it} from 'vitest';
import {FieldReader} from '../../../source/core/manifest-fields.js';
import {parseDuration, parseSyncOptions, parseSyncPolicy} from '../../../source/core/parse-sync-policy.js';

describe('parseDuration', () => {
	it.each([
		['5s', 5_000],
		['3m', 180_000],
		['1h2m', 3_720_000],
		['1h2m3s', 3_723_000],
		['1.5m', 90_000],
		['250ms', 250],
		['0', 0],
		['30', 30_000],
		[' 10s ', 10_000],
		[7, 7_000],
	])('%j is %d ms', (text, milliseconds) => {
		expect(parseDuration(text)).toBe(milliseconds);
	});

	it.each(['', '5d', '5 seconds', '5x', 's', '-5s', '1h 2m', '5s3', 'h1', -1, Number.NaN])('%j is not a duration', text => {
		expect(parseDuration(text)).toBeUndefined();
	});
});

describe('parseSyncOptions', () => {
	it('reads every option driftwatch acts on and keeps all as written', () => {
		const reader = new FieldReader('apps.yaml', 'Application/web');
		const entries = [
			'CreateNamespace=true',
			'ServerSideApply=true',
			'ApplyOutOfSyncOnly=true',
			'Replace=true',
			'PruneLast=true',
			'PrunePropagationPolicy=orphan',
			'Validate=false',
			'FailOnSharedResource=true',
		];
		expect(parseSyncOptions(entries, reader, index => `syncOptions[${index}]`)).toEqual({
			createNamespace: true,
			serverSideApply: true,
			applyOutOfSyncOnly: true,
			replace: true,
			pruneLast: true,
			prunePropagationPolicy: 'orphan',
			validate: false,
			raw: entries,
		});
		expect(reader.errors).toEqual([]);
		expect(reader.warnings.map(warning => `${warning.field}: ${warning.message}`)).toEqual([
			'syncOptions[7]: "FailOnSharedResource=true" is not supported by driftwatch yet; kept but not acted on',
		]);
	});

	it.each([
		['CreateNamespace=True', {createNamespace: true}, ''],
		['CreateNamespace=false', {createNamespace: false}, ''],
		['CreateNamespace', {}, 'CreateNamespace must be true or false, got "CreateNamespace"'],
		['Replace=1', {}, 'Replace must be true or false, got "Replace=1"'],
		[
			'PrunePropagationPolicy=Foreground',
			{},
			'PrunePropagationPolicy must be foreground, background or orphan, got "PrunePropagationPolicy=Foreground"',
		],
	])('%s', (entry, expected, error) => {
		const reader = new FieldReader('flags', '');
		expect(parseSyncOptions([entry], reader, () => '--sync-option')).toMatchObject(expected);
		expect(reader.errors.map(problem => problem.message)).toEqual(error ? [error] : []);
	});
});

describe('parseSyncPolicy', () => {
	it.each([
		['absent', undefined, {automated: null, retry: null}],
		[
			'retry with only a limit',
			{retry: {limit: -1}},
			{retry: {limit: -1, backoff: {durationMs: 5_000, factor: 2, maxDurationMs: 180_000}}},
		],
		['retry with an empty block', {retry: {}}, {retry: {limit: 5, backoff: {durationMs: 5_000, factor: 2, maxDurationMs: 180_000}}}],
		[
			'a duration in seconds as a number',
			{retry: {backoff: {duration: 10, maxDuration: '10m'}}},
			{retry: {limit: 5, backoff: {durationMs: 10_000, factor: 2, maxDurationMs: 600_000}}},
		],
		[
			'automated with allowEmpty',
			{automated: {prune: true, allowEmpty: true}},
			{automated: {prune: true, selfHeal: false, allowEmpty: true}},
		],
	])('%s', (_label, value, expected) => {
		const reader = new FieldReader('apps.yaml', 'Application/web');
		expect(parseSyncPolicy(value, reader, 'spec.syncPolicy')).toMatchObject(expected);
		expect(reader.errors).toEqual([]);
	});
});
