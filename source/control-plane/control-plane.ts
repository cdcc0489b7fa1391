/**
 * A real local Kubernetes control plane as plain processes, envtest-style: etcd, kube-apiserver
 * (RBAC on), kube-controller-manager, kube-scheduler and kwok with fake Nodes, so Deployments roll
 * out for real. Used by the integration tests (one per run) and by `npm run cluster:up`.
 *
 * Every process is recorded with its pid in `<dir>/state.json`, so a stop from another process
 * (the vitest teardown, `cluster:down`) ends exactly what this one started.
 */
import {randomBytes} from 'node:crypto';
import {existsSync} from 'node:fs';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {freePorts} from './free-port.js';
import {type PodStages, writeKwokConfig} from './kwok-config.js';
import {adminContext, restrictedContext, restrictedUser, writeKubeconfig} from './kubeconfig-file.js';
import {controlPlaneCacheDir} from './locate.js';
import {isAlive, type ProcessSpec, type RunningProcess, startProcess, stopProcess, tailOfLog} from './managed-process.js';
import {generatePki, type Pki} from './pki.js';
import {waitUntilReady} from './readiness.js';
import {runChecked} from './run-checked.js';

export interface ControlPlaneState {
	dir: string;
	kubeconfig: string;
	server: string;
	adminContext: string;
	restrictedContext: string;
	restrictedToken: string;
	/** Start order; stopped in reverse. */
	processes: RunningProcess[];
	startedAt: string;
	startSeconds: number;
}

export interface StartOptions {
	/** How many fake Nodes kwok manages (default 2). */
	nodes?: number;
	/**
	 * 'fast' (default, for tests): pods are Running as soon as they are scheduled. 'visible' (the
	 * lab): Pending, ContainerCreating and Terminating each last one to two seconds.
	 */
	podStages?: PodStages;
	/** Called with the data directory as soon as it exists, before any process starts (for cleanup). */
	onDirectory?: (dir: string) => void;
	/** Progress lines ("etcd ready in 0.4s"); default: silent. */
	log?: (line: string) => void;
}

const stateFileName = 'state.json';

