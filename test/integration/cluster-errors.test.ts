/**
 * When the cluster is not there, or will not have us: each failure is a DriftwatchError with a
 * plain message naming the server and context, and a hint; never a library's message alone. The
 * failures are real: a kubeconfig that trusts another CA, a wrong token and the read-only user
 * against the run's API server, a port nobody listens on, no kubeconfig at all.
 */
import {execFileSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse, stringify} from 'yaml';
import {connect} from '../../source/cluster/kube-connection.js';
import {KubeRest} from '../../source/cluster/kube-rest.js';
import {DriftwatchError} from '../../source/core/errors.js';
import {kubeconfig} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {runCli} from './support/run-cli.js';

type Kubeconfig = {
	clusters: Array<{name: string; cluster: Record<string, unknown>}>;
	users: Array<{name: string; user: Record<string, unknown>}>;
	'current-context': string;
};

let scratch: string;
let repo: LabRepo;
let server: string;

beforeAll(async () => {
	scratch = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-cluster-errors-'));
	repo = await createLabRepo({fixtureDir: path.resolve('fixtures/lab/app')});
	server = connect({kubeconfig: kubeconfig()}).server;
});
afterAll(async () => {
	rmSync(scratch, {recursive: true, force: true});
	await repo?.dispose();
});

/** The run's kubeconfig, changed by `edit`, written to a new file. */
function variant(name: string, edit: (config: Kubeconfig) => void): string {
	const config = parse(readFileSync(kubeconfig(), 'utf8')) as Kubeconfig;
	edit(config);
	const file = path.join(scratch, `${name}.kubeconfig`);
	writeFileSync(file, stringify(config));
	return file;
}

async function failure(promise: Promise<unknown>): Promise<DriftwatchError> {
	const error = await promise.then(
		() => undefined,
		(thrown: unknown) => thrown,
	);
	expect(error).toBeInstanceOf(DriftwatchError);
	return error as DriftwatchError;
}

async function closedPort(): Promise<number> {
	const probe = net.createServer();
	await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve));
	const port = (probe.address() as net.AddressInfo).port;
	await new Promise(resolve => probe.close(resolve));
	return port;
}

describe('classified at the adapter boundary', () => {
	it('TLS: a kubeconfig that trusts another CA', async () => {
		execFileSync(
			'openssl',
			[
				'req',
				'-x509',
				'-newkey',
				'rsa:2048',
				'-nodes',
				'-days',
				'1',
				'-subj',
				'/CN=another-ca',
				'-keyout',
				path.join(scratch, 'other.key'),
				'-out',
				path.join(scratch, 'other.crt'),
			],
			{stdio: 'ignore'},
		);
		const other = readFileSync(path.join(scratch, 'other.crt')).toString('base64');
		const file = variant('other-ca', config => {
			for (const cluster of config.clusters) cluster.cluster['certificate-authority-data'] = other;
		});
		const error = await failure(new KubeRest(connect({kubeconfig: file})).request('GET', '/version'));
		expect(error.code).toBe('cluster-unreachable');
		expect(error.message).toMatch(
			new RegExp(
				`^TLS with the API server at ${server} \\(context "driftwatch-admin"\\) failed: the server's certificate is not trusted \\([A-Z_]+\\)$`,
			),
		);
		expect(error.hint).toContain('certificate-authority');
	});

	it('401: a token the API server does not know', async () => {
		const file = variant('bad-token', config => {
			config['current-context'] = 'driftwatch-restricted';
			for (const user of config.users) if (user.name === 'restricted') user.user['token'] = 'not-a-token';
		});
		const error = await failure(new KubeRest(connect({kubeconfig: file})).request('GET', '/api/v1/namespaces/default/configmaps'));
		expect(error.code).toBe('unauthorized');
		expect(error.message).toBe(
			`the API server at ${server} refused the credentials of user "restricted" (context "driftwatch-restricted"): 401 Unauthorized`,
		);
		expect(error.hint).toContain('log in again');
	});

	it("403: the read-only user's write, with the API server's reason and the user and context in the hint", async () => {
		const rest = new KubeRest(connect({kubeconfig: kubeconfig(), context: 'driftwatch-restricted'}));
		const error = await failure(
			rest.request('POST', '/api/v1/namespaces/default/configmaps', {body: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'x'}}}),
		);
		expect(error.code).toBe('forbidden');
		expect(error.message).toBe(
			'configmaps is forbidden: User "restricted" cannot create resource "configmaps" in API group "" in the namespace "default"',
		);
		expect(error.hint).toBe('user "restricted" (context "driftwatch-restricted") lacks this permission: ask for it or use another context');
	});

	it('connection refused: a port nobody listens on', async () => {
		const port = await closedPort();
		const file = variant('refused', config => {
			for (const cluster of config.clusters) cluster.cluster['server'] = `https://127.0.0.1:${port}`;
		});
		const error = await failure(new KubeRest(connect({kubeconfig: file})).request('GET', '/version'));
		expect(error.code).toBe('cluster-unreachable');
		expect(error.message).toBe(
			`nothing answers at the API server at https://127.0.0.1:${port} (context "driftwatch-admin"): connection refused`,
		);
		expect(error.hint).toContain('driftwatch lab');
	});

	it('plain http without insecure-skip-tls-verify, before any request', () => {
		const file = variant('plain-http', config => {
			for (const cluster of config.clusters) cluster.cluster['server'] = 'http://127.0.0.1:8080';
		});
		expect(() => connect({kubeconfig: file})).toThrow(
			'cluster "driftwatch-local" of context "driftwatch-admin" is served over plain http (http://127.0.0.1:8080)',
		);
	});
});

