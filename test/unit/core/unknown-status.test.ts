import {describe, expect, it} from 'vitest';
import {defaultSyncOptions} from '../../../source/core/app-definition.js';
import {notEvaluatedYet, unknownStatus} from '../../../source/core/unknown-status.js';

const app = {
	name: 'shop',
	project: 'default',
	sources: [{repoURL: 'memory://shop.git', targetRevision: 'HEAD', path: '.'}],
	destination: {namespace: 'demo'},
	syncPolicy: {automated: null, syncOptions: defaultSyncOptions(), retry: null},
	ignoreDifferences: [],
	revisionHistoryLimit: 10,
	origin: 'test',
	warnings: ['spec.source.kustomize.images is not supported'],
};
const now = new Date('2025-03-01T10:00:00Z');

describe('unknownStatus', () => {
	it('is "Not evaluated yet" without an error, with the app warnings', () => {
		expect(unknownStatus(app, now)).toEqual({
			name: 'shop',
			syncStatus: 'Unknown',
			health: {status: 'Unknown', message: notEvaluatedYet},
			revision: null,
			revisions: [],
			objects: [],
			counts: {synced: 0, modified: 0, missing: 0, extra: 0},
			error: null,
			warnings: ['spec.source.kustomize.images is not supported'],
			notices: [],
			comparedAt: '2025-03-01T10:00:00.000Z',
		});
	});

	it('says the error with its hint, and keeps what the previous status knew', () => {
		const error = {code: 'cluster-unreachable', message: 'cannot reach the API server', hint: 'check the context'};
		const first = unknownStatus(app, now, error);
		expect(first).toMatchObject({
			syncStatus: 'Unknown',
			health: {status: 'Unknown', message: 'cannot reach the API server (check the context)'},
			error,
		});
		const previous = {...first, error: null, syncStatus: 'Synced' as const, objects: [], revision: null, notices: ['1 file skipped']};
		expect(unknownStatus(app, now, error, previous)).toMatchObject({syncStatus: 'Unknown', error, notices: ['1 file skipped']});
	});
});
