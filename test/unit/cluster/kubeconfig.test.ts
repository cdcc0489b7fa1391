/**
 * Reading kubeconfig files as kubectl does (merge order, relative paths, every credential field),
 * and what each user entry puts on a request: TLS material on a keep-alive agent, the bearer token
 * (literal, file, exec plugin), basic auth, impersonation.
 */
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it, vi} from 'vitest';
import {credentialsFor} from '../../../source/cluster/credentials.js';
import {ExecCredentialSource, parseExecCredential} from '../../../source/cluster/exec-credential.js';
import {
	KubeconfigError,
	inClusterKubeconfig,
	mergeKubeconfigs,
	parseKubeconfig,
	readKubeconfigs,
} from '../../../source/cluster/kubeconfig.js';

let scratch: string;
beforeEach(() => {
	scratch = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-kubeconfig-'));
});
afterEach(() => rmSync(scratch, {recursive: true, force: true}));

const full = `
apiVersion: v1
kind: Config
current-context: dev
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:6443/
    certificate-authority: certs/ca.crt
    tls-server-name: api.internal
- name: other
  cluster: {server: "https://10.0.0.1", insecure-skip-tls-verify: true, proxy-url: "http://proxy:3128"}
users:
- name: certs
  user: {client-certificate: certs/me.crt, client-key: /abs/me.key}
- name: token
  user: {token: abc, as: jane, as-groups: [ops, dev], as-uid: "42"}
- name: file
  user: {tokenFile: tokens/t}
- name: basic
  user: {username: u, password: p}
- name: plugin
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./bin/login
      args: [--quiet]
      env: [{name: REGION, value: eu}]
      installHint: install login
      provideClusterInfo: true
- name: legacy
  user: {auth-provider: {name: oidc, config: {id-token: x}}}
contexts:
- name: dev
  context: {cluster: local, user: certs, namespace: team}
- name: ops
  context: {cluster: other, user: token}
`;

