/**
 * The referee, when Argo CD acts: sync, self-heal, auto-sync and prune are Argo CD's own behaviour
 * (its application controller does them), judged before and after by both tools. Argo CD only acts
 * when the scenario turns the policy on, after both have judged the drifted state: what Argo CD
 * then does must be what driftwatch's plan (`driftwatch sync --dry-run`) or its verdict said.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {assessHealth} from '../../source/core/health/index.js';
import type {KubeObject} from '../../source/core/kube-object.js';
import {type ApplicationManifest, applicationManifest, type ArgoApplication} from '../support/argocd/argocd-application.js';
import {type ArgoCd, startArgoCd} from '../support/argocd/argocd-runner.js';
import {agreement} from '../support/argocd/expect-agreement.js';
import {Referee} from '../support/argocd/referee.js';
import type {Verdict} from '../support/argocd/verdict.js';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, kubectlJson, waitFor} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {runCli} from './support/run-cli.js';

let argocd: ArgoCd | undefined;
let repo: LabRepo | undefined;
let web: Referee | undefined;
let namespace = '';
let scratch = '';
let manifestFor: (automated?: {selfHeal?: boolean; prune?: boolean}) => ApplicationManifest = () => {
	throw new Error('the referee did not start');
};

const the = (): {repo: LabRepo; web: Referee} => {
	if (!repo || !web) throw new Error('the referee did not start');
	return {repo, web};
};
const key = (kind: string, name: string) => `${kind}/${namespace}/${name}`;
const rolledOut = async () => kubectl(['rollout', 'status', '-n', namespace, 'deployment/web', '--timeout=90s']);

async function judgeAgreement(referee: Referee, options: {hard?: boolean} = {}): Promise<Verdict> {
	const judgement = await referee.judge(options);
	const pods = await kubectlJson<{items: KubeObject[]}>(['get', 'pods', '-n', namespace]);
	const degraded = pods.items.flatMap(pod => {
		const health = assessHealth(pod);
		return health?.status === 'Degraded' ? [{name: `Pod/${namespace}/${pod.metadata.name}`, message: health.message}] : [];
	});
	const {argo, driftwatch, appHealth} = agreement(judgement, degraded);
	expect(driftwatch, 'driftwatch agrees with Argo CD').toEqual(argo);
	expect(appHealth.actual).toEqual(appHealth.expected);
	return argo;
}

/** Waits for an operation that started after `since` (an operationState.startedAt) to finish. */
async function nextOperation(referee: Referee, since: string | undefined, what: string): Promise<ArgoApplication> {
	return referee.argo.waitFor(
		app =>
			app.operation === undefined &&
			app.status?.operationState !== undefined &&
			app.status.operationState.startedAt !== since &&
			app.status.operationState.phase !== 'Running',
		what,
		90_000,
	);
}

const lastOperationStart = async (referee: Referee) => (await referee.argo.get()).status?.operationState?.startedAt;
const names = (resources: Array<{kind: string; name: string}>) => resources.map(resource => key(resource.kind, resource.name)).sort();

beforeAll(async () => {
	argocd = await startArgoCd({kubeconfig: kubeconfig(), log: line => console.log(`[argocd] ${line}`)});
	namespace = await createNamespace('referee-act');
	scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-referee-act-'));
	repo = await createLabRepo({fixtureDir: path.resolve('fixtures/referee/app')});
	const env = {DRIFTWATCH_CACHE: path.join(scratch, 'cache'), HOME: scratch};
	const argoNamespace = argocd.namespace;
	const repoURL = `file://${repo.bare}`;
	manifestFor = automated =>
		applicationManifest({argoNamespace, repoURL, name: 'referee-act', path: 'app', namespace, ...(automated ? {automated} : {})});
	web = await Referee.create({argocd, scratch, cli: async args => runCli(args, env), manifest: manifestFor()});
});

afterAll(async () => {
	await web?.argo.delete().catch(() => {});
	await argocd?.stop();
	await repo?.dispose();
	if (namespace) await deleteNamespace(namespace);
	if (scratch) await rm(scratch, {recursive: true, force: true});
});

