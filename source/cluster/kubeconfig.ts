/**
 * Reading kubeconfig files the way kubectl does, without a Kubernetes client library: the
 * clusters, users and contexts of one or more files (KUBECONFIG's list is merged, the first file
 * that names an entry wins, and the first current-context set wins), with relative file paths
 * resolved against the file that holds them. Only what driftwatch needs to reach one API server
 * is kept; credentials are turned into request options by credentials.ts.
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {parse} from 'yaml';

export interface KubeconfigCluster {
	name: string;
	server: string;
	caFile?: string;
	/** Base64 PEM, as in the file. */
	caData?: string;
	skipTLSVerify: boolean;
	tlsServerName?: string;
	proxyUrl?: string;
}

/** An exec credential plugin (client.authentication.k8s.io). */
export interface ExecConfig {
	apiVersion: string;
	command: string;
	args: string[];
	env: Array<{name: string; value: string}>;
	installHint?: string;
	provideClusterInfo: boolean;
}

export interface KubeconfigUser {
	name: string;
	token?: string;
	tokenFile?: string;
	certFile?: string;
	certData?: string;
	keyFile?: string;
	keyData?: string;
	username?: string;
	password?: string;
	exec?: ExecConfig;
	/** A legacy auth provider (gcp, azure, oidc...): handled by the fallback in credentials.ts. */
	authProvider?: {name: string; config: Record<string, string>};
	impersonate?: string;
	impersonateGroups?: string[];
	impersonateUid?: string;
}

export interface KubeconfigContext {
	name: string;
	cluster: string;
	user: string;
	namespace?: string;
}

export interface Kubeconfig {
	clusters: KubeconfigCluster[];
	users: KubeconfigUser[];
	contexts: KubeconfigContext[];
	currentContext?: string;
}

/** A kubeconfig file that cannot be used as it is: the file and what is wrong in it. */
export class KubeconfigError extends Error {
	override readonly name = 'KubeconfigError';
}

type Fields = Record<string, unknown>;

