/**
 * Rendering breaks, with every policy on (auto-sync, self-heal, prune): broken YAML in a plain
 * directory (and the file it would replace deleted), a Helm template error, a missing Helm value
 * file, a kustomization naming a missing resource. One real binary in headless mode watches the
 * four Applications. Each app must turn Unknown with the tool's own message, and while the render
 * is broken nothing may be applied or pruned: the API server is asked (no write by field manager
 * driftwatch, every object still there, a kubectl scale left alone), and the audit log and the
 * stream agree. Fixing the commit brings everything back.
 */
import {cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, kubectlJson} from './support/cluster.js';
import {git} from './support/git-repo.js';
import {type Headless, type JsonLine, startHeadless} from './support/headless.js';
import {expectUnchanged} from './support/lab.js';

interface ManagedObject {
	kind: string;
	metadata: {
		name: string;
		uid: string;
		managedFields?: Array<{manager: string; operation: string; time?: string; fieldsV1?: unknown}>;
	};
	spec?: {replicas?: number};
}

const apps = ['plain', 'chart', 'values', 'kustomize'] as const;
type App = (typeof apps)[number];
const namespaces = {} as Record<App, string>;
let dir = '';
let repo = '';
let watcher: Headless | undefined;

const statusOf = (app: App, predicate: (line: JsonLine) => boolean) => (line: JsonLine) =>
	line.type === 'status' && line.app === app && predicate(line);

/** What driftwatch wrote, as the API server records it: per object, its uid and driftwatch's managedFields entries. */
async function driftwatchWrites(): Promise<Record<string, unknown>> {
	const writes: Record<string, unknown> = {};
	for (const app of apps) {
		const list = await kubectlJson<{items: ManagedObject[]}>([
			'get',
			'deployments,services,configmaps',
			'--show-managed-fields',
			'-n',
			namespaces[app],
		]);
		for (const object of list.items) {
			const entries = (object.metadata.managedFields ?? []).filter(entry => entry.manager === 'driftwatch');
			if (entries.length > 0) writes[`${app}/${object.kind}/${object.metadata.name}`] = {uid: object.metadata.uid, entries};
		}
	}
	return writes;
}

async function replicas(app: App): Promise<number[]> {
	const list = await kubectlJson<{items: ManagedObject[]}>(['get', 'deployments', '-n', namespaces[app]]);
	return list.items.map(item => item.spec?.replicas ?? -1);
}

function application(app: App, source: string): string {
	return [
		'apiVersion: argoproj.io/v1alpha1',
		'kind: Application',
		`metadata: {name: ${app}}`,
		'spec:',
		`  source: {repoURL: ${JSON.stringify(repo)}, targetRevision: main, ${source}}`,
		`  destination: {server: https://kubernetes.default.svc, namespace: ${namespaces[app]}}`,
		'  syncPolicy: {automated: {prune: true, selfHeal: true}}',
	].join('\n');
}

beforeAll(async () => {
	for (const app of apps) namespaces[app] = await createNamespace(`fault-render-${app}`);
	dir = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-fault-render-'));
	repo = path.join(dir, 'repo');
	cpSync(path.resolve('fixtures/cli-app/app'), path.join(repo, 'plain'), {recursive: true});
	cpSync(path.resolve('fixtures/sources/helm/web'), path.join(repo, 'chart'), {recursive: true});
	cpSync(path.resolve('fixtures/sources/helm/web'), path.join(repo, 'values'), {recursive: true});
	cpSync(path.resolve('fixtures/sources/kustomize/base'), path.join(repo, 'kustomize'), {recursive: true});
	await git(dir, 'init', '--quiet', '--initial-branch=main', repo);
	await git(repo, 'add', '--all');
	await git(repo, 'commit', '--quiet', '-m', 'four apps');
	const manifests = [
		application('plain', 'path: plain'),
		application('chart', 'path: chart'),
		application('values', 'path: values, helm: {valueFiles: [values-production.yaml]}'),
		application('kustomize', 'path: kustomize'),
	].join('\n---\n');
	writeFileSync(path.join(dir, 'apps.yaml'), manifests);
	watcher = startHeadless([
		'--app',
		path.join(dir, 'apps.yaml'),
		'--kubeconfig',
		kubeconfig(),
		'--interval',
		'1',
		'--audit-log',
		path.join(dir, 'audit.jsonl'),
	]);
	// Auto-sync deploys each app at start.
	for (const app of apps) {
		await watcher.find(
			statusOf(app, line => line.syncStatus === 'Synced' && line.health?.status === 'Healthy'),
			`${app} Synced + Healthy`,
			{
				timeoutMs: 180_000,
			},
		);
	}
}, 400_000);

