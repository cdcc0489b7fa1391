/**
 * Many clusters for real: two control planes (A, the run's; B, started here) and one kubeconfig
 * merging both. Apps with the same names in namespaces of the same name on both clusters, so any
 * crossing over shows: standalone (`--app` manifests whose destination names a kubeconfig context,
 * or a server matched against the kubeconfig's clusters) and in `--argocd` mode (Argo CD runs
 * against A; B is an Argo CD cluster secret built from B's certificates). Objects, watches, drift,
 * actions and logs must each go to the app's own cluster; a sync of one app never touches the other
 * cluster.
 */
import {spawn} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {dump} from 'js-yaml';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {systemClock} from '../../source/clock/system-clock.js';
import {clusterDestination} from '../../source/cluster/cluster-destination.js';
import {connect} from '../../source/cluster/kube-connection.js';
import {ResourceClient} from '../../source/cluster/resource-client.js';
import {loadAppFiles} from '../../source/config/load-app-files.js';
import {clusterTargetOf} from '../../source/core/app-definition.js';
import {DriftEngine} from '../../source/engine/drift-engine.js';
import type {AppView, EngineActions} from '../../source/engine/engine-state.js';
import {gitSources} from '../../source/git/git-sources.js';
import {renderAppSource} from '../../source/render/render-app-source.js';
import {applicationManifest, ArgoApplicationClient} from '../support/argocd/argocd-application.js';
import {type ArgoCd, startArgoCd} from '../support/argocd/argocd-runner.js';
import {type Attached, startAttached} from '../support/argocd/attached-engine.js';
import {argoCdClusterSecret, contextA, contextB, startSecondCluster, type TwoClusters} from '../support/two-clusters.js';
import {kubeconfig, waitFor} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {waitForApp} from './support/lab.js';
import {type JsonLinesWatcher, runCli, watchJsonLines} from './support/run-cli.js';

let clusters: TwoClusters | undefined;
let repo: LabRepo | undefined;
let scratch = '';
/** The same namespace name on both clusters. */
const namespace = `multi-${randomBytes(3).toString('hex')}`;

const the = () => {
	if (!clusters || !repo) throw new Error('the two clusters did not start');
	return {clusters, repo};
};

async function kubectlOn(context: string, args: string[], input?: string): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn('kubectl', [`--kubeconfig=${the().clusters.kubeconfig}`, `--context=${context}`, ...args], {
			stdio: ['pipe', 'pipe', 'pipe'],
		});
		let out = '';
		let err = '';
		child.stdout.on('data', chunk => (out += String(chunk)));
		child.stderr.on('data', chunk => (err += String(chunk)));
		child.on('close', code => (code === 0 ? resolve(out) : reject(new Error(`kubectl --context=${context} ${args.join(' ')}: ${err}`))));
		child.stdin.end(input ?? '');
	});
}

interface ListedObject {
	kind: string;
	metadata: {
		name: string;
		generation?: number;
		labels?: Record<string, string>;
		annotations?: Record<string, string>;
		managedFields?: Array<{manager?: string; operation?: string; time?: string; subresource?: string}>;
	};
	spec?: unknown;
	data?: unknown;
}

/**
 * What a client wrote to one object: its spec, data, labels and annotations and who wrote them.
 * Not the resourceVersion: the cluster's own controllers move that (a Deployment's status as its
 * pods start, its revision annotation), and those writes say nothing about where a sync went.
 */
function clientWrites(object: ListedObject): string {
	const {'deployment.kubernetes.io/revision': _revision, ...annotations} = object.metadata.annotations ?? {};
	const writers = (object.metadata.managedFields ?? [])
		.filter(entry => entry.subresource !== 'status' && entry.manager !== 'kube-controller-manager')
		.map(entry => `${entry.manager}/${entry.operation}@${entry.time}`);
	return JSON.stringify({
		generation: object.metadata.generation,
		labels: object.metadata.labels,
		annotations,
		spec: object.spec,
		data: object.data,
		writers,
	});
}

/** Every object of the namespace on one cluster, as kind/name → what clients wrote: equal snapshots mean no client wrote. */
async function objectsOn(context: string, ns: string): Promise<Record<string, string>> {
	const list = JSON.parse(await kubectlOn(context, ['get', 'deployments,services,configmaps,secrets', '-n', ns, '-o', 'json'])) as {
		items: ListedObject[];
	};
	return Object.fromEntries(
		list.items
			// Every namespace has this one from the control plane itself.
			.filter(item => item.metadata.name !== 'kube-root-ca.crt')
			.map(item => [`${item.kind}/${item.metadata.name}`, clientWrites(item)]),
	);
}

