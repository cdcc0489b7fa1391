/**
 * A sync that fails, with the real binary on the real control plane: (1) objects the API server
 * refuses (one invalid, one forbidden by RBAC) are caught by the dry run of the whole set, so
 * nothing is applied and each refusal is named; (2) a sync that fails half-way (a ResourceQuota
 * lets the dry runs pass one by one but not the third apply): exactly the applied objects are
 * reported applied, the failing one is named with the API's reason, the API server agrees, and
 * the audit log says the same.
 */
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, kubectlJson, kubectlResult, waitFor} from './support/cluster.js';
import {git} from './support/git-repo.js';
import {restrictedContext} from './support/lab.js';
import {runCli} from './support/run-cli.js';

interface SyncJson {
	action: string;
	ok: boolean;
	message: string;
	applied: string[];
	deleted: string[];
	errors: string[];
	app: {syncStatus: string};
}

interface AuditLine {
	user: string;
	app: string;
	action: string;
	result: string;
	objects?: string[];
	message: string;
}

let dir = '';
const namespaces: string[] = [];

beforeAll(() => {
	dir = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-fault-sync-'));
});
afterAll(async () => {
	for (const namespace of namespaces) await deleteNamespace(namespace);
	rmSync(dir, {recursive: true, force: true});
});

/** A working repository holding `files` under app/. */
async function repoWith(name: string, files: Record<string, string>): Promise<string> {
	const repo = path.join(dir, name);
	mkdirSync(path.join(repo, 'app'), {recursive: true});
	for (const [file, content] of Object.entries(files)) writeFileSync(path.join(repo, 'app', file), content);
	await git(dir, 'init', '--quiet', '--initial-branch=main', repo);
	await git(repo, 'add', '--all');
	await git(repo, 'commit', '--quiet', '-m', 'the app');
	return repo;
}

/** `driftwatch sync` of the app in `repo` (its manifests under app/), audited to `auditFile`. */
function syncCli(sync: {repo: string; namespace: string; name: string; auditFile: string}, ...extra: string[]) {
	const flags = ['--repo', sync.repo, '--path', 'app', '--namespace', sync.namespace, '--name', sync.name];
	return runCli(['sync', ...flags, '--kubeconfig', kubeconfig(), ...extra, '--audit-log', sync.auditFile], {
		DRIFTWATCH_CACHE: path.join(dir, 'cache'),
	});
}

