import {describe, expect, it} from 'vitest';
import {defaultSyncOptions, type SyncOptions} from '../../../source/core/app-definition.js';
import {type KubeObject} from '../../../source/core/kube-object.js';
import {parseResourceSelector, planSync, propagationPolicyOf, type SyncPlanInput} from '../../../source/core/plan-sync.js';
import {trackingAnnotation} from '../../../source/core/tracking.js';
import {names, object, state, tracked} from '../support/objects.js';

const app = 'shop';
const config = object('ConfigMap', 'config');
const web = object('Deployment', 'web');
const service = object('Service', 'web');
const desired = [web, service, config];

function plan(overrides: Partial<Omit<SyncPlanInput, 'options'>> & {options?: Partial<SyncOptions>} = {}) {
	const {options, ...rest} = overrides;
	return planSync({
		appName: app,
		desired,
		objects: [state(web, 'OutOfSync'), state(service, 'Synced'), state(config, 'Synced')],
		extras: [],
		request: {},
		allowEmpty: false,
		...rest,
		options: {...defaultSyncOptions(), ...options},
	});
}

const withOwner = (live: KubeObject): KubeObject => ({
	...live,
	metadata: {...live.metadata, ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'u1'}]},
});
const annotated = (live: KubeObject, annotations: Record<string, string>): KubeObject => ({
	...live,
	metadata: {...live.metadata, annotations: {...live.metadata.annotations, ...annotations}},
});

describe('planSync: what to apply', () => {
	it('applies every desired object, in sync order, with tracking', () => {
		const result = plan();
		expect(result.refusal).toBeUndefined();
		expect(names(result.apply)).toEqual(['ConfigMap/config', 'Service/web', 'Deployment/web']);
		expect(result.apply.map(item => item.metadata.annotations?.[trackingAnnotation])).toEqual([
			'shop:/ConfigMap:demo/config',
			'shop:/Service:demo/web',
			'shop:apps/Deployment:demo/web',
		]);
		expect(desired[0]?.metadata.annotations).toBeUndefined();
	});

	it('ApplyOutOfSyncOnly skips Synced objects and applies ones the comparison does not know', () => {
		const fresh = object('Secret', 'new');
		const result = plan({desired: [...desired, fresh], options: {applyOutOfSyncOnly: true}});
		expect(names(result.apply)).toEqual(['Secret/new', 'Deployment/web']);
		expect(result.notes).toContain('ApplyOutOfSyncOnly: skipping 2 object(s) already in sync');
	});

	it('reports a sync wave that is not an integer', () => {
		const result = plan({desired: [object('ConfigMap', 'odd', {wave: 'soon'})], objects: []});
		expect(result.notes).toContain('ConfigMap/demo/odd: sync wave "soon" is not an integer; using the Helm hook weight or 0');
	});

	it('notes that Replace=true is not supported', () => {
		expect(plan({options: {replace: true}}).notes.join('\n')).toContain('Replace=true is not supported');
	});
});

describe('planSync: selective sync', () => {
	it.each([
		{selectors: ['Deployment/web'], expected: ['Deployment/web']},
		{selectors: ['deployment/web'], expected: ['Deployment/web']},
		{selectors: ['Deployment/demo/web'], expected: ['Deployment/web']},
		{selectors: ['apps/Deployment/demo/web'], expected: ['Deployment/web']},
		{selectors: ['/Service/demo/web'], expected: ['Service/web']},
		{selectors: ['apps:Deployment:web'], expected: ['Deployment/web']},
		{selectors: ['Service/web', 'ConfigMap/config'], expected: ['ConfigMap/config', 'Service/web']},
		{selectors: ['extensions/Deployment/demo/web', 'Service/web'], expected: ['Service/web']},
	])('$selectors selects $expected', ({selectors, expected}) => {
		expect(names(plan({request: {resources: selectors}}).apply)).toEqual(expected);
	});

	it.each([
		{selectors: ['Deployment/other'], refusal: 'no object of app shop matches "Deployment/other"'},
		{selectors: ['Deployment/prod/web'], refusal: 'no object of app shop matches "Deployment/prod/web"'},
		{selectors: ['web'], refusal: 'no object of app shop matches "web"'},
	])('refuses when nothing matches $selectors', ({selectors, refusal}) => {
		const result = plan({request: {resources: selectors}});
		expect(result.refusal).toBe(refusal);
		expect(result.apply).toEqual([]);
	});

	it('notes selectors that match nothing next to ones that do', () => {
		const result = plan({request: {resources: ['Deployment/web', 'Deployment/typo']}});
		expect(names(result.apply)).toEqual(['Deployment/web']);
		expect(result.notes).toContain('nothing matches "Deployment/typo"');
	});

	it.each([
		['Kind/name', 'Deployment/web', {kind: 'Deployment', name: 'web'}],
		['Kind/namespace/name', 'Deployment/demo/web', {kind: 'Deployment', namespace: 'demo', name: 'web'}],
		['cluster-scoped keyString', '/Namespace//demo', {group: '', kind: 'Namespace', namespace: '', name: 'demo'}],
		['Argo CD form', 'apps:Deployment:web', {group: 'apps', kind: 'Deployment', name: 'web'}],
		['too many parts', 'a/b/c/d/e', undefined],
		['no name', 'Deployment/', undefined],
	])('parses %s', (_name, text, expected) => {
		expect(parseResourceSelector(text)).toEqual(expected);
	});
});

