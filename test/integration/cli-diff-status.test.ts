/**
 * `driftwatch diff`, `status` and `sync` as scripts use them, against the real control plane and a
 * real git repository: exit codes, text and JSON output, attribution, and clear errors.
 */
import {execFileSync} from 'node:child_process';
import {cpSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, kubectlJson, waitFor} from './support/cluster.js';
import {runCli} from './support/run-cli.js';

let repo = '';
let namespace = '';
let cache = '';
const appFlags = () => ['--repo', repo, '--path', 'app', '--namespace', namespace, '--name', 'cli-app', '--kubeconfig', kubeconfig()];
const env = () => ({DRIFTWATCH_CACHE: cache, HOME: cache});

beforeAll(async () => {
	namespace = await createNamespace('cli');
	repo = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-cli-repo-'));
	cache = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-cli-cache-'));
	cpSync(path.resolve('fixtures/cli-app'), repo, {recursive: true});
	const git = (...args: string[]) =>
		execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {cwd: repo});
	git('init', '-q', '-b', 'main');
	git('add', '.');
	git('commit', '-q', '-m', 'api: first version');
});

afterAll(async () => {
	await deleteNamespace(namespace);
	rmSync(repo, {recursive: true, force: true});
	rmSync(cache, {recursive: true, force: true});
});