describe('referee: what Argo CD does is what driftwatch planned', () => {
	it("sync: Argo CD applies exactly the objects driftwatch's sync plan lists; then both say Synced + Healthy", async () => {
		const {web} = the();
		const plan = await web.driftwatchPlan();
		expect(plan).toMatchObject({ok: true, deleted: []});
		const operation = await web.argo.sync();
		expect(operation.phase, operation.message).toBe('Succeeded');
		expect(names(operation.syncResult?.resources ?? [])).toEqual([...(plan['applied'] as string[])].sort());
		await web.driftwatchSync();
		await rolledOut();
		expect(await judgeAgreement(web)).toMatchObject({sync: 'Synced', health: 'Healthy'});
	});

	it('self-heal: both judge kubectl scale OutOfSync; once self-heal is on, Argo CD re-applies exactly that Deployment', async () => {
		const {web} = the();
		await kubectl(['scale', '-n', namespace, 'deployment/web', '--replicas=4']);
		await rolledOut();
		const drifted = await judgeAgreement(web);
		expect(drifted.outOfSync).toEqual([key('Deployment', 'web')]);

		const since = await lastOperationStart(web);
		await web.update(manifestFor({selfHeal: true, prune: false}));
		const healed = await nextOperation(web, since, 'the self-heal');
		const state = healed.status?.operationState;
		expect(state?.phase).toBe('Succeeded');
		expect(state?.operation.initiatedBy?.automated).toBe(true);
		// The Application's JSON calls the self-heal count autoHealAttemptsCount.
		expect(state?.operation.sync?.autoHealAttemptsCount).toBe(1);
		// Argo CD's self-heal syncs only the resources that are not Synced: the ones both called OutOfSync.
		expect(names(state?.operation.sync?.resources ?? [])).toEqual(drifted.outOfSync);
		await waitFor(
			'2 replicas again',
			async () => (await kubectlJson<{spec: {replicas: number}}>(['get', 'deployment', 'web', '-n', namespace])).spec.replicas === 2,
		);
		await rolledOut();
		expect(await judgeAgreement(web)).toMatchObject({sync: 'Synced', health: 'Healthy'});
	});

	it('auto-sync: a pushed commit is deployed by Argo CD; driftwatch sees the same revision, Synced', async () => {
		const {repo, web} = the();
		await repo.write('app/configmap.yaml', (await repo.read('app/configmap.yaml')).replace('hello from git', 'hello again'));
		const sha = await repo.commitAndPush('Change the greeting');
		const deployed = await web.argo.waitFor(
			app =>
				app.status?.sync?.revision === sha &&
				app.status.sync.status === 'Synced' &&
				app.status.operationState?.syncResult?.revision === sha &&
				app.status.operationState.phase === 'Succeeded',
			`Argo CD to deploy ${sha.slice(0, 7)}`,
			90_000,
		);
		expect(deployed.status?.operationState?.operation.initiatedBy?.automated).toBe(true);
		const config = await kubectlJson<{data: Record<string, string>}>(['get', 'configmap', 'web-config', '-n', namespace]);
		expect(config.data).toEqual({greeting: 'hello again'});
		const status = await web.driftwatchStatusJson();
		expect(status.revision?.sha).toBe(sha);
		expect(await judgeAgreement(web)).toMatchObject({sync: 'Synced', health: 'Healthy'});
	});

	it('a manifest removed from Git, automated without prune: Argo CD does not act; both say OutOfSync, the Service extra', async () => {
		const {repo, web} = the();
		const since = await lastOperationStart(web);
		await repo.remove('app/service.yaml');
		const sha = await repo.commitAndPush('Remove the Service');
		await web.argo.waitFor(app => app.status?.sync?.revision === sha, `Argo CD to compare ${sha.slice(0, 7)}`, 60_000);
		const argo = await judgeAgreement(web, {hard: true});
		expect(argo).toMatchObject({sync: 'OutOfSync', outOfSync: [key('Service', 'web')]});
		expect(argo.resources[key('Service', 'web')]?.extra).toBe(true);
		// Argo CD skips an auto-sync that could only prune when prune is off (controller/appcontroller.go, autoSync).
		expect(await lastOperationStart(web)).toBe(since);
		const plan = await web.driftwatchPlan(['--prune']);
		expect(plan).toMatchObject({ok: true, deleted: [key('Service', 'web')]});
	});

	it("with prune on, Argo CD prunes exactly what driftwatch's plan said; both say Synced", async () => {
		const {web} = the();
		const plan = await web.driftwatchPlan(['--prune']);
		const since = await lastOperationStart(web);
		await web.update(manifestFor({selfHeal: true, prune: true}));
		const pruned = await nextOperation(web, since, 'the auto-sync with prune');
		const resources = pruned.status?.operationState?.syncResult?.resources ?? [];
		expect(names(resources.filter(resource => resource.status === 'Pruned'))).toEqual(plan['deleted']);
		await waitFor('the Service to be gone', async () => (await kubectl(['get', 'services', '-n', namespace, '-o', 'name'])).trim() === '');
		expect(await judgeAgreement(web)).toMatchObject({sync: 'Synced', health: 'Healthy', outOfSync: []});
	});
});
