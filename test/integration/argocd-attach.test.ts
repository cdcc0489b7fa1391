/**
 * `driftwatch --argocd` on a real Argo CD (v3.2, local processes, test/support/argocd): it lists the
 * Applications live, shows an OutOfSync app's diff with attribution, syncs through Argo CD and shows
 * the operation's progress and result, toggles self-heal (Argo CD then heals), shows Argo CD's own
 * health messages, and disables actions with the reason for a user without patch rights. Driven
 * through the built CLI's JSON lines (`watch --no-ui --output jsonl --argocd`) and the engine API
 * (test/support/argocd/attached-engine.ts, wired as cli.tsx wires it).
 */
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {valueAt} from '../../source/core/health/json-fields.js';
import type {AppView} from '../../source/engine/engine-state.js';
import {applicationManifest, type ArgoApplication, ArgoApplicationClient} from '../support/argocd/argocd-application.js';
import {type ArgoCd, startArgoCd} from '../support/argocd/argocd-runner.js';
import {type Attached, startAttached} from '../support/argocd/attached-engine.js';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, kubectlJson, waitFor} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {restrictedContext, waitForApp} from './support/lab.js';
import {type JsonLine, type JsonLinesWatcher, runCli, watchJsonLines} from './support/run-cli.js';

let argocd: ArgoCd | undefined;
let repo: LabRepo | undefined;
let attached: Attached | undefined;
let watcher: JsonLinesWatcher | undefined;
let scratch = '';
let namespace = '';
let brokenNamespace = '';

const the = () => {
	if (!argocd || !attached || !repo) throw new Error('Argo CD or driftwatch did not start');
	return {argocd, attached, repo, engine: attached.engine};
};
const argo = () => {
	if (!argocd || !repo) throw new Error('Argo CD did not start');
	return {argocd, repo};
};
const app = (name: string) => new ArgoApplicationClient(argo().argocd, name);
const manifest = (name: string, appPath: string, destination: string) =>
	applicationManifest({
		name,
		argoNamespace: argo().argocd.namespace,
		repoURL: `file://${argo().repo.bare}`,
		path: appPath,
		namespace: destination,
	});
const web = (view: AppView) => view.status.objects.find(object => object.key.kind === 'Deployment');
const replicas = async () => (await kubectlJson<{spec: {replicas: number}}>(['get', 'deployment', 'web', '-n', namespace])).spec.replicas;
const line = async (what: string, predicate: (line: JsonLine) => boolean) => {
	if (!watcher) throw new Error('the CLI did not start');
	return watcher.find(what, predicate);
};

beforeAll(async () => {
	argocd = await startArgoCd({kubeconfig: kubeconfig(), log: entry => console.log(`[argocd] ${entry}`)});
	namespace = await createNamespace('attach');
	brokenNamespace = await createNamespace('attach-broken');
	scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-attach-'));
	repo = await createLabRepo({fixtureDir: path.resolve('fixtures/referee/app')});
	// A second app whose rollout cannot finish: a tag that does not exist, a 5-second progress deadline.
	const deployment = await repo.read('app/deployment.yaml');
	await repo.write(
		'broken/deployment.yaml',
		deployment
			.replace('image: nginx:1.27', 'image: nginx:does-not-exist')
			.replace('  replicas: 2\n', '  replicas: 1\n  progressDeadlineSeconds: 5\n'),
	);
	await repo.commitAndPush('A rollout that cannot finish');
	// Argo CD deploys the app first, as a team that already uses it would have.
	const webApp = app('attach-web');
	await webApp.apply(manifest('attach-web', 'app', namespace), path.join(scratch, 'attach-web.yaml'));
	const first = await webApp.sync();
	expect(first.phase, first.message).toBe('Succeeded');
	await kubectl(['rollout', 'status', '-n', namespace, 'deployment/web', '--timeout=90s']);

	attached = await startAttached({kubeconfig: kubeconfig(), namespace: argocd.namespace});
	watcher = watchJsonLines(['--argocd', '--argocd-namespace', argocd.namespace, '--kubeconfig', kubeconfig()], {
		DRIFTWATCH_CACHE: path.join(scratch, 'cli-cache'),
		HOME: scratch,
	});
});

afterAll(async () => {
	await watcher?.stop();
	await attached?.stop();
	for (const name of ['attach-web', 'attach-extra', 'attach-broken'])
		await app(name)
			.delete()
			.catch(() => {});
	await argocd?.stop();
	await repo?.dispose();
	for (const name of [namespace, brokenNamespace]) if (name) await deleteNamespace(name);
	if (scratch) await rm(scratch, {recursive: true, force: true});
});

