import {describe, expect, it} from 'vitest';
import {effectivePolicy, readApplicationReport} from '../../../../source/core/argocd/application-report.js';

const application = (extra: Record<string, unknown>) => ({
	apiVersion: 'argoproj.io/v1alpha1',
	kind: 'Application',
	metadata: {name: 'web', namespace: 'argocd', annotations: {'argocd.argoproj.io/refresh': 'hard'}},
	spec: {project: 'team', syncPolicy: {automated: {selfHeal: true}, retry: {limit: 2}}},
	...extra,
});

describe('readApplicationReport', () => {
	it("reads Argo CD's verdict, operation, history and policy", () => {
		const report = readApplicationReport(
			application({
				operation: {initiatedBy: {username: 'ana'}, info: [{name: 'driftwatch-request', value: 'prune abc'}], sync: {prune: true}},
				status: {
					sync: {status: 'OutOfSync', revision: 'a'.repeat(40)},
					health: {status: 'Progressing'},
					resourceHealthSource: 'appTree',
					resources: [
						{group: 'apps', version: 'v1', kind: 'Deployment', namespace: 'demo', name: 'web', status: 'OutOfSync', requiresPruning: true},
					],
					reconciledAt: '2025-03-01T10:00:00Z',
					conditions: [{type: 'SyncError', message: 'boom'}],
					operationState: {
						phase: 'Failed',
						message: 'one or more objects failed to apply',
						startedAt: '2025-03-01T10:00:00Z',
						operation: {initiatedBy: {automated: true}, sync: {autoHealAttemptsCount: 2, revision: 'b'}},
						syncResult: {
							revision: 'b',
							resources: [{group: '', kind: 'Service', namespace: 'demo', name: 'web', status: 'SyncFailed', message: 'invalid'}],
						},
					},
					history: [{id: 3, revision: 'c', deployedAt: '2025-03-01T09:00:00Z', initiatedBy: {username: 'bo'}, source: {repoURL: 'r'}}],
				},
			}),
		);
		expect(report).toMatchObject({
			name: 'web',
			namespace: 'argocd',
			project: 'team',
			syncStatus: 'OutOfSync',
			revision: 'a'.repeat(40),
			health: {status: 'Progressing', message: ''},
			resourceHealthSource: 'appTree',
			resources: [
				{
					key: {group: 'apps', kind: 'Deployment', namespace: 'demo', name: 'web'},
					status: 'OutOfSync',
					health: null,
					requiresPruning: true,
				},
			],
			conditions: [{type: 'SyncError', message: 'boom'}],
			pendingOperation: {requestId: 'abc', requestKind: 'prune', initiatedBy: 'ana', prune: true},
			operationState: {phase: 'Failed', request: {automated: true, autoHealAttempts: 2, revision: 'b'}, results: [{status: 'SyncFailed'}]},
			history: [{id: 3, revision: 'c', initiatedBy: 'bo', source: {repoURL: 'r'}}],
			automated: {selfHeal: true, prune: false, enabled: true},
			retry: {limit: 2},
			refresh: 'hard',
		});
	});

	it('gives neutral values for an Application the controller has not seen, and ignores hostile shapes', () => {
		const report = readApplicationReport({
			metadata: {name: 'x'},
			spec: {syncPolicy: {automated: 'yes'}},
			status: {sync: {status: 'Maybe'}, health: {status: 'Great'}, resources: 'no'},
		});
		expect(report).toMatchObject({
			syncStatus: null,
			health: null,
			resources: [],
			automated: null,
			operationState: null,
			pendingOperation: null,
			refresh: null,
			project: 'default',
		});
	});

	it('self-heal and prune act only with auto-sync, which `enabled: false` turns off', () => {
		expect(effectivePolicy(null)).toEqual({autoSync: false, selfHeal: false, prune: false});
		expect(effectivePolicy({prune: true, selfHeal: true, allowEmpty: false, enabled: true})).toEqual({
			autoSync: true,
			selfHeal: true,
			prune: true,
		});
		expect(effectivePolicy({prune: true, selfHeal: true, allowEmpty: false, enabled: false})).toEqual({
			autoSync: false,
			selfHeal: false,
			prune: false,
		});
	});
});