describe('driftwatch diff / status / sync against a real cluster', () => {
	it('reports missing objects with exit 1 before the first sync', async () => {
		const result = await runCli(['diff', ...appFlags()], env());
		expect(result.code).toBe(1);
		expect(result.stdout).toContain('===== apps/Deployment/' + namespace + '/api (missing) =====');
		expect(result.stdout).toMatch(/0 modified, 2 missing, 0 extra/);
	});

	it('syncs with server-side apply, then diff exits 0 and status is Synced + Healthy', async () => {
		const sync = await runCli(['sync', ...appFlags(), '--audit-log', path.join(cache, 'audit.jsonl')], env());
		expect(sync.stderr).toBe('');
		expect(sync.code).toBe(0);
		expect(sync.stdout).toContain(`applied  Deployment/${namespace}/api`);
		await kubectl(['rollout', 'status', '-n', namespace, 'deployment/api', '--timeout=60s']);
		const diff = await runCli(['diff', ...appFlags()], env());
		expect(diff.stdout).toMatch(/0 modified, 0 missing, 0 extra, 2 in sync/);
		expect(diff.code).toBe(0);
		const status = await runCli(['status', ...appFlags(), '--output', 'json'], env());
		expect(status.code).toBe(0);
		const [app] = (JSON.parse(status.stdout) as {apps: Array<Record<string, any>>}).apps;
		expect(app?.['syncStatus']).toBe('Synced');
		expect(app?.['health']).toEqual({status: 'Healthy', message: ''});
		expect(app?.['revision'].subject).toBe('api: first version');
		expect(app?.['counts']).toEqual({synced: 2, modified: 0, missing: 0, extra: 0});
	});

	it('no false drift: server defaults, canonical quantities and managedFields are not drift', async () => {
		const live = await kubectlJson<{spec: Record<string, any>}>(['get', 'deployment', 'api', '-n', namespace]);
		expect(live.spec['template'].spec.containers[0].imagePullPolicy).toBe('IfNotPresent');
		expect(live.spec['strategy'].type).toBe('RollingUpdate');
		const diff = await runCli(['diff', ...appFlags(), '--output', 'json'], env());
		expect(diff.code).toBe(0);
		expect((JSON.parse(diff.stdout) as {apps: Array<{objects: unknown[]}>}).apps[0]?.objects).toEqual([]);
	});

	it('shows kubectl scale as drift with who changed it, in text and JSON', async () => {
		await kubectl(['scale', '-n', namespace, 'deployment/api', '--replicas=4']);
		const diff = await runCli(['diff', ...appFlags()], env());
		expect(diff.code).toBe(1);
		expect(diff.stdout).toContain('-  replicas: 4');
		expect(diff.stdout).toContain('+  replicas: 2');
		expect(diff.stdout).toMatch(/# spec\.replicas changed by kubectl \(Update, scale\)/);
		expect(diff.stdout).toMatch(/1 modified, 0 missing, 0 extra, 1 in sync/);
		const json = await runCli(['diff', ...appFlags(), '--output', 'json'], env());
		expect(json.code).toBe(1);
		const objects = (JSON.parse(json.stdout) as {apps: Array<{objects: Array<Record<string, any>>}>}).apps[0]?.objects ?? [];
		expect(objects).toHaveLength(1);
		expect(objects[0]).toMatchObject({
			kind: 'Deployment',
			name: 'api',
			namespace,
			status: 'OutOfSync',
			drift: 'modified',
			changedPaths: ['/spec/replicas'],
		});
		expect(objects[0]?.['attribution'][0]).toMatchObject({path: '/spec/replicas', manager: 'kubectl', operation: 'Update'});
		expect(objects[0]?.['diff']).toContain('+  replicas: 2');
	});

	it('sync --dry-run changes nothing; sync puts it back', async () => {
		const dry = await runCli(['sync', ...appFlags(), '--dry-run'], env());
		expect(dry.code).toBe(0);
		expect((await kubectlJson<{spec: {replicas: number}}>(['get', 'deployment', 'api', '-n', namespace])).spec.replicas).toBe(4);
		const sync = await runCli(['sync', ...appFlags(), '--resource', 'Deployment/api'], env());
		expect(sync.code).toBe(0);
		expect((await kubectlJson<{spec: {replicas: number}}>(['get', 'deployment', 'api', '-n', namespace])).spec.replicas).toBe(2);
	});

	it('refuses a sync for the restricted user with the API reason, exit 1', async () => {
		await kubectl(['scale', '-n', namespace, 'deployment/api', '--replicas=3']);
		const result = await runCli(['sync', ...appFlags(), '--context', 'driftwatch-restricted', '--output', 'json'], env());
		expect(result.code).toBe(1);
		const output = JSON.parse(result.stdout) as {ok: boolean; errors: string[]};
		expect(output.ok).toBe(false);
		expect(output.errors.join('\n')).toMatch(/forbidden: User "restricted" cannot patch resource "deployments"/);
		expect((await kubectlJson<{spec: {replicas: number}}>(['get', 'deployment', 'api', '-n', namespace])).spec.replicas).toBe(3);
	});

	it('reads an Argo CD Application manifest as-is (--app), with ignoreDifferences', async () => {
		const manifest = path.join(cache, 'application.yaml');
		writeFileSync(
			manifest,
			[
				'apiVersion: argoproj.io/v1alpha1',
				'kind: Application',
				'metadata: {name: api-from-manifest, namespace: argocd}',
				'spec:',
				'  project: default',
				`  source: {repoURL: ${JSON.stringify(repo)}, targetRevision: main, path: app}`,
				`  destination: {server: https://kubernetes.default.svc, namespace: ${namespace}}`,
				'  syncPolicy: {automated: {prune: true, selfHeal: true}, syncOptions: [CreateNamespace=true]}',
				'  ignoreDifferences:',
				'  - {group: apps, kind: Deployment, jsonPointers: [/spec/replicas]}',
			].join('\n'),
		);
		await kubectl(['scale', '-n', namespace, 'deployment/api', '--replicas=4']);
		const result = await runCli(['status', '--app', manifest, '--kubeconfig', kubeconfig(), '--output', 'json'], env());
		expect(result.code, result.stderr).toBe(0);
		const [app] = (JSON.parse(result.stdout) as {apps: Array<Record<string, any>>}).apps;
		expect(app?.['name']).toBe('api-from-manifest');
		expect(app?.['revision'].targetRevision).toBe('main');
		// The replicas drift is ignored, as the Application says; the tracking names another app, which is not drift.
		expect(app?.['objects'].find((object: Record<string, unknown>) => object['kind'] === 'Deployment')?.status).toBe('Synced');
		const invalid = path.join(cache, 'invalid-application.yaml');
		writeFileSync(
			invalid,
			'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: broken}\nspec:\n  destination: {namespace: x, server: https://kubernetes.default.svc}\n',
		);
		const bad = await runCli(['status', '--app', invalid, '--kubeconfig', kubeconfig()], env());
		expect(bad.code).toBe(2);
		expect(bad.stderr).toMatch(/invalid-application\.yaml: Application\/broken: spec\.source/);
	});

	it('exits 2 with a clear message when the cluster is unreachable', async () => {
		const broken = path.join(cache, 'unreachable.kubeconfig');
		writeFileSync(
			broken,
			[
				'apiVersion: v1',
				'kind: Config',
				'current-context: nowhere',
				'clusters: [{name: nowhere, cluster: {server: "https://127.0.0.1:1", insecure-skip-tls-verify: true}}]',
				'users: [{name: nobody, user: {token: x}}]',
				'contexts: [{name: nowhere, context: {cluster: nowhere, user: nobody}}]',
			].join('\n'),
		);
		const result = await runCli(['diff', '--repo', repo, '--path', 'app', '--namespace', namespace, '--kubeconfig', broken], env());
		expect(result.code).toBe(2);
		expect(result.stdout + result.stderr).toContain(
			'nothing answers at the API server at https://127.0.0.1:1 (context "nowhere"): connection refused',
		);
	});

	it('exits 2 and names the file and line for broken YAML in Git', async () => {
		writeFileSync(path.join(repo, 'app', 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: [unclosed\n');
		execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-am', 'x', '--allow-empty'], {
			cwd: repo,
		});
		execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'add', '.'], {cwd: repo});
		execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'broken yaml'], {cwd: repo});
		const result = await runCli(['status', ...appFlags()], env());
		expect(result.code).toBe(2);
		expect(result.stdout).toContain('Unknown');
		expect(result.stdout + result.stderr).toMatch(/broken\.yaml/);
		expect(result.stdout + result.stderr).toMatch(/line \d+/);
	});
});

describe('waiting helper sanity', () => {
	it('waitFor returns the first truthy value', async () => {
		let calls = 0;
		expect(await waitFor('third call', async () => (++calls >= 3 ? calls : undefined), 5000, 1)).toBe(3);
	});
});
