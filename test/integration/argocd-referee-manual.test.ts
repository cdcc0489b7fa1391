/**
 * The referee, drift scenarios: Applications without automated sync (so Argo CD never acts while it
 * is compared), evaluated by a real Argo CD application controller (v3.2, local processes) and by
 * `driftwatch status --app` on the same cluster after each lab drift scenario. Each scenario asserts
 * that both say the same thing: sync status, health (status and message), the OutOfSync resources,
 * and every resource's sync and health. The README's referee table lists the scenarios.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {applicationManifest} from '../support/argocd/argocd-application.js';
import {type ArgoCd, startArgoCd} from '../support/argocd/argocd-runner.js';
import {agreement, type DegradedPod} from '../support/argocd/expect-agreement.js';
import {Referee} from '../support/argocd/referee.js';
import type {Verdict} from '../support/argocd/verdict.js';
import {assessHealth} from '../../source/core/health/index.js';
import type {KubeObject} from '../../source/core/kube-object.js';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, kubectlJson, waitFor} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {runCli} from './support/run-cli.js';

let argocd: ArgoCd | undefined;
let repo: LabRepo | undefined;
let web: Referee | undefined;
let hpa: Referee | undefined;
let namespace = '';
let hpaNamespace = '';
let scratch = '';

const the = (): {argocd: ArgoCd; repo: LabRepo; web: Referee; hpa: Referee} => {
	if (!argocd || !repo || !web || !hpa) throw new Error('the referee did not start');
	return {argocd, repo, web, hpa};
};
const key = (kind: string, name: string, ns = namespace) => `${kind}/${ns}/${name}`;

/** Pods in `ns` that driftwatch's pod rule calls Degraded (they count for its app health, not for Argo CD's). */
async function degradedPods(ns: string): Promise<DegradedPod[]> {
	const pods = await kubectlJson<{items: KubeObject[]}>(['get', 'pods', '-n', ns]);
	return pods.items.flatMap(pod => {
		const health = assessHealth(pod);
		return health?.status === 'Degraded' ? [{name: `Pod/${ns}/${pod.metadata.name}`, message: health.message}] : [];
	});
}

/** Judges `referee` and asserts agreement (with the differences kept on purpose); returns Argo CD's verdict. */
async function judgeAgreement(referee: Referee, options: {hard?: boolean; ns?: string} = {}): Promise<Verdict> {
	const judgement = await referee.judge(options);
	const {argo, driftwatch, appHealth} = agreement(judgement, await degradedPods(options.ns ?? namespace));
	expect(driftwatch, 'driftwatch agrees with Argo CD').toEqual(argo);
	expect(argo.healthMessage, 'Argo CD v3 leaves the app health message empty').toBe('');
	expect(appHealth.actual, "driftwatch's app health: Argo CD's, plus Degraded pods, with a message naming the cause").toEqual(
		appHealth.expected,
	);
	return argo;
}

const rolledOut = async (name = 'web', ns = namespace) => kubectl(['rollout', 'status', '-n', ns, `deployment/${name}`, '--timeout=90s']);

/** Argo CD syncs (a manual sync operation), then driftwatch syncs the same Application: both trackings on every object. */
async function syncBoth(referee: Referee, options: {prune?: boolean} = {}) {
	const operation = await referee.argo.sync(options);
	expect(operation.phase, operation.message).toBe('Succeeded');
	await referee.driftwatchSync(options.prune ? ['--prune'] : []);
}

