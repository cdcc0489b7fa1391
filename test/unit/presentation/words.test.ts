import {describe, expect, it} from 'vitest';
import type {FieldAttribution, ObjectState} from '../../../source/core/app-status.js';
import {describeAttribution} from '../../../source/presentation/attribution.js';
import {describeDrift} from '../../../source/presentation/drift.js';
import {formatAge, formatAgo, formatDuration, formatIn} from '../../../source/presentation/duration.js';
import {fieldPath} from '../../../source/presentation/field-path.js';

const now = Date.parse('2025-03-01T10:00:00Z');
const ago = (seconds: number) => new Date(now - seconds * 1000).toISOString();
const scaled: FieldAttribution = {path: '/spec/replicas', manager: 'kubectl', operation: 'Update', subresource: 'scale', time: ago(90)};
const state = (fields: Partial<ObjectState>): Pick<ObjectState, 'drift' | 'attribution' | 'changedPaths'> => ({
	drift: 'modified',
	attribution: [],
	changedPaths: ['/spec/replicas'],
	...fields,
});

describe('formatDuration (kubectl HumanDuration)', () => {
	it.each([
		[-5000, '0s'],
		[0, '0s'],
		[999, '0s'],
		[12_000, '12s'],
		[119_000, '119s'],
		[120_000, '2m'],
		[200_000, '3m20s'],
		[599_000, '9m59s'],
		[600_000, '10m'],
		[42 * 60_000, '42m'],
		[179 * 60_000, '179m'],
		[3 * 3_600_000, '3h'],
		[5 * 3_600_000 + 12 * 60_000, '5h12m'],
		[30 * 3_600_000, '30h'],
		[3 * 86_400_000 + 4 * 3_600_000, '3d4h'],
		[5 * 86_400_000, '5d'],
		[12 * 86_400_000, '12d'],
		[800 * 86_400_000, '2y70d'],
		[3000 * 86_400_000, '8y'],
	])('%d ms -> %s', (milliseconds, text) => {
		expect(formatDuration(milliseconds)).toBe(text);
	});

	it('ages, countdowns and missing times', () => {
		expect(formatAgo(ago(12), now)).toBe('12s ago');
		expect(formatAge(ago(200), now)).toBe('3m20s');
		expect(formatAge(null, now)).toBe('-');
		expect(formatAgo('not a time', now)).toBe('-');
		expect(formatIn(ago(1), now)).toBe('now');
		expect(formatIn(new Date(now + 18_000).toISOString(), now)).toBe('in 18s');
	});
});

describe('fieldPath', () => {
	it.each([
		['/spec/replicas', 'spec.replicas'],
		['/spec/template/spec/containers/0/image', 'spec.template.spec.containers[0].image'],
		['/metadata/labels/app.kubernetes.io~1name', 'metadata.labels["app.kubernetes.io/name"]'],
		['/metadata/annotations/example.com~1owner', 'metadata.annotations["example.com/owner"]'],
		['/metadata/labels/a~0b', 'metadata.labels.a~b'],
		['/spec/ports/1/port', 'spec.ports[1].port'],
		['/0', '[0]'],
		['', '(whole object)'],
	])('%s -> %s', (pointer, path) => {
		expect(fieldPath(pointer)).toBe(path);
	});
});

describe('describeAttribution', () => {
	it.each<[string, FieldAttribution, number | undefined, string]>([
		['without a clock', scaled, undefined, 'spec.replicas changed by kubectl (Update, scale)'],
		['with the server time', scaled, now, 'spec.replicas changed by kubectl (Update, scale) 90s ago'],
		['with an observed time', {...scaled, timeObserved: true}, now, 'spec.replicas changed by kubectl (Update, scale) seen 90s ago'],
		[
			'without a time',
			{path: '/data/color', manager: 'kubectl-edit', operation: 'Update'},
			now,
			'data.color changed by kubectl-edit (Update)',
		],
		[
			'apply operation, a day ago',
			{path: '/spec/template/spec/containers/0/image', manager: 'helm', operation: 'Apply', time: ago(86_400)},
			now,
			'spec.template.spec.containers[0].image changed by helm (Apply) 24h ago',
		],
	])('%s', (_name, entry, clock, expected) => {
		expect(describeAttribution(entry, clock)).toBe(expected);
	});
});

describe('describeDrift', () => {
	it.each<[string, Pick<ObjectState, 'drift' | 'attribution' | 'changedPaths'>, string]>([
		['missing', state({drift: 'missing', changedPaths: ['']}), 'missing in the cluster'],
		['extra', state({drift: 'extra', changedPaths: ['']}), 'no longer in Git'],
		['attributed', state({attribution: [scaled]}), 'spec.replicas changed by kubectl (Update, scale)'],
		['unattributed paths', state({changedPaths: ['/data/color', '/data/size']}), 'data.color, data.size changed'],
		[
			'more than three paths',
			state({changedPaths: ['/data/a', '/data/b', '/data/c', '/data/d', '/data/e']}),
			'data.a, data.b, data.c and 2 more changed',
		],
		[
			'attributed and not',
			state({changedPaths: ['/spec/replicas', '/spec/template/spec/containers/0/image'], attribution: [scaled]}),
			'spec.replicas changed by kubectl (Update, scale); spec.template.spec.containers[0].image changed',
		],
		['modified without paths', state({changedPaths: []}), 'changed'],
	])('%s', (_name, object, expected) => {
		expect(describeDrift(object)).toBe(expected);
	});

	it('adds ages when given the time', () => {
		expect(describeDrift(state({attribution: [scaled]}), now)).toBe('spec.replicas changed by kubectl (Update, scale) 90s ago');
	});
});