describe('planSync: prune', () => {
	const old = tracked(app, object('ConfigMap', 'old'));
	const oldJob = tracked(app, object('Job', 'migrate', {wave: 2}));
	const other = tracked('billing', object('ConfigMap', 'billing-config'));
	// Copied from another object with `kubectl get -o yaml`: the annotation names a different object.
	const copied = annotated(object('ConfigMap', 'copy'), {[trackingAnnotation]: 'shop:/ConfigMap:demo/old'});
	const owned = withOwner(tracked(app, object('ReplicaSet', 'web-123')));
	const extras = [old, oldJob, other, copied, owned];

	it('prunes only when asked, and says what it would prune', () => {
		const result = plan({extras});
		expect(result.prune).toEqual([]);
		expect(result.notes).toContain('2 object(s) would be pruned with prune enabled: ConfigMap/demo/old, Job/demo/migrate');
	});

	it('prunes only top-level objects tracked by this app as themselves, in reverse wave order', () => {
		const result = plan({extras, request: {prune: true}});
		expect(names(result.prune)).toEqual(['Job/migrate', 'ConfigMap/old']);
		expect(result.notes).toEqual(
			expect.arrayContaining([
				'ConfigMap/demo/billing-config is not pruned: it is tracked by app billing',
				'ConfigMap/demo/copy is not pruned: its tracking annotation names another object (copied from it?)',
				'ReplicaSet/demo/web-123 is not pruned: it has owner references (its owner manages it)',
			]),
		);
	});

	it.each([
		['Prune=false', 'Prune=false', 'argocd.argoproj.io/sync-options has Prune=false'],
		['among other options', 'ServerSideApply=true, Prune=false', 'argocd.argoproj.io/sync-options has Prune=false'],
		['Prune=confirm', 'Prune=confirm', 'argocd.argoproj.io/sync-options has Prune=confirm (delete it by hand)'],
	])('skips %s', (_name, value, reason) => {
		const keep = annotated(old, {'argocd.argoproj.io/sync-options': value});
		const result = plan({extras: [keep, oldJob], request: {prune: true}});
		expect(names(result.prune)).toEqual(['Job/migrate']);
		expect(result.skippedPrune).toEqual([{object: 'ConfigMap/demo/old', reason}]);
	});

	it('never prunes an object Git still has', () => {
		expect(plan({extras: [tracked(app, config)], request: {prune: true}}).prune).toEqual([]);
	});

	it('prunes only selected objects in a selective sync', () => {
		const result = plan({extras: [old, oldJob], request: {prune: true, resources: ['ConfigMap/old']}});
		expect(result.apply).toEqual([]);
		expect(names(result.prune)).toEqual(['ConfigMap/old']);
	});

	it('refuses to prune everything unless allowEmpty', () => {
		const refused = plan({desired: [], objects: [], extras: [old, oldJob], request: {prune: true}});
		expect(refused.refusal).toMatch(/Git has no objects for app shop, so the sync would delete all 2 of its resources/);
		expect(refused.prune).toEqual([]);
		const allowed = plan({desired: [], objects: [], extras: [old, oldJob], request: {prune: true}, allowEmpty: true});
		expect(allowed.refusal).toBeUndefined();
		expect(names(allowed.prune)).toEqual(['Job/migrate', 'ConfigMap/old']);
		expect(plan({desired: [], objects: [], extras: [old], request: {}}).refusal).toBeUndefined();
	});

	it.each([
		['foreground', 'Foreground'],
		['background', 'Background'],
		['orphan', 'Orphan'],
	] as const)('propagation policy %s is %s', (policy, expected) => {
		expect(propagationPolicyOf({...defaultSyncOptions(), prunePropagationPolicy: policy})).toBe(expected);
	});
});

describe('planSync: CreateNamespace', () => {
	const spread = [
		object('ConfigMap', 'a', {namespace: 'shop'}),
		object('ConfigMap', 'b', {namespace: 'live'}),
		object('ClusterRole', 'reader'),
	];

	it.each([
		{name: 'off', options: {}, live: undefined, expected: []},
		{name: 'without live knowledge: every namespace used', options: {createNamespace: true}, live: undefined, expected: ['live', 'shop']},
		{name: 'only missing ones', options: {createNamespace: true}, live: new Set(['live']), expected: ['shop']},
	])('$name', ({options, live, expected}) => {
		const result = plan({desired: spread, objects: [], options, ...(live ? {liveNamespaces: live} : {})});
		expect(result.createNamespaces).toEqual(expected);
	});

	it('leaves a Namespace that Git declares to the ordered apply', () => {
		const result = plan({
			desired: [...spread, object('Namespace', 'shop')],
			objects: [],
			options: {createNamespace: true},
			liveNamespaces: new Set(),
		});
		expect(result.createNamespaces).toEqual(['live']);
		expect(names(result.apply)[0]).toBe('Namespace/shop');
	});
});