export async function startControlPlane(options: StartOptions = {}): Promise<ControlPlaneState> {
	const log = options.log ?? (() => {});
	const started = Date.now();
	const cacheDir = controlPlaneCacheDir();
	const bin = (name: string) => path.join(cacheDir, 'bin', name);
	// etcd is the I/O-heavy part: keep it in memory when /dev/shm exists.
	const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
	const dir = await mkdtemp(path.join(base, 'driftwatch-cluster-'));
	options.onDirectory?.(dir);
	const state: ControlPlaneState = {
		dir,
		kubeconfig: path.join(dir, 'kubeconfig'),
		server: '',
		adminContext,
		restrictedContext,
		restrictedToken: randomBytes(16).toString('hex'),
		processes: [],
		startedAt: new Date().toISOString(),
		startSeconds: 0,
	};
	const saveState = async () => writeFile(path.join(dir, stateFileName), JSON.stringify(state, null, 2));
	const step = (what: string) => log(`${what} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
	try {
		const pki = await generatePki(dir);
		step('certificates generated');
		const [etcdPort = 0, etcdPeerPort = 0, apiPort = 0, kcmPort = 0, schedulerPort = 0, kwokPort = 0] = await freePorts(6);
		state.server = `https://127.0.0.1:${apiPort}`;
		await writeFile(path.join(dir, 'tokens.csv'), `${state.restrictedToken},${restrictedUser},restricted-uid,""\n`);
		await writeKubeconfig(state.kubeconfig, state.server, pki, state.restrictedToken);

		const launch = async (spec: ProcessSpec) => {
			const running = startProcess(spec);
			state.processes.push(running);
			await saveState();
			return running;
		};
		const logFile = (name: string) => path.join(dir, `${name}.log`);

		const etcd = await launch({
			name: 'etcd',
			binary: bin('etcd'),
			logFile: logFile('etcd'),
			args: [
				'--name=default',
				`--data-dir=${path.join(dir, 'etcd-data')}`,
				`--listen-client-urls=http://127.0.0.1:${etcdPort}`,
				`--advertise-client-urls=http://127.0.0.1:${etcdPort}`,
				`--listen-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
				`--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeerPort}`,
				`--initial-cluster=default=http://127.0.0.1:${etcdPeerPort}`,
				'--unsafe-no-fsync',
				'--log-level=warn',
			],
		});
		await ready('etcd', etcd, {url: `http://127.0.0.1:${etcdPort}/health`}, 30_000);
		step('etcd ready');

		const apiserver = await launch(apiServerSpec(bin('kube-apiserver'), logFile('kube-apiserver'), dir, pki, etcdPort, apiPort));
		const adminTls = {ca: await readFile(pki.caCert), cert: await readFile(pki.adminCert), key: await readFile(pki.adminKey)};
		await ready('kube-apiserver', apiserver, {url: `${state.server}/readyz`, ...adminTls}, 90_000);
		step('kube-apiserver ready');

		const adminKubeconfig = path.join(dir, 'admin.kubeconfig');
		await writeKubeconfig(adminKubeconfig, state.server, pki, state.restrictedToken);
		const controllerManager = await launch({
			name: 'kube-controller-manager',
			binary: bin('kube-controller-manager'),
			logFile: logFile('kube-controller-manager'),
			args: [
				`--kubeconfig=${adminKubeconfig}`,
				'--leader-elect=false',
				'--bind-address=127.0.0.1',
				`--secure-port=${kcmPort}`,
				`--service-account-private-key-file=${pki.serviceAccountKey}`,
				`--root-ca-file=${pki.caCert}`,
				'--use-service-account-credentials=false',
				// No cloud, no node IPAM: kwok hands out pod IPs itself.
				'--controllers=*,-nodeipam,-cloud-node-lifecycle,-service-lb-controller,-node-route-controller',
				'--concurrent-deployment-syncs=10',
				'--concurrent-replicaset-syncs=10',
			],
		});
		const scheduler = await launch({
			name: 'kube-scheduler',
			binary: bin('kube-scheduler'),
			logFile: logFile('kube-scheduler'),
			args: [`--kubeconfig=${adminKubeconfig}`, '--leader-elect=false', '--bind-address=127.0.0.1', `--secure-port=${schedulerPort}`],
		});
		const kwokConfig = path.join(dir, 'kwok.yaml');
		await writeKwokConfig(cacheDir, kwokConfig, dir, options.podStages ?? 'fast');
		const kwok = await launch({
			name: 'kwok',
			binary: bin('kwok'),
			logFile: logFile('kwok'),
			args: [
				`--kubeconfig=${adminKubeconfig}`,
				`--config=${kwokConfig}`,
				'--manage-all-nodes=true',
				// The fake kubelet's endpoint: Nodes advertise this port, the API server proxies logs to it.
				`--server-address=127.0.0.1:${kwokPort}`,
				`--node-port=${kwokPort}`,
				`--tls-cert-file=${pki.kwokCert}`,
				`--tls-private-key-file=${pki.kwokKey}`,
				'--cidr=10.244.0.0/16',
				'--node-ip=127.0.0.1',
			],
		});
		await Promise.all([
			ready('kube-controller-manager', controllerManager, {url: `https://127.0.0.1:${kcmPort}/healthz`}, 60_000),
			ready('kube-scheduler', scheduler, {url: `https://127.0.0.1:${schedulerPort}/healthz`}, 60_000),
			ready('kwok', kwok, {url: `https://127.0.0.1:${kwokPort}/healthz`}, 60_000),
		]);
		step('controllers, scheduler and kwok ready');

		await bootstrapObjects(state, options.nodes ?? 2);
		step('nodes Ready, restricted user bound');
		state.startSeconds = Math.round((Date.now() - started) / 100) / 10;
		await saveState();
		return state;
	} catch (error) {
		await stopControlPlane(state).catch(() => {});
		throw error;
	}
}

/** Stops every process recorded in the state, in reverse order, and removes the directory. */
export async function stopControlPlane(state: ControlPlaneState, options: {keepDir?: boolean} = {}): Promise<void> {
	for (const running of [...state.processes].reverse()) await stopProcess(running.pid);
	if (!options.keepDir) await rm(state.dir, {recursive: true, force: true});
}

export async function readControlPlaneState(dir: string): Promise<ControlPlaneState> {
	return JSON.parse(await readFile(path.join(dir, stateFileName), 'utf8')) as ControlPlaneState;
}

/** Stops only kube-apiserver (etcd keeps the data), for fault tests. */
export async function stopApiServer(state: ControlPlaneState): Promise<void> {
	const apiserver = state.processes.find(running => running.name === 'kube-apiserver');
	if (apiserver) await stopProcess(apiserver.pid);
}

