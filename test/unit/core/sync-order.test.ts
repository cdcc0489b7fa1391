import {describe, expect, it} from 'vitest';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {syncKindOrder, syncWaveOf} from '../../../source/core/sync-order.js';
import {syncStepsOf, syncTasksOf, type SyncTask} from '../../../source/core/sync-tasks.js';
import {crd, names, object} from '../support/objects.js';

const base = {apply: [], hooks: [], prune: [], pruneLast: false, revision: '1a2b3c4d5e', startedAtMs: 1_733_050_000_123};
const applyOrder = (objects: KubeObject[]) => syncTasksOf({...base, apply: objects.map(item => ({object: item}))}).map(task => task.object);
const pruneTasks = (objects: KubeObject[], pruneLast = false) =>
	syncTasksOf({...base, prune: objects.map(item => ({object: item})), pruneLast});
const where = (tasks: SyncTask[]) => tasks.map(task => `${task.phase}/${task.wave} ${task.action} ${task.name}`);

describe('sync waves', () => {
	it.each([
		['absent', undefined, 0],
		['positive', '5', 5],
		['negative', '-3', -3],
		['signed', '+1', 1],
		// Argo CD reads the wave with Go's strconv.Atoi: anything else is the Helm weight, else 0.
		['padded', ' 2 ', 0],
		['not a number', 'late', 0],
		['fraction', '1.5', 0],
		['empty', '', 0],
	])('%s annotation (%j) is wave %i', (_name, wave, expected) => {
		expect(syncWaveOf(object('ConfigMap', 'c', {wave}))).toBe(expected);
	});

	it('falls back to the Helm hook weight', () => {
		expect(syncWaveOf(object('ConfigMap', 'c', {annotations: {'helm.sh/hook-weight': '-2'}}))).toBe(-2);
		expect(syncWaveOf(object('ConfigMap', 'c', {wave: 3, annotations: {'helm.sh/hook-weight': '-2'}}))).toBe(3);
	});
});

describe('apply order', () => {
	it('puts every known kind in Argo CD order, then unknown kinds by name', () => {
		const kinds = [...syncKindOrder].reverse();
		const shuffled = [object('Zebra', 'z'), ...kinds.map(kind => object(kind, 'x')), object('Alpaca', 'a')];
		expect(applyOrder(shuffled).map(item => item.kind)).toEqual([...syncKindOrder, 'Alpaca', 'Zebra']);
	});

	it.each([
		{
			name: 'waves before kinds',
			input: [object('Namespace', 'late', {wave: 2}), object('Deployment', 'web'), object('ConfigMap', 'early', {wave: -1})],
			expected: ['ConfigMap/early', 'Deployment/web', 'Namespace/late'],
		},
		{
			name: 'kinds before names within a wave',
			input: [object('Deployment', 'a'), object('Service', 'b'), object('ConfigMap', 'c'), object('Secret', 'd')],
			expected: ['Secret/d', 'ConfigMap/c', 'Service/b', 'Deployment/a'],
		},
		{
			name: 'names within a kind',
			input: [object('ConfigMap', 'b'), object('ConfigMap', 'a'), object('ConfigMap', 'B')],
			expected: ['ConfigMap/B', 'ConfigMap/a', 'ConfigMap/b'],
		},
		{
			name: 'a Namespace in a later wave moves before the objects in it',
			input: [
				object('Deployment', 'web', {namespace: 'shop', wave: -1}),
				object('ConfigMap', 'other', {wave: -2}),
				object('Namespace', 'shop', {wave: 3}),
			],
			expected: ['ConfigMap/other', 'Namespace/shop', 'Deployment/web'],
		},
		{
			name: 'a Namespace other objects do not use keeps its wave',
			input: [object('Deployment', 'web', {namespace: 'shop'}), object('Namespace', 'unused', {wave: 3})],
			expected: ['Deployment/web', 'Namespace/unused'],
		},
		{
			name: 'a CRD in a later wave moves before its custom resources',
			input: [object('Widget', 'w1', {wave: -1}), object('ConfigMap', 'c', {wave: -5}), crd('example.com', 'Widget', 4)],
			expected: ['ConfigMap/c', 'CustomResourceDefinition/widgets.example.com', 'Widget/w1'],
		},
		{
			name: 'a CRD in the same wave already precedes custom resources (unknown kinds go last)',
			input: [object('Widget', 'w1'), crd('example.com', 'Widget'), object('Deployment', 'web')],
			expected: ['CustomResourceDefinition/widgets.example.com', 'Deployment/web', 'Widget/w1'],
		},
	])('$name', ({input, expected}) => {
		expect(names(applyOrder(input))).toEqual(expected);
	});

	it('a moved Namespace takes the wave of the first object in it, so it runs in that step', () => {
		const tasks = syncTasksOf({
			...base,
			apply: [object('Deployment', 'web', {namespace: 'shop', wave: -1}), object('Namespace', 'shop', {wave: 3})].map(item => ({
				object: item,
			})),
		});
		expect(where(tasks)).toEqual(['Sync/-1 apply Namespace/shop', 'Sync/-1 apply Deployment/shop/web']);
	});

	it('does not change its input', () => {
		const input = [object('Deployment', 'web'), object('Namespace', 'demo')];
		applyOrder(input);
		expect(names(input)).toEqual(['Deployment/web', 'Namespace/demo']);
	});
});