describe('planSync: hooks', () => {
	const hook = (name: string, phase: string, extra: Record<string, string> = {}) =>
		object('Job', name, {annotations: {'argocd.argoproj.io/hook': phase, ...extra}});
	const pre = hook('migrate', 'PreSync');
	const post = {...hook('', 'PostSync'), metadata: {...hook('', 'PostSync').metadata, name: '', generateName: 'smoke-'}};
	const skipped = object('ConfigMap', 'manual', {annotations: {'argocd.argoproj.io/hook': 'Skip'}});

	it('runs hooks in their phases, never as resources, named per sync; leaves Skip objects alone', () => {
		const result = plan({desired: [...desired, pre, post, skipped], revision: 'abcdef0123', startedAtMs: 1_733_050_000_000});
		expect(names(result.apply)).toEqual(['ConfigMap/config', 'Service/web', 'Deployment/web']);
		expect(result.hooks.map(entry => `${entry.phase} ${entry.object.metadata.name}`)).toEqual([
			'PreSync migrate',
			'PostSync smoke-abcdef0-postsync-1733050000',
		]);
		expect(result.hooks[0]?.object.metadata.annotations?.[trackingAnnotation]).toBe('shop:batch/Job:demo/migrate');
		expect(result.tasks.map(task => `${task.phase} ${task.action} ${task.name}`)).toEqual([
			'PreSync hook Job/demo/migrate',
			'Sync apply ConfigMap/demo/config',
			'Sync apply Service/demo/web',
			'Sync apply Deployment/demo/web',
			'PostSync hook Job/demo/smoke-abcdef0-postsync-1733050000',
		]);
	});

	it('runs no hooks in a sync of chosen resources (self-heal too), and says so', () => {
		const result = plan({desired: [...desired, pre], request: {resources: ['Deployment/web']}});
		expect(result.hooks).toEqual([]);
		expect(result.notes).toContain('1 hook(s) not run: a sync of chosen resources runs no hooks (as in Argo CD)');
	});

	it('never prunes a live hook, and says why', () => {
		const live = tracked(app, hook('old-migrate', 'PreSync'));
		const result = plan({extras: [live], request: {prune: true}});
		expect(result.prune).toEqual([]);
		expect(result.notes).toContain(
			'Job/demo/old-migrate is not pruned: it has owner references (its owner manages it)'.replace(
				'it has owner references (its owner manages it)',
				'it is a hook (hooks are deleted by their hook-delete-policy)',
			),
		);
	});

	it('counts a Git with only hooks as empty for the allow-empty refusal', () => {
		const old = tracked(app, object('ConfigMap', 'old'));
		expect(plan({desired: [pre], objects: [], extras: [old], request: {prune: true}}).refusal).toMatch(
			/^refusing to prune: Git has no objects/,
		);
	});

	it('creates the namespace of a hook too (CreateNamespace)', () => {
		const result = plan({
			desired: [object('Job', 'migrate', {namespace: 'jobs', annotations: {'argocd.argoproj.io/hook': 'PreSync'}})],
			objects: [],
			options: {createNamespace: true},
			liveNamespaces: new Set(),
		});
		expect(result.createNamespaces).toEqual(['jobs']);
	});
});

describe("planSync: Argo CD's tracking (an app read from an Application)", () => {
	const argoTracked = (live: KubeObject, id: string) => annotated(live, {'argocd.argoproj.io/tracking-id': id});
	const old = argoTracked(object('ConfigMap', 'old'), 'shop:/ConfigMap:demo/old');

	it('prunes what Argo CD deployed for this Application, only for an Application app', () => {
		expect(names(plan({extras: [old], request: {prune: true}, tracking: {app, argoCdNames: ['shop', 'argocd_shop']}}).prune)).toEqual([
			'ConfigMap/old',
		]);
		const fromFlags = plan({extras: [old], request: {prune: true}});
		expect(fromFlags.prune).toEqual([]);
		expect(fromFlags.notes).toContain(
			"ConfigMap/demo/old is not pruned: it is tracked by Argo CD (app shop); Argo CD's tracking counts only for an app read from an Application (--app)",
		);
	});

	it("leaves another Application's objects alone", () => {
		const other = argoTracked(object('ConfigMap', 'other'), 'billing:/ConfigMap:demo/other');
		const result = plan({extras: [other], request: {prune: true}, tracking: {app, argoCdNames: ['shop']}});
		expect(result.prune).toEqual([]);
		expect(result.notes).toContain("ConfigMap/demo/other is not pruned: it is tracked by Argo CD's app billing");
	});
});