beforeAll(async () => {
	argocd = await startArgoCd({kubeconfig: kubeconfig(), log: line => console.log(`[argocd] ${line}`)});
	console.log(`[argocd] ${argocd.version} up in ${argocd.startSeconds}s, namespace ${argocd.namespace}`);
	namespace = await createNamespace('referee');
	hpaNamespace = await createNamespace('referee-hpa');
	scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-referee-'));
	repo = await createLabRepo({fixtureDir: path.resolve('fixtures/referee/app')});
	await repo.copyFixture(path.resolve('fixtures/referee/hpa/deployment.yaml'), 'hpa/deployment.yaml');
	await repo.copyFixture(path.resolve('fixtures/referee/hpa/hpa.yaml'), 'hpa/hpa.yaml');
	await repo.commitAndPush('Add the HPA app');
	const env = {DRIFTWATCH_CACHE: path.join(scratch, 'cache'), HOME: scratch};
	const cli = async (args: string[]) => runCli(args, env);
	const common = {argoNamespace: argocd.namespace, repoURL: `file://${repo.bare}`};
	web = await Referee.create({
		argocd,
		scratch,
		cli,
		manifest: applicationManifest({...common, name: 'referee-web', path: 'app', namespace}),
	});
	hpa = await Referee.create({
		argocd,
		scratch,
		cli,
		manifest: applicationManifest({
			...common,
			name: 'referee-hpa',
			path: 'hpa',
			namespace: hpaNamespace,
			ignoreDifferences: [{group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas']}],
		}),
	});
});

afterAll(async () => {
	await web?.argo.delete().catch(() => {});
	await hpa?.argo.delete().catch(() => {});
	await argocd?.stop();
	await repo?.dispose();
	for (const ns of [namespace, hpaNamespace]) if (ns) await deleteNamespace(ns);
	if (scratch) await rm(scratch, {recursive: true, force: true});
});

describe('referee: drift scenarios on a manual-sync Application', () => {
	it('a fresh app, nothing applied: OutOfSync + Missing', async () => {
		const argo = await judgeAgreement(the().web);
		expect(argo).toMatchObject({sync: 'OutOfSync', health: 'Missing'});
		expect(argo.outOfSync).toHaveLength(4);
	});

	it('synced (by Argo CD, then by driftwatch): Synced + Healthy; server defaults, cpu: 0.1 and Secret stringData are no drift', async () => {
		await syncBoth(the().web);
		await rolledOut();
		const live = await kubectlJson<{spec: {template: {spec: {containers: Array<Record<string, unknown>>}}}}>([
			'get',
			'deployment',
			'web',
			'-n',
			namespace,
		]);
		// What the API server filled in or rewrote: defaults, and quantities in canonical form.
		expect(live.spec.template.spec.containers[0]?.['imagePullPolicy']).toBe('IfNotPresent');
		expect(live.spec.template.spec.containers[0]?.['resources']).toEqual({requests: {cpu: '100m', memory: '64Mi'}, limits: {cpu: '500m'}});
		const secret = await kubectlJson<{data: Record<string, string>; stringData?: unknown}>([
			'get',
			'secret',
			'web-credentials',
			'-n',
			namespace,
		]);
		expect(secret.stringData).toBeUndefined();
		expect(Buffer.from(secret.data['password'] ?? '', 'base64').toString()).toBe('not-a-real-password');
		const argo = await judgeAgreement(the().web);
		expect(argo).toMatchObject({sync: 'Synced', health: 'Healthy', outOfSync: []});
	});

	it('kubectl scale: OutOfSync on the Deployment, Healthy once scaled; scaling back is Synced again', async () => {
		await kubectl(['scale', '-n', namespace, 'deployment/web', '--replicas=4']);
		await rolledOut();
		const argo = await judgeAgreement(the().web);
		expect(argo).toMatchObject({sync: 'OutOfSync', health: 'Healthy', outOfSync: [key('Deployment', 'web')]});
		await kubectl(['scale', '-n', namespace, 'deployment/web', '--replicas=2']);
		await rolledOut();
		expect(await judgeAgreement(the().web)).toMatchObject({sync: 'Synced', health: 'Healthy'});
	});

	it('kubectl set image: OutOfSync on the Deployment; setting it back is Synced again', async () => {
		await kubectl(['set', 'image', '-n', namespace, 'deployment/web', 'web=nginx:1.28']);
		await rolledOut();
		const argo = await judgeAgreement(the().web);
		expect(argo).toMatchObject({sync: 'OutOfSync', health: 'Healthy', outOfSync: [key('Deployment', 'web')]});
		await kubectl(['set', 'image', '-n', namespace, 'deployment/web', 'web=nginx:1.27']);
		await rolledOut();
		expect(await judgeAgreement(the().web)).toMatchObject({sync: 'Synced', health: 'Healthy'});
	});

	it('a deleted pod is replaced by its ReplicaSet: Synced + Healthy', async () => {
		const pods = await kubectlJson<{items: Array<{metadata: {name: string}}>}>(['get', 'pods', '-n', namespace, '-l', 'app=web']);
		await kubectl(['delete', 'pod', '-n', namespace, pods.items[0]?.metadata.name ?? 'none', '--wait=true']);
		await waitFor('2 ready replicas again', async () => {
			const deployment = await kubectlJson<{status: {readyReplicas?: number; replicas?: number}}>([
				'get',
				'deployment',
				'web',
				'-n',
				namespace,
			]);
			return deployment.status.readyReplicas === 2 && deployment.status.replicas === 2;
		});
		expect(await judgeAgreement(the().web)).toMatchObject({sync: 'Synced', health: 'Healthy'});
	});

	it('a label added by hand is not drift; a label Git sets, changed by hand, is', async () => {
		await kubectl(['label', '-n', namespace, 'deployment/web', 'team=payments']);
		expect(await judgeAgreement(the().web)).toMatchObject({sync: 'Synced', health: 'Healthy'});
		await kubectl(['label', '-n', namespace, 'configmap/web-config', 'app=other', '--overwrite']);
		const argo = await judgeAgreement(the().web);
		expect(argo).toMatchObject({sync: 'OutOfSync', outOfSync: [key('ConfigMap', 'web-config')]});
		await kubectl(['label', '-n', namespace, 'configmap/web-config', 'app=web', '--overwrite']);
		expect(await judgeAgreement(the().web)).toMatchObject({sync: 'Synced'});
	});

	it('a deleted Service: OutOfSync, and Missing (a kind with a health check)', async () => {
		await kubectl(['delete', 'service', '-n', namespace, 'web']);
		const argo = await judgeAgreement(the().web);
		expect(argo).toMatchObject({sync: 'OutOfSync', health: 'Missing', outOfSync: [key('Service', 'web')]});
		await syncBoth(the().web);
		expect(await judgeAgreement(the().web)).toMatchObject({sync: 'Synced', health: 'Healthy'});
	});

	it('a deleted Secret: OutOfSync, still Healthy (a kind without a health check)', async () => {
		await kubectl(['delete', 'secret', '-n', namespace, 'web-credentials']);
		const argo = await judgeAgreement(the().web);
		expect(argo).toMatchObject({sync: 'OutOfSync', health: 'Healthy', outOfSync: [key('Secret', 'web-credentials')]});
		await syncBoth(the().web);
		expect(await judgeAgreement(the().web)).toMatchObject({sync: 'Synced', health: 'Healthy'});
	});

	it('a deleted ConfigMap: OutOfSync in both; Argo CD v3.2 calls the app Missing, driftwatch Healthy (kept difference)', async () => {
		await kubectl(['delete', 'configmap', '-n', namespace, 'web-config']);
		const judgement = await the().web.judge();
		const {argo, driftwatch, appHealth} = agreement(judgement, await degradedPods(namespace));
		expect(driftwatch, 'sync and every resource agree').toEqual(argo);
		expect(argo).toMatchObject({sync: 'OutOfSync', outOfSync: [key('ConfigMap', 'web-config')]});
		// Argo CD skips a missing resource without a health check (argo-cd#6446), but counts any kind
		// with a resource override, and the shipped argocd-cm has one for ConfigMap
		// (resource.customizations.ignoreResourceUpdates.ConfigMap; controller/health.go `hasOverride`).
		// The maintainers called it inconsistent (argo-cd#23995) and v3.4 changed it (argo-cd#25962).
		expect(argo.health).toBe('Missing');
		expect(appHealth.actual).toEqual({status: 'Healthy', message: ''});
		await syncBoth(the().web);
		expect(await judgeAgreement(the().web)).toMatchObject({sync: 'Synced', health: 'Healthy'});
	});

	it('a bad image tag from Git: Synced + Progressing while pods cannot pull, Degraded past the progress deadline', async () => {
		const {repo, web} = the();
		const good = await repo.read('app/deployment.yaml');
		await repo.write('app/deployment.yaml', good.replace('image: nginx:1.27', 'image: nginx:does-not-exist'));
		await repo.commitAndPush('Use a tag that does not exist');
		await web.argo.refresh('hard');
		await syncBoth(web);
		await waitFor('a pod in ImagePullBackOff', async () => {
			const pods = await kubectlJson<{items: Array<{status?: {containerStatuses?: Array<{state?: {waiting?: {reason?: string}}}>}}>}>([
				'get',
				'pods',
				'-n',
				namespace,
				'-l',
				'app=web',
			]);
			return pods.items.some(pod => pod.status?.containerStatuses?.some(status => status.state?.waiting?.reason === 'ImagePullBackOff'));
		});
		const progressing = await judgeAgreement(web);
		expect(progressing).toMatchObject({sync: 'Synced', health: 'Progressing'});

		await repo.write(
			'app/deployment.yaml',
			(await repo.read('app/deployment.yaml')).replace('  replicas: 2\n', '  replicas: 2\n  progressDeadlineSeconds: 5\n'),
		);
		await repo.commitAndPush('Give up on the rollout after 5 seconds');
		await web.argo.refresh('hard');
		await syncBoth(web);
		await waitFor('the progress deadline to pass', async () => {
			const deployment = await kubectlJson<{status: {conditions?: Array<{type: string; reason?: string}>}}>([
				'get',
				'deployment',
				'web',
				'-n',
				namespace,
			]);
			return deployment.status.conditions?.some(
				condition => condition.type === 'Progressing' && condition.reason === 'ProgressDeadlineExceeded',
			);
		});
		const degraded = await judgeAgreement(web);
		expect(degraded).toMatchObject({sync: 'Synced', health: 'Degraded'});
		expect(degraded.resources[key('Deployment', 'web')]?.healthMessage).toBe('Deployment "web" exceeded its progress deadline');

		await repo.write('app/deployment.yaml', good);
		await repo.commitAndPush('Back to nginx:1.27');
		await web.argo.refresh('hard');
		await syncBoth(web);
		await rolledOut();
		expect(await judgeAgreement(web)).toMatchObject({sync: 'Synced', health: 'Healthy'});
	});

	it('a manifest removed from Git, no prune: OutOfSync, the Service is extra (requires pruning) and stays', async () => {
		const {repo, web} = the();
		await repo.remove('app/service.yaml');
		await repo.commitAndPush('Remove the Service');
		const argo = await judgeAgreement(web, {hard: true});
		expect(argo).toMatchObject({sync: 'OutOfSync', outOfSync: [key('Service', 'web')]});
		expect(argo.resources[key('Service', 'web')]).toMatchObject({extra: true});
		// A sync without prune leaves it, in both.
		await syncBoth(web);
		expect(await judgeAgreement(web)).toEqual(argo);
	});

	it('a manifest removed from Git, sync with prune: the Service is deleted, Synced', async () => {
		const {web} = the();
		const plan = await web.driftwatchPlan(['--prune']);
		expect(plan).toMatchObject({ok: true, deleted: [key('Service', 'web')]});
		// A dry run deletes nothing (it did, before the DeleteOptions fix).
		expect(await kubectl(['get', 'service', 'web', '-n', namespace, '-o', 'name'])).toContain('service/web');
		const operation = await web.argo.sync({prune: true});
		expect(operation.phase).toBe('Succeeded');
		const pruned = (operation.syncResult?.resources ?? []).filter(resource => resource.status === 'Pruned');
		expect(
			pruned.map(resource => key(resource.kind, resource.name, resource.namespace)),
			JSON.stringify(operation),
		).toEqual(plan['deleted']);
		await waitFor('the Service to be gone', async () => {
			const result = await kubectlJson<{items: unknown[]}>(['get', 'services', '-n', namespace, '--field-selector=metadata.name=web']);
			return result.items.length === 0;
		});
		expect(await judgeAgreement(web)).toMatchObject({sync: 'Synced', health: 'Healthy', outOfSync: []});
	});
});

describe('referee: HPA-owned replicas', () => {
	it('with ignoreDifferences on /spec/replicas: the HPA raising replicas is not drift', async () => {
		const {hpa} = the();
		await syncBoth(hpa);
		await waitFor('the HPA to raise the replicas to 2', async () => {
			const deployment = await kubectlJson<{spec: {replicas: number}}>(['get', 'deployment', 'api', '-n', hpaNamespace]);
			return deployment.spec.replicas === 2;
		});
		await rolledOut('api', hpaNamespace);
		const argo = await judgeAgreement(hpa, {ns: hpaNamespace});
		expect(argo).toMatchObject({sync: 'Synced', outOfSync: []});
	});
});