/** Starts kube-apiserver again with the same flags, port and data; updates the state file. */
export async function restartApiServer(state: ControlPlaneState): Promise<void> {
	const index = state.processes.findIndex(running => running.name === 'kube-apiserver');
	const previous = state.processes[index];
	if (!previous) throw new Error('no kube-apiserver in this control plane');
	await stopProcess(previous.pid);
	const running = startProcess(previous);
	state.processes[index] = running;
	await writeFile(path.join(state.dir, stateFileName), JSON.stringify(state, null, 2));
	const pkiDir = state.dir;
	await ready(
		'kube-apiserver',
		running,
		{
			url: `${state.server}/readyz`,
			ca: await readFile(path.join(pkiDir, 'ca.crt')),
			cert: await readFile(path.join(pkiDir, 'admin.crt')),
			key: await readFile(path.join(pkiDir, 'admin.key')),
		},
		90_000,
	);
}

function apiServerSpec(binary: string, logFile: string, dir: string, pki: Pki, etcdPort: number, apiPort: number): ProcessSpec {
	return {
		name: 'kube-apiserver',
		binary,
		logFile,
		args: [
			`--etcd-servers=http://127.0.0.1:${etcdPort}`,
			'--bind-address=127.0.0.1',
			'--advertise-address=127.0.0.1',
			`--secure-port=${apiPort}`,
			`--tls-cert-file=${pki.servingCert}`,
			`--tls-private-key-file=${pki.servingKey}`,
			`--client-ca-file=${pki.caCert}`,
			`--token-auth-file=${path.join(dir, 'tokens.csv')}`,
			'--service-account-issuer=https://kubernetes.default.svc.cluster.local',
			`--service-account-key-file=${pki.serviceAccountPublicKey}`,
			`--service-account-signing-key-file=${pki.serviceAccountKey}`,
			'--service-cluster-ip-range=10.0.0.0/24',
			'--authorization-mode=RBAC',
			// No kubelet mints tokens here, so pods must not need a ServiceAccount token volume.
			'--disable-admission-plugins=ServiceAccount',
			'--allow-privileged=true',
			'--endpoint-reconciler-type=none',
			// Logs go through kwok's kubelet endpoint on 127.0.0.1, whose certificate our CA signed.
			'--kubelet-preferred-address-types=InternalIP',
			`--kubelet-certificate-authority=${pki.caCert}`,
			`--kubelet-client-certificate=${pki.adminCert}`,
			`--kubelet-client-key=${pki.adminKey}`,
			'--profiling=false',
		],
	};
}

async function ready(name: string, running: RunningProcess, probe: Parameters<typeof waitUntilReady>[1], timeoutMs: number): Promise<void> {
	try {
		await waitUntilReady(name, probe, timeoutMs, () => isAlive(running.pid));
	} catch (error) {
		const tail = tailOfLog(running.logFile);
		throw new Error(`${(error as Error).message}\n--- last lines of ${running.logFile}:\n${tail}`, {cause: error});
	}
}

/** Fake Nodes for kwok, and the restricted user's read-only access (bootstrap ClusterRole `view`). */
async function bootstrapObjects(state: ControlPlaneState, nodes: number): Promise<void> {
	const manifests: string[] = [];
	for (let index = 0; index < nodes; index++) {
		manifests.push(
			JSON.stringify({
				apiVersion: 'v1',
				kind: 'Node',
				metadata: {
					name: `kwok-node-${index}`,
					annotations: {'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0'},
					labels: {'kubernetes.io/hostname': `kwok-node-${index}`, 'kubernetes.io/os': 'linux', type: 'kwok'},
				},
				status: {allocatable: {cpu: '32', memory: '256Gi', pods: '110'}, capacity: {cpu: '32', memory: '256Gi', pods: '110'}},
			}),
		);
	}
	manifests.push(
		JSON.stringify({
			apiVersion: 'rbac.authorization.k8s.io/v1',
			kind: 'ClusterRoleBinding',
			metadata: {name: 'driftwatch-restricted-view'},
			roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view'},
			subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: restrictedUser}],
		}),
	);
	const file = path.join(state.dir, 'bootstrap.json');
	await writeFile(file, JSON.stringify({apiVersion: 'v1', kind: 'List', items: manifests.map(text => JSON.parse(text) as unknown)}));
	const kubectl = (...args: string[]) =>
		runChecked('kubectl', [`--kubeconfig=${state.kubeconfig}`, `--context=${adminContext}`, ...args], {timeoutMs: 120_000});
	await kubectl('apply', '-f', file);
	await kubectl('wait', '--for=condition=Ready', 'node', '--all', '--timeout=60s');
}