describe('driftwatch --argocd', () => {
	it("lists Argo CD's Applications live: one created later appears without a restart, a deleted one leaves", async () => {
		const {engine, argocd} = the();
		const view = await waitForApp(
			engine,
			'attach-web',
			candidate => candidate.status.syncStatus === 'Synced' && candidate.status.health.status === 'Healthy',
		);
		expect(engine.getSnapshot().argocd).toEqual({namespace: argocd.namespace});
		expect(view.argocd).toMatchObject({namespace: argocd.namespace, project: 'default', resourceHealth: 'argocd', comparisonError: null});
		expect(view.history).toEqual([expect.objectContaining({id: 0, initiatedBy: 'driftwatch-referee'})]);
		await line(
			"the CLI's status line of attach-web with its own comparison (so the drift below is news to it)",
			entry =>
				entry['type'] === 'status' &&
				entry['app'] === 'attach-web' &&
				entry['syncStatus'] === 'Synced' &&
				valueAt(entry, 'argocd', 'driftwatch', 'syncStatus') === 'Synced',
		);

		await app('attach-extra').apply(manifest('attach-extra', 'app', brokenNamespace), path.join(scratch, 'attach-extra.yaml'));
		const extra = await waitForApp(
			engine,
			'attach-extra',
			candidate => candidate.status.syncStatus === 'OutOfSync',
			60_000,
			'the new Application, compared',
		);
		expect(extra.status.counts.missing).toBeGreaterThan(0);
		await line('a status line of the new Application', entry => entry['type'] === 'status' && entry['app'] === 'attach-extra');
		await app('attach-extra').delete();
		await waitFor('attach-extra to leave', () =>
			Promise.resolve(!engine.getSnapshot().apps.some(candidate => candidate.name === 'attach-extra')),
		);
	});

	it("shows an OutOfSync app's diff with attribution: kubectl scaled the Deployment", async () => {
		const {engine} = the();
		await kubectl(['scale', '-n', namespace, 'deployment/web', '--replicas=4']);
		const view = await waitForApp(
			engine,
			'attach-web',
			candidate => candidate.status.syncStatus === 'OutOfSync' && (web(candidate)?.attribution.length ?? 0) > 0,
			60_000,
			'Argo CD to say OutOfSync and driftwatch to attribute the drift',
		);
		const deployment = web(view);
		expect(deployment).toMatchObject({syncStatus: 'OutOfSync', drift: 'modified', changedPaths: ['/spec/replicas']});
		expect(deployment?.attribution).toEqual([expect.objectContaining({path: '/spec/replicas', manager: 'kubectl', operation: 'Update'})]);
		const diff = (deployment?.diff?.unified ?? []).map(entry => `${entry.op}${entry.text}`);
		expect(diff).toContain('-  replicas: 4');
		expect(diff).toContain('+  replicas: 2');
		const drift = await line('a drift-detected line', entry => entry['type'] === 'drift-detected' && entry['app'] === 'attach-web');
		expect(drift['attribution']).toEqual([expect.objectContaining({path: '/spec/replicas', manager: 'kubectl'})]);
	});

	it("syncs through Argo CD and shows the operation's progress and result", async () => {
		const {engine, attached} = the();
		const result = await engine.sync('attach-web');
		expect(result).toMatchObject({ok: true, applied: expect.arrayContaining([`Deployment/${namespace}/web`]) as unknown});
		expect(result.message).toMatch(/^Argo CD: successfully synced/u);
		const phases = attached.views('attach-web').map(view => view.argocd?.operation?.phase);
		expect(phases).toContain('Succeeded');
		expect(phases.some(phase => phase === 'Requested' || phase === 'Running')).toBe(true);
		const argo: ArgoApplication = await app('attach-web').get();
		expect(argo.status?.operationState?.operation.initiatedBy?.username).toBe('driftwatch-admin');
		await waitFor('2 replicas again', async () => (await replicas()) === 2);
		const view = await waitForApp(
			engine,
			'attach-web',
			candidate => candidate.status.syncStatus === 'Synced' && candidate.history.length === 2,
		);
		expect(view.history[0]).toMatchObject({id: 1, initiatedBy: 'driftwatch-admin'});
		expect(view.timeline.map(entry => entry.type)).toEqual(expect.arrayContaining(['sync-started', 'synced']));
		await line(
			'an operation line, Succeeded',
			entry => entry['type'] === 'operation' && entry['app'] === 'attach-web' && entry['phase'] === 'Succeeded',
		);
		await line('the synced line', entry => entry['type'] === 'synced' && entry['app'] === 'attach-web' && entry['initiator'] === 'user');
	});

	it('toggles self-heal: spec.syncPolicy changes, and Argo CD heals the next kubectl scale', async () => {
		const {engine} = the();
		engine.setPolicy('attach-web', {selfHeal: true});
		await waitFor('selfHeal in the Application', async () => {
			const spec = await kubectlJson<{spec: {syncPolicy?: {automated?: {selfHeal?: boolean}}}}>([
				'get',
				'applications.argoproj.io',
				'attach-web',
				'-n',
				the().argocd.namespace,
			]);
			return spec.spec.syncPolicy?.automated?.selfHeal === true;
		});
		await waitForApp(engine, 'attach-web', candidate => candidate.policy.selfHeal && candidate.policy.autoSync);
		await kubectl(['scale', '-n', namespace, 'deployment/web', '--replicas=5']);
		await waitFor('Argo CD to heal the scale', async () => (await replicas()) === 2, 90_000);
		const view = await waitForApp(
			engine,
			'attach-web',
			candidate => candidate.timeline.some(entry => entry.type === 'synced' && entry.initiator === 'self-heal'),
			60_000,
			'a self-heal on the timeline',
		);
		expect(view.operation?.action).toBe('heal');
		engine.setPolicy('attach-web', {autoSync: false});
		await waitForApp(engine, 'attach-web', candidate => !candidate.policy.autoSync && !candidate.policy.selfHeal);
		const spec = await kubectlJson<{spec: {syncPolicy?: {automated?: unknown}}}>([
			'get',
			'applications.argoproj.io',
			'attach-web',
			'-n',
			the().argocd.namespace,
		]);
		expect(spec.spec.syncPolicy?.automated).toBeUndefined();
	});

	it("shows Argo CD's own health messages", async () => {
		const {engine} = the();
		await app('attach-broken').apply(manifest('attach-broken', 'broken', brokenNamespace), path.join(scratch, 'attach-broken.yaml'));
		await waitForApp(engine, 'attach-broken', candidate => candidate.status.syncStatus === 'OutOfSync');
		const result = await engine.sync('attach-broken');
		expect(result.ok, result.message).toBe(true);
		const view = await waitForApp(
			engine,
			'attach-broken',
			candidate => web(candidate)?.health?.status === 'Degraded',
			90_000,
			'Argo CD to call the Deployment Degraded',
		);
		const argo = await app('attach-broken').get();
		const argoDeployment = argo.status?.resources?.find(resource => resource.kind === 'Deployment');
		expect(argoDeployment?.health?.message).toMatch(/exceeded its progress deadline/u);
		expect(web(view)?.health).toEqual({status: 'Degraded', message: argoDeployment?.health?.message});
		expect(view.argocd?.resourceHealth).toBe('argocd');
		expect(view.status.health.status).toBe(argo.status?.health?.status);
		// Argo CD v3 leaves the app's message empty: the message then names the Degraded objects, and says so.
		if (argo.status?.health?.message) expect(view.argocd?.healthMessage).toBe('argocd');
		else
			expect(view).toMatchObject({
				status: {health: {message: expect.stringMatching(/^Caused by /u) as unknown}},
				argocd: {healthMessage: 'driftwatch'},
			});
	});

	it('a user without patch rights on Applications sees the actions disabled with the reason, and nothing is asked of Argo CD', async () => {
		const {argocd} = the();
		const role = {
			apiVersion: 'rbac.authorization.k8s.io/v1',
			kind: 'Role',
			metadata: {name: 'read-applications', namespace: argocd.namespace},
			rules: [{apiGroups: ['argoproj.io'], resources: ['applications', 'appprojects'], verbs: ['get', 'list', 'watch']}],
		};
		const binding = {
			apiVersion: 'rbac.authorization.k8s.io/v1',
			kind: 'RoleBinding',
			metadata: {name: 'read-applications', namespace: argocd.namespace},
			roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'read-applications'},
			subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'restricted'}],
		};
		await kubectl(['apply', '-f', '-'], {input: JSON.stringify({apiVersion: 'v1', kind: 'List', items: [role, binding]})});
		const before = (await app('attach-web').get()).status?.operationState?.startedAt;
		const reader = await startAttached({kubeconfig: kubeconfig(), context: restrictedContext, namespace: argocd.namespace});
		try {
			const view = await waitForApp(
				reader.engine,
				'attach-web',
				candidate => candidate.evaluated && !candidate.permissions.sync.reason.startsWith('checking'),
			);
			expect(reader.engine.getSnapshot().user).toBe('restricted');
			expect(view.status.syncStatus).toBe('Synced');
			expect(view.permissions.sync.allowed).toBe(false);
			expect(view.permissions.sync.reason).toMatch(new RegExp(`^user "restricted" cannot patch Applications in ${argocd.namespace}`, 'u'));
			expect((await reader.engine.planSync('attach-web')).blockedReason).toBe(view.permissions.sync.reason);
			expect(await reader.engine.sync('attach-web')).toMatchObject({ok: false, message: view.permissions.sync.reason});
			expect((await app('attach-web').get()).status?.operationState?.startedAt).toBe(before);
		} finally {
			await reader.stop();
		}
	});

	it('the CLI syncs one Application through Argo CD too: `sync --argocd --name`', async () => {
		const {argocd} = the();
		const before = (await app('attach-web').get()).status?.history?.length ?? 0;
		const result = await runCli(
			[
				'sync',
				'--argocd',
				'--argocd-namespace',
				argocd.namespace,
				'--name',
				'attach-web',
				'--kubeconfig',
				kubeconfig(),
				'--output',
				'json',
			],
			{DRIFTWATCH_CACHE: path.join(scratch, 'cli-cache'), HOME: scratch},
		);
		expect(result.code, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({action: 'sync', ok: true});
		const history = (await app('attach-web').get()).status?.history ?? [];
		expect(history).toHaveLength(before + 1);
	});
});