describe('status and diff exit 2 with the message', () => {
	const appFlags = () => ['--repo', repo.bare, '--path', 'app', '--namespace', 'cluster-errors'];

	it('no kubeconfig at all', async () => {
		const home = path.join(scratch, 'empty-home');
		execFileSync('mkdir', ['-p', home]);
		for (const command of ['status', 'diff']) {
			const result = await runCli([command, ...appFlags()], {KUBECONFIG: '', HOME: home, DRIFTWATCH_CACHE: path.join(scratch, 'cache')});
			expect(result.code, result.stderr).toBe(2);
			expect(result.stderr).toContain('no kubeconfig found (KUBECONFIG is not set and ~/.kube/config does not exist)');
			expect(result.stderr).toContain(
				'`driftwatch lab` (`npm start` in the driftwatch project) runs a local lab cluster, or set KUBECONFIG',
			);
			expect(result.stderr).not.toMatch(/skipTLSVerify|localhost:8080|\n\s+at /);
		}
	});

	it('KUBECONFIG naming a file that does not exist', async () => {
		const result = await runCli(['status', ...appFlags()], {
			KUBECONFIG: path.join(scratch, 'nope'),
			DRIFTWATCH_CACHE: path.join(scratch, 'cache'),
		});
		expect(result.code).toBe(2);
		expect(result.stderr).toContain(`no kubeconfig found: KUBECONFIG names ${path.join(scratch, 'nope')}, which does not exist`);
	});

	it('a repository URL with credentials that cannot be reached: the failure said, the credentials masked', async () => {
		const port = await closedPort();
		const result = await runCli(
			[
				'status',
				'-o',
				'json',
				'--repo',
				`https://u:tok3n@127.0.0.1:${port}/x.git`,
				'--path',
				'.',
				'--namespace',
				'x',
				'--kubeconfig',
				kubeconfig(),
			],
			{DRIFTWATCH_CACHE: path.join(scratch, 'cache')},
		);
		expect(result.code, result.stderr).toBe(2);
		expect(result.stdout).not.toContain('tok3n');
		expect(result.stderr).not.toContain('tok3n');
		const output = JSON.parse(result.stdout) as {apps: Array<{syncStatus: string; error: {code: string; message: string; hint: string}}>};
		expect(output.apps).toHaveLength(1);
		expect(output.apps[0]?.syncStatus).toBe('Unknown');
		expect(output.apps[0]?.error).toMatchObject({
			code: 'git-failed',
			hint: 'check the repository URL, your network and your credentials for it',
		});
		expect(output.apps[0]?.error.message).toMatch(new RegExp(`^cloning https://\\*\\*\\*@127\\.0\\.0\\.1:${port}/x\\.git: .*connect`, 'u'));
	});

	it('a cluster that refuses the connection', async () => {
		const port = await closedPort();
		const file = variant('refused-cli', config => {
			for (const cluster of config.clusters) cluster.cluster['server'] = `https://127.0.0.1:${port}`;
		});
		for (const command of ['status', 'diff']) {
			const result = await runCli([command, ...appFlags(), '--kubeconfig', file], {DRIFTWATCH_CACHE: path.join(scratch, 'cache')});
			expect(result.code).toBe(2);
			expect(result.stdout + result.stderr).toContain(
				`nothing answers at the API server at https://127.0.0.1:${port} (context "driftwatch-admin"): connection refused`,
			);
		}
	});
});