afterAll(async () => {
	await watcher?.stop();
	for (const app of apps) if (namespaces[app]) await deleteNamespace(namespaces[app]);
	rmSync(dir, {recursive: true, force: true});
});

const auditLines = () => {
	try {
		return readFileSync(path.join(dir, 'audit.jsonl'), 'utf8').trim().split('\n').filter(Boolean);
	} catch {
		return [];
	}
};

describe('a render that breaks, with auto-sync, self-heal and prune on', () => {
	it('makes each app Unknown with the tool’s message and writes nothing while it is broken; a fix brings it back', async () => {
		const headless = watcher!;
		const before = await driftwatchWrites();
		expect(Object.keys(before).length).toBeGreaterThanOrEqual(7);
		const audited = auditLines().length;
		const since = headless.lines.length;

		// One commit breaks all four: broken YAML (and the ConfigMap's file deleted: a partial render
		// would prune it), a template calling an unknown function, a value file gone, a missing resource.
		writeFileSync(path.join(repo, 'plain', 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [unclosed\n');
		unlinkSync(path.join(repo, 'plain', 'configmap.yaml'));
		writeFileSync(path.join(repo, 'chart', 'templates', 'broken.yaml'), 'data: {{ .Values.replicaCount | nosuchfunction }}\n');
		unlinkSync(path.join(repo, 'values', 'values-production.yaml'));
		writeFileSync(
			path.join(repo, 'kustomize', 'kustomization.yaml'),
			'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n  - service.yaml\n  - missing.yaml\n',
		);
		await git(repo, 'add', '--all');
		await git(repo, 'commit', '--quiet', '-m', 'break all four');

		const expected: Record<App, RegExp> = {
			plain: /broken\.yaml/,
			chart: /nosuchfunction/,
			values: /values-production\.yaml/,
			kustomize: /missing\.yaml/,
		};
		for (const app of apps) {
			const unknown = await headless.find(
				statusOf(app, line => line.syncStatus === 'Unknown'),
				`${app} Unknown`,
				{since, timeoutMs: 90_000},
			);
			expect(unknown.error?.message, app).toMatch(expected[app]);
			expect(unknown.health?.status).toBe('Unknown');
		}

		// Nothing was written while the apps went Unknown.
		expect(await driftwatchWrites()).toEqual(before);
		// Drift while the render is broken: self-heal must not act on a state it cannot know.
		for (const app of apps) {
			const deployments = await kubectlJson<{items: ManagedObject[]}>(['get', 'deployments', '-n', namespaces[app]]);
			for (const deployment of deployments.items)
				await kubectl(['scale', '-n', namespaces[app], `deployment/${deployment.metadata.name}`, '--replicas=4']);
		}
		// (The scale takes spec.replicas over from driftwatch's entries: the baseline is taken after it.)
		// Several polls (1 s) and heal debounces (150 ms) long: nothing is written, pruned or healed.
		await expectUnchanged('driftwatch’s writes, as the API server records them', driftwatchWrites, 12_000, 1000);
		for (const app of apps) expect(await replicas(app), app).toEqual((await replicas(app)).map(() => 4));
		await kubectl(['get', 'configmap', 'api-settings', '-n', namespaces.plain]);
		const acted = headless.lines
			.slice(since)
			.filter(line => ['sync-started', 'synced', 'healed', 'pruned', 'sync-failed'].includes(line.type));
		expect(acted).toEqual([]);
		expect(auditLines().length).toBe(audited);

		// The fix: the next commit renders, is auto-synced, and self-heal is back.
		const fixed = headless.lines.length;
		await git(repo, 'revert', '--no-edit', 'HEAD');
		for (const app of apps) {
			await headless.find(
				statusOf(app, line => line.syncStatus === 'Synced' && line.error === null),
				`${app} Synced again`,
				{
					since: fixed,
					timeoutMs: 120_000,
				},
			);
		}
		for (const app of apps) expect(await replicas(app), app).not.toContain(4);
	}, 600_000);
});