const replicasOn = async (context: string, ns: string) =>
	(JSON.parse(await kubectlOn(context, ['get', 'deployment', 'web', '-n', ns, '-o', 'json'])) as {spec: {replicas: number}}).spec.replicas;

/** A pod of Deployment web on one cluster. */
async function podOn(context: string, ns: string): Promise<string> {
	return waitFor(`a web pod on ${context}`, async () => {
		const pods = JSON.parse(await kubectlOn(context, ['get', 'pods', '-n', ns, '-l', 'app=web', '-o', 'json'])) as {
			items: Array<{metadata: {name: string}}>;
		};
		return pods.items[0]?.metadata.name;
	});
}

/** The first two lines of a pod's log through the engine's followLogs; rejects with the stream's error. */
async function logLines(actions: EngineActions, pod: {namespace: string; name: string; app?: string}): Promise<string[]> {
	return new Promise((resolve, reject) => {
		const lines: string[] = [];
		const stop = actions.followLogs(
			pod,
			undefined,
			line => {
				lines.push(line);
				if (lines.length === 2) {
					stop();
					resolve([...lines]);
				}
			},
			message => {
				stop();
				reject(new Error(message));
			},
		);
		setTimeout(() => {
			stop();
			reject(new Error(`no log lines of ${pod.namespace}/${pod.name} within 20s (got ${lines.length})`));
		}, 20_000);
	});
}

/** What every fake container prints first (source/control-plane/kwok-config.ts). */
const kwokLog = ['driftwatch local cluster: fake container started by kwok', 'listening on :80'];

beforeAll(async () => {
	clusters = await startSecondCluster(kubeconfig(), line => console.log(line));
	scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-multi-'));
	repo = await createLabRepo({fixtureDir: path.resolve('fixtures/referee/app')});
	for (const context of [contextA, contextB]) await kubectlOn(context, ['create', 'namespace', namespace]);
});

afterAll(async () => {
	for (const context of [contextA, contextB]) await kubectlOn(context, ['delete', 'namespace', namespace, '--wait=false']).catch(() => '');
	await repo?.dispose();
	await clusters?.stop();
	if (scratch) await rm(scratch, {recursive: true, force: true});
});

