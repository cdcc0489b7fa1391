import {describe, expect, it} from 'vitest';
import {deletePoliciesOf, hookNameOf, hookPhasesOf, isHook, isManagedResource, isSkipped} from '../../../source/core/sync-hooks.js';
import {object} from '../support/objects.js';

const annotated = (annotations: Record<string, string>) => object('Job', 'migrate', {annotations});

describe('hooks, as gitops-engine reads them', () => {
	it.each([
		['no annotation', {}, {hook: false, skip: false, phases: []}],
		['PreSync', {'argocd.argoproj.io/hook': 'PreSync'}, {hook: true, skip: false, phases: ['PreSync']}],
		[
			'two phases, spaces, a duplicate',
			{'argocd.argoproj.io/hook': 'PostSync, PreSync,PreSync'},
			{hook: true, skip: false, phases: ['PreSync', 'PostSync']},
		],
		['SyncFail', {'argocd.argoproj.io/hook': 'SyncFail'}, {hook: true, skip: false, phases: ['SyncFail']}],
		['Skip alone: not a hook, not applied', {'argocd.argoproj.io/hook': 'Skip'}, {hook: false, skip: true, phases: []}],
		['Skip with a phase: a hook', {'argocd.argoproj.io/hook': 'Skip,PreSync'}, {hook: true, skip: false, phases: ['PreSync']}],
		['an unknown word: a hook that never runs', {'argocd.argoproj.io/hook': 'Garbage'}, {hook: true, skip: false, phases: []}],
		['PostDelete: a hook, not run by a sync', {'argocd.argoproj.io/hook': 'PostDelete'}, {hook: true, skip: false, phases: []}],
		['Helm pre-install', {'helm.sh/hook': 'pre-install'}, {hook: true, skip: false, phases: ['PreSync']}],
		['Helm post-upgrade,post-install', {'helm.sh/hook': 'post-upgrade,post-install'}, {hook: true, skip: false, phases: ['PostSync']}],
		['Helm crd-install: a resource', {'helm.sh/hook': 'crd-install'}, {hook: false, skip: false, phases: []}],
		['Helm test: a hook that never runs', {'helm.sh/hook': 'test'}, {hook: true, skip: false, phases: []}],
		[
			'Argo CD wins over Helm',
			{'argocd.argoproj.io/hook': 'Sync', 'helm.sh/hook': 'pre-install'},
			{hook: true, skip: false, phases: ['Sync']},
		],
	])('%s', (_name, annotations, expected) => {
		const job = annotated(annotations);
		expect({hook: isHook(job), skip: isSkipped(job), phases: hookPhasesOf(job)}).toEqual(expected);
		expect(isManagedResource(job)).toBe(!expected.hook && !expected.skip);
	});

	it.each([
		['none: BeforeHookCreation', {}, ['BeforeHookCreation']],
		['garbage: BeforeHookCreation', {'argocd.argoproj.io/hook-delete-policy': 'Never'}, ['BeforeHookCreation']],
		['two', {'argocd.argoproj.io/hook-delete-policy': 'HookSucceeded, HookFailed'}, ['HookSucceeded', 'HookFailed']],
		['Helm', {'helm.sh/hook-delete-policy': 'hook-succeeded,before-hook-creation'}, ['HookSucceeded', 'BeforeHookCreation']],
	])('delete policy %s', (_name, annotations, expected) => {
		expect(deletePoliciesOf(annotated({'argocd.argoproj.io/hook': 'PreSync', ...annotations}))).toEqual(expected);
	});

	it('names a generateName hook per sync: prefix, then revision (7), phase and Unix seconds lower-cased; keeps a fixed name', () => {
		const generated = {...object('Job', ''), metadata: {name: '', generateName: 'schema-migrate-', namespace: 'demo'}};
		expect(hookNameOf(generated, '1A2B3C4D5E6F', 'PreSync', 1_733_050_000_999)).toBe('schema-migrate-1a2b3c4-presync-1733050000');
		expect(hookNameOf(generated, 'abc', 'PostSync', 0)).toBe('schema-migrate-abc-postsync-0');
		expect(hookNameOf(object('Job', 'migrate'), '1a2b3c4d', 'PreSync', 0)).toBe('migrate');
	});
});
