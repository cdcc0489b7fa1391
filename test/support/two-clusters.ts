/**
 * Two real clusters for multi-cluster tests: the run's control plane (A, from the vitest global
 * setup) and a second one started here (B: its own free ports and data dir, as
 * source/control-plane starts any), and one kubeconfig that merges both admin contexts as
 * `cluster-a` (current) and `cluster-b`, as a person with two clusters would have it. B is stopped
 * by `stop()`, or when the test process exits.
 */
import {readFile, rm, writeFile} from 'node:fs/promises';
import {mkdtemp} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {dump, load} from 'js-yaml';
import {type ControlPlaneState, startControlPlane, stopControlPlane} from '../../source/control-plane/control-plane.js';
import {killNow} from '../../source/control-plane/managed-process.js';

export const contextA = 'cluster-a';
export const contextB = 'cluster-b';

/** One cluster's admin credentials, as kubeconfig `*-data` fields (base64 of PEM). */
export interface ClusterCredentials {
	server: string;
	caData: string;
	certData: string;
	keyData: string;
}

export interface TwoClusters {
	/** The merged kubeconfig: contexts cluster-a (current) and cluster-b. */
	kubeconfig: string;
	a: ClusterCredentials;
	b: ClusterCredentials & {state: ControlPlaneState};
	stop(): Promise<void>;
}

interface Kubeconfig {
	clusters: Array<{name: string; cluster: {server: string; 'certificate-authority-data': string}}>;
	users: Array<{name: string; user: Record<string, string>}>;
	contexts: Array<{name: string; context: {cluster: string; user: string; namespace?: string}}>;
	'current-context': string;
}

/** The admin credentials of a control plane's kubeconfig (its current context). */
async function credentials(file: string): Promise<ClusterCredentials> {
	const config = load(await readFile(file, 'utf8')) as Kubeconfig;
	const context = config.contexts.find(candidate => candidate.name === config['current-context'])?.context;
	const cluster = config.clusters.find(candidate => candidate.name === context?.cluster)?.cluster;
	const user = config.users.find(candidate => candidate.name === context?.user)?.user;
	if (!cluster || !user?.['client-certificate-data'] || !user['client-key-data'])
		throw new Error(`${file}: no admin context with client certificates`);
	return {
		server: cluster.server,
		caData: cluster['certificate-authority-data'],
		certData: user['client-certificate-data'],
		keyData: user['client-key-data'],
	};
}

/** Starts cluster B beside A (whose kubeconfig is given) and writes the merged kubeconfig. */
export async function startSecondCluster(kubeconfigA: string, log: (line: string) => void = () => {}): Promise<TwoClusters> {
	const state = await startControlPlane({log: line => log(`[cluster-b] ${line}`)});
	const killAll = () => state.processes.forEach(running => killNow(running.pid));
	process.once('exit', killAll);
	const dir = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-two-clusters-'));
	const stop = async () => {
		process.removeListener('exit', killAll);
		await stopControlPlane(state);
		await rm(dir, {recursive: true, force: true});
	};
	try {
		const a = await credentials(kubeconfigA);
		const b = await credentials(state.kubeconfig);
		if (a.server === b.server) throw new Error(`both control planes answer at ${a.server}`);
		const entry = (name: string, cluster: ClusterCredentials) => ({
			cluster: {name, cluster: {server: cluster.server, 'certificate-authority-data': cluster.caData}},
			user: {name: `${name}-admin`, user: {'client-certificate-data': cluster.certData, 'client-key-data': cluster.keyData}},
			context: {name, context: {cluster: name, user: `${name}-admin`, namespace: 'default'}},
		});
		const entries = [entry(contextA, a), entry(contextB, b)];
		const merged = {
			apiVersion: 'v1',
			kind: 'Config',
			clusters: entries.map(item => item.cluster),
			users: entries.map(item => item.user),
			contexts: entries.map(item => item.context),
			'current-context': contextA,
		};
		const kubeconfig = path.join(dir, 'kubeconfig');
		await writeFile(kubeconfig, dump(merged), {mode: 0o600});
		log(`[cluster-b] up in ${state.startSeconds}s at ${b.server}; merged kubeconfig ${kubeconfig}`);
		return {kubeconfig, a, b: {...b, state}, stop};
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * Argo CD's cluster secret for a cluster (label `argocd.argoproj.io/secret-type: cluster`), from
 * its certificates: how Argo CD learns a destination other than its own cluster.
 */
export function argoCdClusterSecret(namespace: string, name: string, cluster: ClusterCredentials): Record<string, unknown> {
	return {
		apiVersion: 'v1',
		kind: 'Secret',
		metadata: {name: `cluster-${name}`, namespace, labels: {'argocd.argoproj.io/secret-type': 'cluster'}},
		type: 'Opaque',
		stringData: {
			name,
			server: cluster.server,
			config: JSON.stringify({tlsClientConfig: {caData: cluster.caData, certData: cluster.certData, keyData: cluster.keyData}}),
		},
	};
}
