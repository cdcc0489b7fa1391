/**
 * The Argo CD mode's engine over fakes: Applications come and go through the watch, Argo CD's
 * verdict is joined with driftwatch's own diff and attribution, and every action is a patch of the
 * Application (the test plays Argo CD's controller); driftwatch never writes a cluster object.
 */
import {afterEach, describe, expect, it} from 'vitest';
import {applicationApiVersion, applicationKind, refreshAnnotation} from '../../../../source/core/argocd/application-report.js';
import {setupAttached, stopAttached, webResource} from '../support/attached-setup.js';
import {application, argoNamespace, writeStatus} from '../support/fake-argocd.js';
import {settle} from '../support/fake-clock.js';
import {scaledBy, scaleTo} from '../support/fixtures.js';

afterEach(() => {
	stopAttached();
});

describe('ArgoCdEngine', () => {
	it("shows Argo CD's verdict with driftwatch's diff and attribution of a kubectl scale", async () => {
		const {engine, live, clock, status, view, cluster} = await setupAttached();
		expect(view()).toMatchObject({evaluated: true, status: {syncStatus: 'Synced', health: {status: 'Healthy'}}, policy: {autoSync: false}});
		expect(engine.getSnapshot().argocd).toEqual({namespace: argoNamespace});

		live.edit('Deployment/demo/web', scaleTo(4), scaledBy('kubectl'));
		writeStatus(live, 'shop', status('OutOfSync'));
		const app = await clock.advanceUntil(
			() => view(),
			candidate => candidate?.status.objects[0]?.attribution.length === 1,
			'the drift attributed',
		);
		expect(app?.status.syncStatus).toBe('OutOfSync');
		const [web] = app?.status.objects ?? [];
		expect(web).toMatchObject({syncStatus: 'OutOfSync', drift: 'modified', changedPaths: ['/spec/replicas'], warnings: []});
		expect(web?.attribution).toEqual([expect.objectContaining({path: '/spec/replicas', manager: 'kubectl'})]);
		expect(web?.diff?.unified.some(line => line.op === '-' && line.text.includes('replicas: 4'))).toBe(true);
		expect(app?.argocd).toMatchObject({resourceHealth: 'driftwatch', driftwatch: {syncStatus: 'OutOfSync'}, comparisonError: null});
		expect(app?.timeline.some(entry => entry.type === 'drift-detected')).toBe(true);
		expect(cluster.writes()).toEqual([]);
	});

	it('lists an Application that appears, and drops one that is deleted, without a restart', async () => {
		const {live, clock, engine} = await setupAttached();
		live.put(application({name: 'blog'}));
		await clock.advance(0);
		expect(engine.getSnapshot().apps.map(app => app.name)).toEqual(['blog', 'shop']);
		expect(engine.app('blog')).toMatchObject({evaluated: true, status: {syncStatus: 'Unknown'}});
		live.remove({apiVersion: applicationApiVersion, kind: applicationKind, namespace: argoNamespace, name: 'blog'});
		await clock.advance(0);
		expect(engine.getSnapshot().apps.map(app => app.name)).toEqual(['shop']);
	});

	it("syncs through Argo CD: sets the operation, follows its progress, returns Argo CD's result", async () => {
		const {engine, live, clock, writer, cluster, commit, status, view} = await setupAttached();
		writeStatus(live, 'shop', status('OutOfSync'));
		await clock.advance(0);
		const plan = await engine.planSync('shop', {prune: true});
		expect(plan).toMatchObject({apply: ['Deployment/demo/web'], delete: []});
		expect(plan.blockedReason).toBeUndefined();

		let done = false;
		const result = engine.sync('shop', {prune: true}).finally(() => (done = true));
		await settle();
		const operation = writer.patches[0]?.patch['operation'] as {info: Array<{value: string}>; sync: unknown; initiatedBy: unknown};
		expect(operation).toMatchObject({initiatedBy: {username: 'restricted'}, sync: {prune: true}});
		expect(operation.info[0]?.value).toMatch(/^prune \S+$/u);
		expect(view()?.argocd?.operation?.phase).toBe('Requested');
		expect(view()?.operation).toMatchObject({action: 'prune', phase: 'Running'});

		const state = {operation, startedAt: '2025-03-01T10:00:01Z'};
		writeStatus(
			live,
			'shop',
			status('OutOfSync', {operationState: {...state, phase: 'Running', message: 'one more synchronization pass'}}),
		);
		await clock.advance(0);
		expect(view()?.argocd?.operation).toMatchObject({phase: 'Running', message: 'one more synchronization pass'});
		expect(done).toBe(false);

		const syncResult = {
			revision: commit.sha,
			resources: [{...webResource(''), status: 'Synced', message: 'deployment.apps/web configured', syncPhase: 'Sync'}],
		};
		writeStatus(
			live,
			'shop',
			status('Synced', {
				operationState: {
					...state,
					phase: 'Succeeded',
					message: 'successfully synced (all tasks run)',
					finishedAt: '2025-03-01T10:00:02Z',
					syncResult,
				},
			}),
			{clearOperation: true},
		);
		expect(await result).toEqual({
			ok: true,
			message: 'Argo CD: successfully synced (all tasks run)',
			applied: ['Deployment/demo/web'],
			deleted: [],
			errors: [],
		});
		const types = view()?.timeline.map(entry => entry.type);
		expect(types?.slice(0, 2)).toEqual(['synced', 'sync-started']);
		expect(view()?.timeline[0]).toMatchObject({
			type: 'synced',
			initiator: 'user',
			applied: 1,
			outcome: 'successfully synced (all tasks run)',
		});
		expect(cluster.writes()).toEqual([]);
	});

	it("toggles self-heal through spec.syncPolicy (in Argo CD it is an option of auto-sync) and shows Argo CD's policy", async () => {
		const {engine, writer, clock, view} = await setupAttached();
		engine.setPolicy('shop', {selfHeal: true});
		await clock.advance(0);
		expect(writer.patches.map(entry => entry.patch)).toEqual([{spec: {syncPolicy: {automated: {prune: false, selfHeal: true}}}}]);
		expect(view()?.policy).toEqual({autoSync: true, selfHeal: true, prune: false});
		expect(view()?.timeline[0]).toMatchObject({type: 'policy-changed', changes: {autoSync: true, selfHeal: true}});
		engine.setPolicy('shop', {autoSync: false});
		await clock.advance(0);
		expect(writer.patches.at(-1)?.patch).toEqual({spec: {syncPolicy: {automated: null}}});
		expect(view()?.policy).toEqual({autoSync: false, selfHeal: false, prune: false});
	});

	it('without patch rights on Applications, actions are disabled with the reason and nothing is sent', async () => {
		const {engine, writer, view} = await setupAttached({forbid: true});
		expect(view()?.permissions.sync.allowed).toBe(false);
		expect(view()?.permissions.sync.reason).toMatch(/^user "restricted" cannot patch Applications in argocd/u);
		expect(view()?.permissions.revert.allowed).toBe(false);
		expect((await engine.planSync('shop')).blockedReason).toMatch(/cannot patch Applications/u);
		expect(await engine.sync('shop')).toMatchObject({ok: false});
		expect(writer.patches).toEqual([]);
	});

	it("refresh asks Argo CD for a comparison with the refresh annotation: 'normal', or 'hard' for new manifests from Git too", async () => {
		const {engine, writer, live, clock} = await setupAttached();
		live.put(application({name: 'blog'}));
		await clock.advance(0);
		const annotation = (name: string) =>
			live.get({apiVersion: applicationApiVersion, kind: applicationKind, namespace: argoNamespace, name})?.metadata.annotations?.[
				refreshAnnotation
			];

		await engine.refresh('shop');
		expect(writer.patches).toEqual([{name: 'shop', patch: {metadata: {annotations: {'argocd.argoproj.io/refresh': 'normal'}}}}]);
		expect(annotation('shop')).toBe('normal');
		expect(annotation('blog')).toBeUndefined();

		writer.patches.length = 0;
		await engine.refresh(undefined, {hard: true});
		expect(writer.patches.map(entry => entry.name).sort()).toEqual(['blog', 'shop']);
		for (const entry of writer.patches) expect(entry.patch).toEqual({metadata: {annotations: {'argocd.argoproj.io/refresh': 'hard'}}});
		expect(annotation('shop')).toBe('hard');
		expect(annotation('blog')).toBe('hard');
	});

	it('refresh without patch rights sends no patch, and only re-reads what driftwatch watches', async () => {
		const {engine, writer, live, view} = await setupAttached({forbid: true});
		const before = live.refreshes;
		await engine.refresh('shop', {hard: true});
		expect(writer.patches).toEqual([]);
		expect(live.refreshes).toBeGreaterThan(before);
		expect(view()?.timeline.filter(entry => entry.type === 'error')).toEqual([]);
	});

	it("a refresh the API server refuses is on the app's timeline as refused, with the server's reason", async () => {
		const {engine, writer, view, clock} = await setupAttached();
		writer.forbid();
		await engine.refresh('shop');
		await clock.advance(0);
		expect(writer.patches.map(entry => entry.patch)).toEqual([{metadata: {annotations: {'argocd.argoproj.io/refresh': 'normal'}}}]);
		expect(view()?.timeline[0]).toMatchObject({
			type: 'error',
			operation: 'refresh',
			refused: true,
			message: expect.stringContaining('User "restricted" cannot patch resource "applications"') as unknown,
		});
	});

	it('a rollback is refused while auto-sync is on, and otherwise syncs the history entry again', async () => {
		const automatedSetup = await setupAttached({automated: {prune: false, selfHeal: false}});
		const refused = await automatedSetup.engine.rollback('shop', 0);
		expect(refused.ok).toBe(false);
		expect(refused.message).toMatch(/auto-sync is on/u);
		expect(automatedSetup.writer.patches).toEqual([]);

		const {engine, writer, commit} = await setupAttached();
		void engine.rollback('shop', 0);
		await settle();
		expect(writer.patches[0]?.patch).toMatchObject({
			operation: {sync: {revision: commit.sha, source: {repoURL: 'memory://shop.git', path: 'deploy'}, prune: false}},
		});
	});

	it("uses Argo CD's per-resource health when it stores it, and says which health it shows", async () => {
		const {live, clock, status, view} = await setupAttached();
		writeStatus(
			live,
			'shop',
			status('Synced', {
				resources: [webResource('Synced', {status: 'Degraded', message: 'exceeded its progress deadline'})],
				health: {status: 'Degraded'},
			}),
		);
		await clock.advance(0);
		expect(view()?.status.objects[0]?.health).toEqual({status: 'Degraded', message: 'exceeded its progress deadline'});
		expect(view()?.status.health).toEqual({status: 'Degraded', message: 'Caused by Deployment/demo/web: exceeded its progress deadline'});
		expect(view()?.argocd).toMatchObject({resourceHealth: 'argocd', healthMessage: 'driftwatch'});
	});

	it("says why there is no diff when driftwatch cannot reach the destination, and keeps Argo CD's verdict", async () => {
		const {view} = await setupAttached({unreachable: true});
		expect(view()?.argocd?.comparisonError).toMatch(/no kubeconfig context points at/u);
		expect(view()?.status).toMatchObject({syncStatus: 'Synced', objects: [{key: {kind: 'Deployment', name: 'web'}, diff: null}]});
		expect(view()?.status.warnings.join('\n')).toMatch(/driftwatch's own comparison is unavailable/u);
	});
});