function isFields(value: unknown): value is Fields {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
	return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A scalar as YAML wrote it (a number or boolean where a string was meant), else ''. */
function scalar(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}

function entries(document: Fields, list: string): Fields[] {
	const value = document[list];
	if (value === undefined || value === null) return [];
	if (!Array.isArray(value)) throw new KubeconfigError(`${list} is not a list`);
	return value.map((entry, index) => {
		if (!isFields(entry)) throw new KubeconfigError(`${list}[${index}] is not a mapping`);
		if (!text(entry['name'])) throw new KubeconfigError(`${list}[${index}].name is missing`);
		return entry;
	});
}

/** A path from the file, made absolute against the file's directory (kubectl's rule). */
function fromFile(value: unknown, directory: string): string | undefined {
	const file = text(value);
	return file === undefined || path.isAbsolute(file) ? file : path.join(directory, file);
}

function parseCluster(entry: Fields, index: number, directory: string): KubeconfigCluster {
	const cluster = entry['cluster'];
	if (!isFields(cluster)) throw new KubeconfigError(`clusters[${index}].cluster is missing`);
	const server = text(cluster['server']);
	if (!server) throw new KubeconfigError(`clusters[${index}].cluster.server is missing`);
	return {
		name: String(entry['name']),
		server: server.replace(/\/$/, ''),
		caFile: fromFile(cluster['certificate-authority'], directory),
		caData: text(cluster['certificate-authority-data']),
		skipTLSVerify: cluster['insecure-skip-tls-verify'] === true,
		tlsServerName: text(cluster['tls-server-name']),
		proxyUrl: text(cluster['proxy-url']),
	};
}

function parseExec(exec: Fields, where: string, directory: string): ExecConfig {
	const command = text(exec['command']);
	if (!command) throw new KubeconfigError(`${where}.exec.command is missing`);
	const args = Array.isArray(exec['args']) ? exec['args'].map(scalar) : [];
	const env = Array.isArray(exec['env'])
		? exec['env'].filter(isFields).map(variable => ({name: scalar(variable['name']), value: scalar(variable['value'])}))
		: [];
	return {
		apiVersion: text(exec['apiVersion']) ?? 'client.authentication.k8s.io/v1beta1',
		// A relative command with a directory in it is relative to the kubeconfig (client-go's rule);
		// a bare name is looked up on PATH.
		command: command.includes('/') && !path.isAbsolute(command) ? path.join(directory, command) : command,
		args,
		env,
		installHint: text(exec['installHint']),
		provideClusterInfo: exec['provideClusterInfo'] === true,
	};
}

function parseUser(entry: Fields, index: number, directory: string): KubeconfigUser {
	const name = String(entry['name']);
	const user = isFields(entry['user']) ? entry['user'] : {};
	const where = `users[${index}].user`;
	const provider = user['auth-provider'];
	const groups = user['as-groups'];
	return {
		name,
		token: text(user['token']),
		tokenFile: fromFile(user['tokenFile'] ?? user['token-file'], directory),
		certFile: fromFile(user['client-certificate'], directory),
		certData: text(user['client-certificate-data']),
		keyFile: fromFile(user['client-key'], directory),
		keyData: text(user['client-key-data']),
		username: text(user['username']),
		password: typeof user['password'] === 'string' ? user['password'] : undefined,
		exec: isFields(user['exec']) ? parseExec(user['exec'], where, directory) : undefined,
		authProvider: isFields(provider)
			? {
					name: scalar(provider['name']),
					config: isFields(provider['config'])
						? Object.fromEntries(Object.entries(provider['config']).map(([key, value]) => [key, scalar(value)]))
						: {},
				}
			: undefined,
		impersonate: text(user['as']),
		impersonateGroups: Array.isArray(groups) ? groups.map(scalar) : undefined,
		impersonateUid: text(user['as-uid']),
	};
}

function parseContext(entry: Fields, index: number): KubeconfigContext {
	const context = entry['context'];
	if (!isFields(context)) throw new KubeconfigError(`contexts[${index}].context is missing`);
	const cluster = text(context['cluster']);
	if (!cluster) throw new KubeconfigError(`contexts[${index}].context.cluster is missing`);
	return {name: String(entry['name']), cluster, user: text(context['user']) ?? '', namespace: text(context['namespace'])};
}

/** One kubeconfig document; `file` is where it was read from (relative paths are resolved against its directory). Pure. */
export function parseKubeconfig(content: string, file: string): Kubeconfig {
	let document: unknown;
	try {
		// Warnings (an unknown tag) are not printed over the screen; errors still throw.
		document = parse(content, {logLevel: 'error'});
	} catch (error) {
		throw new KubeconfigError(`not valid YAML (${(error as Error).message.split('\n')[0]})`, {cause: error});
	}
	if (document === null || document === undefined) return {clusters: [], users: [], contexts: []};
	if (!isFields(document)) throw new KubeconfigError('not a kubeconfig (a mapping with clusters, users and contexts)');
	const directory = path.dirname(path.resolve(file));
	return {
		clusters: entries(document, 'clusters').map((entry, index) => parseCluster(entry, index, directory)),
		users: entries(document, 'users').map((entry, index) => parseUser(entry, index, directory)),
		contexts: entries(document, 'contexts').map((entry, index) => parseContext(entry, index)),
		currentContext: text(document['current-context']),
	};
}

/** Several files as kubectl merges them: the first file that names a cluster, user or context wins. Pure. */
export function mergeKubeconfigs(configs: readonly Kubeconfig[]): Kubeconfig {
	const merged: Kubeconfig = {clusters: [], users: [], contexts: []};
	const add = <T extends {name: string}>(into: T[], from: readonly T[]) => {
		for (const entry of from) if (!into.some(known => known.name === entry.name)) into.push(entry);
	};
	for (const config of configs) {
		add(merged.clusters, config.clusters);
		add(merged.users, config.users);
		add(merged.contexts, config.contexts);
		merged.currentContext ??= config.currentContext;
	}
	return merged;
}

/** Reads and merges kubeconfig files; a file that cannot be read or parsed throws a KubeconfigError naming it. */
export function readKubeconfigs(files: readonly string[]): Kubeconfig {
	return mergeKubeconfigs(
		files.map(file => {
			try {
				return parseKubeconfig(readFileSync(file, 'utf8'), file);
			} catch (error) {
				const reason =
					error instanceof KubeconfigError ? error.message : ((error as NodeJS.ErrnoException).code ?? (error as Error).message);
				throw new KubeconfigError(`${file}: ${reason}`, {cause: error});
			}
		}),
	);
}

/** Where a pod's service account lives; a pod without a kubeconfig uses it (as kubectl does). */
export const serviceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

/** The in-cluster configuration of a pod: the API server from the environment, the service account's token and CA. */
export function inClusterKubeconfig(env: NodeJS.ProcessEnv, namespace: string | undefined): Kubeconfig {
	const host = env['KUBERNETES_SERVICE_HOST'] ?? '';
	const port = env['KUBERNETES_SERVICE_PORT'] ?? '443';
	const server = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
	return {
		clusters: [{name: 'in-cluster', server, caFile: path.join(serviceAccountDir, 'ca.crt'), skipTLSVerify: false}],
		users: [{name: 'in-cluster', tokenFile: path.join(serviceAccountDir, 'token')}],
		contexts: [{name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster', ...(namespace ? {namespace} : {})}],
		currentContext: 'in-cluster',
	};
}