describe('prune order', () => {
	it('swaps the prune waves end for end (later waves first), as Argo CD does', () => {
		const tasks = pruneTasks([object('ConfigMap', 'w0'), object('ConfigMap', 'w5', {wave: 5}), object('ConfigMap', 'w-1', {wave: -1})]);
		expect(where(tasks)).toEqual(['Sync/-1 prune ConfigMap/demo/w5', 'Sync/0 prune ConfigMap/demo/w0', 'Sync/5 prune ConfigMap/demo/w-1']);
	});

	it('places prunes among the applies by their swapped waves; a step prunes before it applies', () => {
		const tasks = syncTasksOf({
			...base,
			apply: [object('Deployment', 'web', {wave: 1}), object('ConfigMap', 'c')].map(item => ({object: item})),
			prune: [object('ConfigMap', 'old'), object('Deployment', 'gone', {wave: 2})].map(item => ({object: item})),
		});
		expect(
			syncStepsOf(tasks).steps.map(step => `${step.wave}: ${step.tasks.map(task => `${task.action} ${task.name}`).join(', ')}`),
		).toEqual(['0: apply ConfigMap/demo/c, prune Deployment/demo/gone', '1: apply Deployment/demo/web', '2: prune ConfigMap/demo/old']);
	});

	it('PruneLast puts prunes after the last wave of the Sync phase (at least wave 1)', () => {
		expect(where(pruneTasks([object('ConfigMap', 'a', {wave: -3})], true))).toEqual(['Sync/1 prune ConfigMap/demo/a']);
		const tasks = syncTasksOf({
			...base,
			apply: [{object: object('Deployment', 'web', {wave: 4})}],
			prune: [
				{object: object('ConfigMap', 'old', {annotations: {'argocd.argoproj.io/sync-options': 'PruneLast=true'}})},
				{object: object('ConfigMap', 'other')},
			],
		});
		expect(where(tasks)).toEqual([
			'Sync/0 prune ConfigMap/demo/other',
			'Sync/4 apply Deployment/demo/web',
			'Sync/5 prune ConfigMap/demo/old',
		]);
	});

	it('leaves prunes out of the dependency moves: a Namespace pruned in the same wave goes by kind order', () => {
		const tasks = pruneTasks([object('Deployment', 'web', {namespace: 'shop'}), object('Namespace', 'shop'), crd('example.com', 'Widget')]);
		expect(tasks.map(task => task.name)).toEqual(['Namespace/shop', 'CustomResourceDefinition/widgets.example.com', 'Deployment/shop/web']);
	});
});

describe('steps', () => {
	const hook = (name: string, phase: string, wave?: number, annotations: Record<string, string> = {}) =>
		object('Job', name, {wave, annotations: {'argocd.argoproj.io/hook': phase, ...annotations}});

	it('orders phases PreSync, Sync, PostSync; SyncFail hooks are kept apart', () => {
		const tasks = syncTasksOf({
			...base,
			apply: [{object: object('Deployment', 'web')}],
			hooks: [hook('post', 'PostSync'), hook('fail', 'SyncFail'), hook('pre', 'PreSync', 5), hook('during', 'Sync', -1)],
		});
		expect(where(tasks)).toEqual([
			'PreSync/5 hook Job/demo/pre',
			'Sync/-1 hook Job/demo/during',
			'Sync/0 apply Deployment/demo/web',
			'PostSync/0 hook Job/demo/post',
			'SyncFail/0 hook Job/demo/fail',
		]);
		const {steps, syncFail, multiStep} = syncStepsOf(tasks);
		expect(steps.map(step => `${step.phase}/${step.wave}`)).toEqual(['PreSync/5', 'Sync/-1', 'Sync/0', 'PostSync/0']);
		expect(syncFail.map(task => task.name)).toEqual(['Job/demo/fail']);
		expect(multiStep).toBe(true);
	});

	it('runs a hook of two phases in each, named per phase when it has only generateName', () => {
		const both = {
			...hook('', 'PreSync,PostSync'),
			metadata: {name: '', generateName: 'migrate-', namespace: 'demo', annotations: {'argocd.argoproj.io/hook': 'PreSync,PostSync'}},
		};
		const tasks = syncTasksOf({...base, hooks: [both]});
		expect(tasks.map(task => task.name)).toEqual([
			'Job/demo/migrate-1a2b3c4-presync-1733050000',
			'Job/demo/migrate-1a2b3c4-postsync-1733050000',
		]);
		expect(tasks[0]?.object.metadata.generateName).toBeUndefined();
	});

	it('is one step when everything is in one phase and wave; a SyncFail hook makes it multi-step', () => {
		const one = syncTasksOf({...base, apply: [{object: object('Deployment', 'web')}, {object: object('ConfigMap', 'c')}]});
		expect(syncStepsOf(one)).toMatchObject({multiStep: false, steps: [{phase: 'Sync', wave: 0}]});
		const withFail = syncTasksOf({...base, apply: [{object: object('Deployment', 'web')}], hooks: [hook('fail', 'SyncFail')]});
		expect(syncStepsOf(withFail)).toMatchObject({multiStep: true, steps: [{phase: 'Sync', wave: 0}]});
	});

	it('drops resources skipped as in sync from the steps, but a skipped prune still takes its step', () => {
		const tasks = syncTasksOf({
			...base,
			apply: [{object: object('Deployment', 'web', {wave: 1}), skip: 'in sync (ApplyOutOfSyncOnly)'}, {object: object('ConfigMap', 'c')}],
			prune: [{object: object('ConfigMap', 'old', {wave: 3}), skip: 'requires pruning (prune is off)'}],
		});
		const {steps, multiStep} = syncStepsOf(tasks);
		expect(steps.map(step => `${step.wave}: ${step.tasks.map(task => task.name).join(', ')}`)).toEqual([
			'0: ConfigMap/demo/c',
			'3: ConfigMap/demo/old',
		]);
		expect(multiStep).toBe(true);
	});
});
