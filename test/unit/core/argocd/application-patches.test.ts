import {describe, expect, it} from 'vitest';
import {policyPatch, refreshPatch, syncOperationPatch} from '../../../../source/core/argocd/application-patches.js';

const automated = (fields: Partial<{prune: boolean; selfHeal: boolean; enabled: boolean}> = {}) => ({
	prune: false,
	selfHeal: false,
	allowEmpty: false,
	enabled: true,
	...fields,
});

describe('Argo CD request patches', () => {
	it('a sync is an operation naming the user and driftwatch request, with only the objects asked for', () => {
		expect(
			syncOperationPatch({
				user: 'ana',
				requestId: 'r1',
				kind: 'sync',
				prune: false,
				resources: [
					{group: 'apps', kind: 'Deployment', namespace: 'demo', name: 'web'},
					{group: '', kind: 'Namespace', namespace: '', name: 'demo'},
				],
				retry: {limit: 3},
			}),
		).toEqual({
			operation: {
				initiatedBy: {username: 'ana'},
				info: [{name: 'driftwatch-request', value: 'sync r1'}],
				sync: {
					prune: false,
					resources: [
						{group: 'apps', kind: 'Deployment', name: 'web', namespace: 'demo'},
						{group: '', kind: 'Namespace', name: 'demo'},
					],
				},
				retry: {limit: 3},
			},
		});
	});

	it("a rollback syncs the history entry's revision and source(s)", () => {
		const history = {
			id: 2,
			revision: 'abc',
			revisions: [],
			deployedAt: '',
			initiatedBy: '',
			automated: false,
			source: {repoURL: 'r', path: 'p'},
			sources: [],
		};
		expect(
			syncOperationPatch({user: 'ana', requestId: 'r2', kind: 'rollback', prune: false, revision: 'abc', history})['operation'],
		).toMatchObject({
			sync: {revision: 'abc', source: {repoURL: 'r', path: 'p'}},
		});
		const multi = {...history, source: null, sources: [{repoURL: 'a'}, {repoURL: 'b'}], revisions: ['1', '2']};
		expect(syncOperationPatch({user: 'ana', requestId: 'r3', kind: 'rollback', prune: false, history: multi})['operation']).toMatchObject({
			sync: {sources: [{repoURL: 'a'}, {repoURL: 'b'}], revisions: ['1', '2']},
		});
	});

	it('a refresh is the annotation', () => {
		expect(refreshPatch('hard')).toEqual({metadata: {annotations: {'argocd.argoproj.io/refresh': 'hard'}}});
	});

	it('self-heal and prune turned on create the automated block; auto-sync off removes it; options off patch only themselves', () => {
		expect(policyPatch(null, {selfHeal: true})).toEqual({spec: {syncPolicy: {automated: {prune: false, selfHeal: true}}}});
		expect(policyPatch(automated({prune: true}), {selfHeal: true})).toEqual({
			spec: {syncPolicy: {automated: {prune: true, selfHeal: true}}},
		});
		expect(policyPatch(automated(), {autoSync: false})).toEqual({spec: {syncPolicy: {automated: null}}});
		expect(policyPatch(automated({selfHeal: true}), {selfHeal: false})).toEqual({spec: {syncPolicy: {automated: {selfHeal: false}}}});
		expect(policyPatch(automated({enabled: false, selfHeal: true}), {autoSync: true})).toEqual({
			spec: {syncPolicy: {automated: {prune: false, selfHeal: true, enabled: null}}},
		});
	});

	it('nothing to change gives no patch (no automated block is created by turning an option off)', () => {
		expect(policyPatch(null, {selfHeal: false})).toBeNull();
		expect(policyPatch(null, {autoSync: false})).toBeNull();
		expect(policyPatch(automated(), {})).toBeNull();
	});
});