describe('standalone: apps on two clusters by kubeconfig context and by server', () => {
	const files = {a: '', b: ''};
	let watcher: JsonLinesWatcher | undefined;
	let engine: DriftEngine | undefined;
	const hubs: Array<{stop(): void}> = [];
	const env = () => ({DRIFTWATCH_CACHE: path.join(scratch, 'cache'), HOME: scratch});
	const flags = (...apps: string[]) => [...apps.flatMap(file => ['--app', file]), '--kubeconfig', the().clusters.kubeconfig];

	beforeAll(async () => {
		const application = (name: string, destination: Record<string, string>) => ({
			apiVersion: 'argoproj.io/v1alpha1',
			kind: 'Application',
			metadata: {name, namespace: 'argocd'},
			spec: {
				project: 'default',
				source: {repoURL: `file://${the().repo.bare}`, path: 'app', targetRevision: 'main'},
				destination: {...destination, namespace},
			},
		});
		files.a = path.join(scratch, 'on-a.yaml');
		files.b = path.join(scratch, 'on-b.yaml');
		const {writeFile} = await import('node:fs/promises');
		// A by context name; B by its API server's URL, matched against the kubeconfig's clusters.
		await writeFile(files.a, dump(application('on-a', {name: contextA})));
		await writeFile(files.b, dump(application('on-b', {server: the().clusters.b.server})));
	});

	afterAll(() => {
		void watcher?.stop();
		engine?.stop();
		for (const hub of hubs) hub.stop();
	});

	it("a sync writes to the app's own cluster only", async () => {
		expect(await objectsOn(contextA, namespace)).toEqual({});
		expect(await objectsOn(contextB, namespace)).toEqual({});
		const syncA = await runCli(['sync', ...flags(files.a)], env());
		expect(syncA.code, syncA.stderr + syncA.stdout).toBe(0);
		const onA = await objectsOn(contextA, namespace);
		expect(Object.keys(onA).sort()).toEqual(['ConfigMap/web-config', 'Deployment/web', 'Secret/web-credentials', 'Service/web']);
		expect(await objectsOn(contextB, namespace)).toEqual({});

		const syncB = await runCli(['sync', ...flags(files.b)], env());
		expect(syncB.code, syncB.stderr + syncB.stdout).toBe(0);
		expect(Object.keys(await objectsOn(contextB, namespace)).sort()).toEqual(Object.keys(onA).sort());
		expect(await objectsOn(contextA, namespace)).toEqual(onA);

		const status = await runCli(['status', ...flags(files.a, files.b), '--output', 'json'], env());
		const apps = (JSON.parse(status.stdout) as {apps: Array<{name: string; syncStatus: string}>}).apps;
		expect(apps.map(app => [app.name, app.syncStatus])).toEqual([
			['on-a', 'Synced'],
			['on-b', 'Synced'],
		]);
	});

	it("watches both clusters: drift on B is B's app only, attributed, and self-heal writes to B only", async () => {
		watcher = watchJsonLines(['--self-heal', ...flags(files.a, files.b), '--audit-log', path.join(scratch, 'audit.jsonl')], env());
		const {lines, find} = watcher;
		for (const app of ['on-a', 'on-b'])
			await find(`${app} Synced`, line => line['type'] === 'status' && line['app'] === app && line['syncStatus'] === 'Synced');
		const before = await objectsOn(contextA, namespace);

		await kubectlOn(contextB, ['scale', '-n', namespace, 'deployment/web', '--replicas=5']);
		const drift = await find('drift on B', line => line['type'] === 'drift-detected');
		expect(drift).toMatchObject({app: 'on-b', object: `Deployment/${namespace}/web`});
		expect(drift['attribution']).toEqual([expect.objectContaining({path: '/spec/replicas', manager: 'kubectl'})]);
		await find('the heal of on-b', line => line['type'] === 'healed' && line['app'] === 'on-b');
		await waitFor('2 replicas on B again', async () => (await replicasOn(contextB, namespace)) === 2);
		expect(await replicasOn(contextA, namespace)).toBe(2);
		expect(await objectsOn(contextA, namespace)).toEqual(before);
		expect(lines.filter(line => line['app'] === 'on-a' && ['drift-detected', 'healed', 'synced'].includes(String(line['type'])))).toEqual(
			[],
		);
	});

	it('logs come from the cluster of the app whose tree shows the pod', async () => {
		const loaded = await loadAppFiles([files.a, files.b]);
		const git = gitSources({cacheRoot: path.join(scratch, 'engine-repos')});
		engine = new DriftEngine({
			apps: loaded.apps.map(definition => {
				const target = clusterTargetOf(definition.destination);
				const connection = connect({
					kubeconfig: the().clusters.kubeconfig,
					...(target.kind === 'context' ? {context: target.context} : target.kind === 'server' ? {server: target.server} : {}),
				});
				const destination = clusterDestination(new ResourceClient(connection));
				hubs.push(destination.hub);
				return {definition, destination, policy: {autoSync: false, selfHeal: false, prune: false}};
			}),
			git,
			render: renderAppSource,
			clock: systemClock,
			readOnly: true,
			intervalMs: 60_000,
		});
		await engine.start();
		expect(engine.app('on-a').destination.context).toBe(contextA);
		expect(engine.app('on-b').destination.context).toBe(contextB);
		const podB = await podOn(contextB, namespace);
		const podA = await podOn(contextA, namespace);
		await waitForApp(engine, 'on-b', view => JSON.stringify(view.tree).includes(podB));
		await waitForApp(engine, 'on-a', view => JSON.stringify(view.tree).includes(podA));
		// B's pod does not exist on A: a request sent to A would fail with "not found".
		expect(await logLines(engine, {namespace, name: podB})).toEqual(kwokLog);
		expect(await logLines(engine, {namespace, name: podA})).toEqual(kwokLog);
		expect(await logLines(engine, {namespace, name: podB, app: 'on-b'})).toEqual(kwokLog);
	});
});