describe('parseKubeconfig', () => {
	it('a broken file with an unknown tag: the error says why, and no YAML warning is printed over the screen', () => {
		const emitted = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
		try {
			expect(() => parseKubeconfig('apiVersion: v1\n!!set\nkind: Config\n', '/home/me/.kube/config')).toThrow(KubeconfigError);
			expect(emitted).not.toHaveBeenCalled();
		} finally {
			emitted.mockRestore();
		}
	});

	it('reads clusters, users and contexts, with paths relative to the file', () => {
		const config = parseKubeconfig(full, '/home/me/.kube/config');
		expect(config.currentContext).toBe('dev');
		expect(config.clusters[0]).toEqual({
			name: 'local',
			server: 'https://127.0.0.1:6443',
			caFile: '/home/me/.kube/certs/ca.crt',
			caData: undefined,
			skipTLSVerify: false,
			tlsServerName: 'api.internal',
			proxyUrl: undefined,
		});
		expect(config.clusters[1]).toMatchObject({skipTLSVerify: true, proxyUrl: 'http://proxy:3128'});
		const users = Object.fromEntries(config.users.map(user => [user.name, user]));
		expect(users['certs']).toMatchObject({certFile: '/home/me/.kube/certs/me.crt', keyFile: '/abs/me.key'});
		expect(users['token']).toMatchObject({token: 'abc', impersonate: 'jane', impersonateGroups: ['ops', 'dev'], impersonateUid: '42'});
		expect(users['file']?.tokenFile).toBe('/home/me/.kube/tokens/t');
		expect(users['basic']).toMatchObject({username: 'u', password: 'p'});
		expect(users['plugin']?.exec).toEqual({
			apiVersion: 'client.authentication.k8s.io/v1',
			command: '/home/me/.kube/bin/login',
			args: ['--quiet'],
			env: [{name: 'REGION', value: 'eu'}],
			installHint: 'install login',
			provideClusterInfo: true,
		});
		expect(users['legacy']?.authProvider).toEqual({name: 'oidc', config: {'id-token': 'x'}});
		expect(config.contexts).toEqual([
			{name: 'dev', cluster: 'local', user: 'certs', namespace: 'team'},
			{name: 'ops', cluster: 'other', user: 'token', namespace: undefined},
		]);
	});

	it('names what is missing or malformed', () => {
		expect(() => parseKubeconfig('clusters: [{name: a}]', 'f')).toThrow(new KubeconfigError('clusters[0].cluster is missing'));
		expect(() => parseKubeconfig('clusters: [{name: a, cluster: {}}]', 'f')).toThrow('clusters[0].cluster.server is missing');
		expect(() => parseKubeconfig('contexts: [{context: {cluster: a}}]', 'f')).toThrow('contexts[0].name is missing');
		expect(() => parseKubeconfig('users: [{name: u, user: {exec: {args: []}}}]', 'f')).toThrow('users[0].user.exec.command is missing');
		expect(() => parseKubeconfig('- a list', 'f')).toThrow('not a kubeconfig');
		expect(() => parseKubeconfig('a: [', 'f')).toThrow(/^not valid YAML/);
		expect(parseKubeconfig('', 'f')).toEqual({clusters: [], users: [], contexts: []});
	});

	it('merges as kubectl does: the first file naming an entry wins, and the first current-context', () => {
		const first = parseKubeconfig('clusters: [{name: a, cluster: {server: "https://first"}}]', '/x/1');
		const second = parseKubeconfig(
			'current-context: c\nclusters: [{name: a, cluster: {server: "https://second"}}, {name: b, cluster: {server: "https://b"}}]',
			'/x/2',
		);
		const merged = mergeKubeconfigs([first, second]);
		expect(merged.clusters.map(cluster => cluster.server)).toEqual(['https://first', 'https://b']);
		expect(merged.currentContext).toBe('c');
	});

	it('a file that cannot be read or parsed is named', () => {
		const broken = path.join(scratch, 'broken');
		writeFileSync(broken, 'clusters: {}');
		expect(() => readKubeconfigs([broken])).toThrow(`${broken}: clusters is not a list`);
		expect(() => readKubeconfigs([path.join(scratch, 'none')])).toThrow(`${path.join(scratch, 'none')}: ENOENT`);
	});

	it('in a pod: the service account and the environment', () => {
		const config = inClusterKubeconfig({KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443'}, 'apps');
		expect(config.clusters[0]?.server).toBe('https://[fd00::1]:443');
		expect(config.users[0]?.tokenFile).toBe('/var/run/secrets/kubernetes.io/serviceaccount/token');
		expect(config.contexts[0]?.namespace).toBe('apps');
	});
});

const cluster = {name: 'c', server: 'https://127.0.0.1:6443', skipTLSVerify: false, caData: Buffer.from('CA').toString('base64')};

async function applied(user: Parameters<typeof credentialsFor>[1], now?: () => number): Promise<https.RequestOptions> {
	const options: https.RequestOptions = {headers: {Accept: 'application/json'}};
	await credentialsFor(cluster, user, now).apply(options);
	return options;
}

describe('credentialsFor', () => {
	it('client certificates and the CA go on one keep-alive agent, reused', async () => {
		const credentials = credentialsFor(cluster, {
			name: 'me',
			certData: Buffer.from('CERT').toString('base64'),
			keyData: Buffer.from('KEY').toString('base64'),
		});
		const first: https.RequestOptions = {};
		const second: https.RequestOptions = {};
		await credentials.apply(first);
		await credentials.apply(second);
		const agent = first.agent as https.Agent;
		expect(agent).toBe(second.agent);
		expect(agent.options).toMatchObject({keepAlive: true, ca: Buffer.from('CA'), cert: Buffer.from('CERT'), key: Buffer.from('KEY')});
		expect(agent.options.rejectUnauthorized).toBeUndefined();
	});

	it('a token, impersonation and basic auth as headers', async () => {
		const options = await applied({name: 't', token: 'abc', impersonate: 'jane', impersonateGroups: ['a', 'b'], impersonateUid: '7'});
		expect(options.headers).toEqual({
			Accept: 'application/json',
			Authorization: 'Bearer abc',
			'Impersonate-User': 'jane',
			'Impersonate-Group': ['a', 'b'],
			'Impersonate-Uid': '7',
		});
		expect((await applied({name: 'b', username: 'u', password: 'p'})).auth).toBe('u:p');
	});

	it('a token file is read again after a minute (projected tokens rotate)', async () => {
		const file = path.join(scratch, 'token');
		writeFileSync(file, 'one\n');
		let now = 0;
		const credentials = credentialsFor(cluster, {name: 'f', tokenFile: file}, () => now);
		const header = async () => {
			const options: https.RequestOptions = {};
			await credentials.apply(options);
			return (options.headers as Record<string, string>)['Authorization'];
		};
		expect(await header()).toBe('Bearer one');
		writeFileSync(file, 'two\n');
		now = 30_000;
		expect(await header()).toBe('Bearer one');
		now = 61_000;
		expect(await header()).toBe('Bearer two');
	});

	it('insecure-skip-tls-verify and tls-server-name reach the agent; plain http gets an http agent', async () => {
		const options: https.RequestOptions = {};
		await credentialsFor({...cluster, skipTLSVerify: true, tlsServerName: 'api'}, undefined).apply(options);
		expect((options.agent as https.Agent).options).toMatchObject({rejectUnauthorized: false, servername: 'api'});
		const plain: https.RequestOptions = {};
		await credentialsFor({name: 'p', server: 'http://127.0.0.1:8080', skipTLSVerify: true}, undefined).apply(plain);
		expect(plain.agent).not.toBeInstanceOf(https.Agent);
	});

	it('a missing certificate file fails when the credentials are prepared', async () => {
		await expect(applied({name: 'x', certFile: path.join(scratch, 'nope.crt')})).rejects.toThrow(/ENOENT/);
	});
});

describe('exec credential plugins', () => {
	const exec = {
		apiVersion: 'client.authentication.k8s.io/v1',
		command: 'login',
		args: ['--quiet'],
		env: [{name: 'REGION', value: 'eu'}],
		provideClusterInfo: true,
	};

	it('runs once for concurrent requests, passes env and KUBERNETES_EXEC_INFO, keeps the answer until it expires', async () => {
		let now = Date.parse('2026-01-01T00:00:00Z');
		const runs: NodeJS.ProcessEnv[] = [];
		const source = new ExecCredentialSource(
			exec,
			cluster,
			() => now,
			async (_exec, env) => {
				runs.push(env);
				await new Promise(resolve => setTimeout(resolve, 5));
				return JSON.stringify({
					kind: 'ExecCredential',
					status: {token: `t${runs.length}`, expirationTimestamp: '2026-01-01T01:00:00Z'},
				});
			},
		);
		const [a, b] = await Promise.all([source.get(), source.get()]);
		expect(a).toEqual({token: 't1', expiresAt: Date.parse('2026-01-01T01:00:00Z')});
		expect(b).toBe(a);
		expect(runs).toHaveLength(1);
		expect(runs[0]?.['REGION']).toBe('eu');
		expect(JSON.parse(runs[0]?.['KUBERNETES_EXEC_INFO'] ?? '')).toEqual({
			apiVersion: 'client.authentication.k8s.io/v1',
			kind: 'ExecCredential',
			spec: {interactive: false, cluster: {server: cluster.server, 'certificate-authority-data': cluster.caData}},
		});
		now = Date.parse('2026-01-01T00:59:55Z');
		expect((await source.get()).token).toBe('t2');
		expect(source.expire()).toBe(true);
		expect((await source.get()).token).toBe('t3');
	});

	it('a client certificate from the plugin goes on the agent', async () => {
		const credentials = credentialsFor(cluster, {name: 'p', exec: {...exec, command: process.execPath, args: ['-e', plugin]}});
		const options: https.RequestOptions = {};
		await credentials.apply(options);
		expect((options.agent as https.Agent).options).toMatchObject({cert: 'CERT', key: 'KEY'});
		expect(options.headers).toEqual({});
	});

	it('says what is wrong with an answer', () => {
		expect(() => parseExecCredential('nope', 'login')).toThrow('exec plugin login printed no JSON ExecCredential');
		expect(() => parseExecCredential('{}', 'login')).toThrow('exec plugin login printed an ExecCredential without status');
		expect(() => parseExecCredential('{"status":{}}', 'login')).toThrow('gave neither a token nor a client certificate and key');
	});

	it('a plugin that is not installed, or fails: named, with its hint or its words', async () => {
		const missing = credentialsFor(cluster, {
			name: 'm',
			exec: {...exec, command: path.join(scratch, 'absent'), installHint: 'brew install it'},
		});
		await expect(missing.apply({})).rejects.toThrow(`exec plugin ${path.join(scratch, 'absent')} was not found (brew install it)`);
		const failing = credentialsFor(cluster, {
			name: 'f',
			exec: {...exec, command: process.execPath, args: ['-e', 'process.stderr.write("token expired, log in"); process.exit(3)']},
		});
		await expect(failing.apply({})).rejects.toThrow(`exec plugin ${process.execPath} exited with 3: token expired, log in`);
	});
});

const plugin = `process.stdout.write(JSON.stringify({kind: 'ExecCredential', status: {clientCertificateData: 'CERT', clientKeyData: 'KEY'}}))`;