const configMap = (namespace: string, name: string, data: Record<string, string>) =>
	`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata:\n${Object.entries(data)
		.map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)}\n`)
		.join('')}`;

const audit = (file: string): AuditLine[] =>
	readFileSync(file, 'utf8')
		.trim()
		.split('\n')
		.map(line => JSON.parse(line) as AuditLine);

const exists = async (namespace: string, resource: string) => (await kubectlResult(['get', resource, '-n', namespace])).code === 0;

describe('a sync the API server refuses', () => {
	it('names the invalid and the forbidden object, applies nothing, and audits the failure', async () => {
		const namespace = await createNamespace('fault-sync-refused');
		namespaces.push(namespace);
		// "restricted" (ClusterRole view) may write ConfigMaps here, but not Deployments.
		await kubectl(['create', 'role', 'configmaps', '-n', namespace, '--verb=get,list,watch,create,patch,update', '--resource=configmaps']);
		await kubectl(['create', 'rolebinding', 'configmaps', '-n', namespace, '--role=configmaps', '--user=restricted']);
		const repo = await repoWith('refused', {
			'deployment.yaml': readFileSync(path.resolve('fixtures/cli-app/app/deployment.yaml'), 'utf8'),
			'good.yaml': configMap(namespace, 'good', {mode: 'fine'}),
			'invalid.yaml': configMap(namespace, 'invalid', {'bad key!': 'x'}),
		});
		const auditFile = path.join(dir, 'refused-audit.jsonl');
		const result = await syncCli({repo, namespace, name: 'refused', auditFile}, '--context', restrictedContext, '--output', 'json');
		expect(result.code, result.stderr).toBe(1);
		const json = JSON.parse(result.stdout) as SyncJson;
		expect(json.ok).toBe(false);
		expect(json.applied).toEqual([]);
		expect(json.deleted).toEqual([]);
		// Per object, with the API server's reason; the valid one is not claimed as anything.
		expect(json.errors).toHaveLength(2);
		expect(json.errors).toEqual(
			expect.arrayContaining([
				expect.stringMatching(new RegExp(`^ConfigMap/${namespace}/invalid: .*Invalid value.*bad key!`)),
				expect.stringMatching(new RegExp(`^Deployment/${namespace}/api: .*forbidden.*User "restricted" cannot patch`)),
			]),
		);
		expect(json.message).toMatch(/^dry run failed for 2 of 3 object\(s\), nothing was applied or pruned/);
		// The API server agrees: nothing exists.
		expect(await exists(namespace, 'configmap/good')).toBe(false);
		expect(await exists(namespace, 'configmap/invalid')).toBe(false);
		expect(await exists(namespace, 'deployment/api')).toBe(false);
		const [entry, ...more] = audit(auditFile);
		expect(more).toEqual([]);
		expect(entry).toMatchObject({user: 'restricted', app: 'refused', action: 'sync', result: 'failed'});
		expect(entry?.message).toContain(`ConfigMap/${namespace}/invalid: `);
		expect(entry?.message).toContain(`Deployment/${namespace}/api: `);
		expect(entry?.message).toContain('nothing was applied');
	}, 240_000);
});

describe('a sync that fails half-way', () => {
	it('reports exactly what was applied and what was not, as the API server and the audit log see it', async () => {
		const namespace = await createNamespace('fault-sync-half');
		namespaces.push(namespace);
		// kube-root-ca.crt is the namespace's first ConfigMap: two more fit. Each dry run passes on
		// its own (a dry run does not count against the quota); the third apply does not fit.
		await kubectl(['create', 'quota', 'configmaps', '-n', namespace, '--hard=count/configmaps=3']);
		await waitFor('the quota to be counted', async () => {
			const quota = await kubectlJson<{status?: {used?: Record<string, string>}}>(['get', 'resourcequota', 'configmaps', '-n', namespace]);
			return quota.status?.used?.['count/configmaps'] === '1';
		});
		const repo = await repoWith('half', {
			'configmaps.yaml': ['first', 'second', 'third'].map(name => configMap(namespace, name, {name})).join('---\n'),
		});
		const auditFile = path.join(dir, 'half-audit.jsonl');
		const result = await syncCli({repo, namespace, name: 'half', auditFile}, '--output', 'json');
		expect(result.code, result.stderr).toBe(1);
		const json = JSON.parse(result.stdout) as SyncJson;
		expect(json.ok).toBe(false);
		// The three applies run in parallel (one wave), so which one the quota refuses is the API
		// server's choice: exactly one is refused, and the report names it and the two that landed.
		expect(json.errors).toHaveLength(1);
		const refusedMatch = new RegExp(`^ConfigMap/${namespace}/(first|second|third): .*exceeded quota`).exec(json.errors[0] ?? '');
		expect(refusedMatch, json.errors[0]).not.toBeNull();
		const refused = refusedMatch?.[1] ?? '';
		const landed = ['first', 'second', 'third'].filter(name => name !== refused);
		expect([...json.applied].sort()).toEqual(landed.map(name => `ConfigMap/${namespace}/${name}`));
		expect(json.message).toContain(`apply of ConfigMap/${namespace}/${refused} failed after a successful dry run`);
		expect(json.message).toContain(`Done: 2 applied, 0 pruned. Not done: 1 apply(s) (ConfigMap/${namespace}/${refused})`);
		expect(json.app.syncStatus).not.toBe('Synced');
		// The API server agrees, object by object; the applied ones carry driftwatch's write.
		for (const name of landed) {
			const live = await kubectlJson<{metadata: {managedFields: Array<{manager: string}>}}>([
				'get',
				'configmap',
				name,
				'--show-managed-fields',
				'-n',
				namespace,
			]);
			expect(live.metadata.managedFields.map(entry => entry.manager)).toContain('driftwatch');
		}
		expect(await exists(namespace, `configmap/${refused}`)).toBe(false);
		const entries = audit(auditFile);
		expect(entries).toHaveLength(1);
		expect(entries[0]).toMatchObject({app: 'half', action: 'sync', result: 'failed', user: 'driftwatch-admin'});
		expect(entries[0]?.message).toContain(`apply of ConfigMap/${namespace}/${refused} failed after a successful dry run`);
		expect(entries[0]?.message).toContain('Done: 2 applied');
		expect(entries[0]?.message).not.toMatch(/synced: /);

		// Again, as text: now the quota is full, so the dry run refuses the one left out and nothing is applied.
		const text = await syncCli({repo, namespace, name: 'half', auditFile});
		expect(text.code).toBe(1);
		expect(text.stdout).toContain('sync failed: dry run failed for 1 of 3 object(s), nothing was applied or pruned');
		expect(text.stdout).not.toMatch(/^\s+applied\s/m);
		expect(text.stdout).toMatch(new RegExp(`error\\s+ConfigMap/${namespace}/${refused}: .*exceeded quota`));
		expect(audit(auditFile).map(entry => entry.result)).toEqual(['failed', 'failed']);
	}, 240_000);
});