describe('--argocd: Argo CD on A, cluster B as an Argo CD cluster secret', () => {
	let argocd: ArgoCd | undefined;
	let attached: Attached | undefined;
	const attachNamespace = `argo-${namespace}`;
	const app = (name: string) => {
		if (!argocd) throw new Error('Argo CD did not start');
		return new ArgoApplicationClient(argocd, name);
	};
	const view = (name: string): AppView => {
		if (!attached) throw new Error('driftwatch did not start');
		return attached.engine.app(name);
	};

	beforeAll(async () => {
		for (const context of [contextA, contextB]) await kubectlOn(context, ['create', 'namespace', attachNamespace]);
		// Argo CD runs with A's kubeconfig: its in-cluster destination is A.
		argocd = await startArgoCd({kubeconfig: kubeconfig(), log: line => console.log(`[argocd] ${line}`)});
		// Named "prod-b", which is no kubeconfig context: driftwatch finds its server through the secret.
		await kubectlOn(contextA, ['apply', '-f', '-'], JSON.stringify(argoCdClusterSecret(argocd.namespace, 'prod-b', the().clusters.b)));
		const manifest = (name: string, destination: Record<string, string>) => {
			const base = applicationManifest({
				name,
				argoNamespace: argocd!.namespace,
				repoURL: `file://${the().repo.bare}`,
				path: 'app',
				namespace: attachNamespace,
			});
			return {
				...base,
				spec: {...(base['spec'] as Record<string, unknown>), destination: {...destination, namespace: attachNamespace}},
			} as typeof base;
		};
		await app('mc-a').apply(manifest('mc-a', {server: 'https://kubernetes.default.svc'}), path.join(scratch, 'mc-a.yaml'));
		await app('mc-b').apply(manifest('mc-b', {name: 'prod-b'}), path.join(scratch, 'mc-b.yaml'));
		attached = await startAttached({kubeconfig: the().clusters.kubeconfig, context: contextA, namespace: argocd.namespace});
	});

	afterAll(async () => {
		await attached?.stop();
		for (const name of ['mc-a', 'mc-b'])
			await app(name)
				.delete()
				.catch(() => {});
		await argocd?.stop();
		for (const context of [contextA, contextB])
			await kubectlOn(context, ['delete', 'namespace', attachNamespace, '--wait=false']).catch(() => '');
	});

	it('compares each app on its own cluster: B through the cluster secret', async () => {
		const {engine} = attached!;
		for (const name of ['mc-a', 'mc-b']) {
			await waitForApp(
				engine,
				name,
				candidate => candidate.status.syncStatus === 'OutOfSync' && candidate.argocd?.driftwatch !== null,
				90_000,
				`${name} compared`,
			);
		}
		expect(view('mc-a').destination.context).toBe(contextA);
		expect(view('mc-b').destination).toMatchObject({context: contextB, server: the().clusters.b.server});
		expect(view('mc-b').argocd?.comparisonError).toBeNull();
	});

	it("a sync of app B through Argo CD writes to B only; then A's writes to A only", async () => {
		const {engine} = attached!;
		expect(await objectsOn(contextA, attachNamespace)).toEqual({});
		const resultB = await engine.sync('mc-b');
		expect(resultB.ok, resultB.message).toBe(true);
		const onB = await objectsOn(contextB, attachNamespace);
		expect(Object.keys(onB).sort()).toEqual(['ConfigMap/web-config', 'Deployment/web', 'Secret/web-credentials', 'Service/web']);
		expect(await objectsOn(contextA, attachNamespace)).toEqual({});

		const resultA = await engine.sync('mc-a');
		expect(resultA.ok, resultA.message).toBe(true);
		expect(Object.keys(await objectsOn(contextA, attachNamespace)).sort()).toEqual(Object.keys(onB).sort());
		expect(await objectsOn(contextB, attachNamespace)).toEqual(onB);
		for (const name of ['mc-a', 'mc-b'])
			await waitForApp(
				engine,
				name,
				candidate => candidate.status.syncStatus === 'Synced' && candidate.argocd?.driftwatch?.syncStatus === 'Synced',
			);
	});

	it("drift on B shows on app B only, attributed; logs of B's pod come from B", async () => {
		const {engine} = attached!;
		const before = await objectsOn(contextA, attachNamespace);
		await kubectlOn(contextB, ['scale', '-n', attachNamespace, 'deployment/web', '--replicas=3']);
		const drifted = await waitForApp(
			engine,
			'mc-b',
			candidate => (candidate.status.objects.find(object => object.key.kind === 'Deployment')?.attribution.length ?? 0) > 0,
			60_000,
			'the drift on B, attributed',
		);
		expect(drifted.status.objects.find(object => object.key.kind === 'Deployment')?.attribution).toEqual([
			expect.objectContaining({path: '/spec/replicas', manager: 'kubectl'}),
		]);
		expect(view('mc-a').status.objects.every(object => object.drift === 'none')).toBe(true);
		expect(await objectsOn(contextA, attachNamespace)).toEqual(before);

		const podB = await podOn(contextB, attachNamespace);
		await waitForApp(engine, 'mc-b', candidate => JSON.stringify(candidate.tree).includes(podB));
		expect(await logLines(engine, {namespace: attachNamespace, name: podB})).toEqual(kwokLog);
	});
});
