/**
 * Prune deletes only what the app owns, on the real control plane with the real binary. Beside
 * the app's objects live look-alikes: the same name in another namespace (carrying a copy of the
 * app's tracking), the same labels, another app's tracking, a tracking annotation copied from one
 * of the app's objects, an owned child that names itself in a copied tracking, and the
 * Deployment's own ReplicaSet and Pods (the deployment controller copies the tracking annotation
 * onto the ReplicaSet). First everything but the Deployment leaves Git, then everything
 * (allowEmpty): only the app's own objects are deleted, each look-alike keeps its uid.
 */
import {mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, kubectlJson, kubectlResult} from './support/cluster.js';
import {git} from './support/git-repo.js';
import {runCli} from './support/run-cli.js';

interface Meta {
	name: string;
	namespace: string;
	uid: string;
	ownerReferences?: unknown[];
	annotations?: Record<string, string>;
}

let dir = '';
let repo = '';
let home = '';
let other = '';
const tracking = 'driftwatch.io/tracking-id';
const appFlags = () => ['--repo', repo, '--path', 'app', '--namespace', home, '--name', 'owner', '--kubeconfig', kubeconfig()];
const env = () => ({DRIFTWATCH_CACHE: path.join(dir, 'cache')});

const configMap = (
	namespace: string,
	name: string,
	fields: {labels?: Record<string, string>; annotations?: Record<string, string>} = {},
) => ({
	apiVersion: 'v1',
	kind: 'ConfigMap',
	metadata: {name, namespace, ...fields},
	data: {look: 'alike'},
});

async function uids(targets: Array<[string, string, string]>): Promise<Record<string, string | null>> {
	const found: Record<string, string | null> = {};
	for (const [namespace, resource, name] of targets) {
		const result = await kubectlResult(['get', resource, name, '-n', namespace, '-o', 'jsonpath={.metadata.uid}']);
		found[`${namespace}/${resource}/${name}`] = result.code === 0 ? result.stdout : null;
	}
	return found;
}

interface SyncJson {
	ok: boolean;
	message: string;
	applied: string[];
	deleted: string[];
	errors: string[];
}

async function sync(args: string[]): Promise<SyncJson & {code: number}> {
	const result = await runCli(['sync', '--prune', '--output', 'json', '--audit-log', path.join(dir, 'audit.jsonl'), ...args], env());
	try {
		return {...(JSON.parse(result.stdout) as SyncJson), code: result.code};
	} catch {
		throw new Error(`sync printed no JSON (${result.code}): ${result.stdout}\n${result.stderr}`);
	}
}

beforeAll(async () => {
	home = await createNamespace('fault-prune');
	other = await createNamespace('fault-prune-other');
	dir = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-fault-prune-'));
	repo = path.join(dir, 'repo');
	mkdirSync(path.join(repo, 'app'), {recursive: true});
	const labels = {'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'owner'};
	const deployment = {
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'web', labels},
		spec: {
			replicas: 1,
			selector: {matchLabels: labels},
			template: {metadata: {labels}, spec: {containers: [{name: 'web', image: 'nginx:1.27'}]}},
		},
	};
	writeFileSync(path.join(repo, 'app', 'deployment.yaml'), JSON.stringify(deployment));
	writeFileSync(path.join(repo, 'app', 'settings.yaml'), JSON.stringify({...configMap(home, 'settings', {labels}), data: {mode: 'git'}}));
	writeFileSync(path.join(repo, 'app', 'extra.yaml'), JSON.stringify({...configMap(home, 'extra', {labels}), data: {mode: 'git'}}));
	writeFileSync(path.join(repo, 'app', 'README.md'), 'the owner app\n');
	await git(dir, 'init', '--quiet', '--initial-branch=main', repo);
	await git(repo, 'add', '--all');
	await git(repo, 'commit', '--quiet', '-m', 'owner app');
	const first = await sync(appFlags());
	expect(first.ok, first.message).toBe(true);
	expect(first.code).toBe(0);
	await kubectl(['rollout', 'status', '-n', home, 'deployment/web', '--timeout=90s']);

	// The look-alikes, made by someone else.
	const settings = await kubectlJson<{metadata: Meta}>(['get', 'configmap', 'settings', '-n', home]);
	const web = await kubectlJson<{metadata: Meta}>(['get', 'deployment', 'web', '-n', home]);
	const copied = settings.metadata.annotations?.[tracking];
	expect(copied).toBe(`owner:/ConfigMap:${home}/settings`);
	const lookAlikes = [
		configMap(other, 'settings', {labels, annotations: {[tracking]: copied!}}),
		configMap(home, 'twin', {labels}),
		configMap(home, 'neighbour', {labels, annotations: {[tracking]: `other-app:/ConfigMap:${home}/neighbour`}}),
		configMap(home, 'copied', {labels, annotations: {[tracking]: copied!}}),
		{
			...configMap(home, 'child', {labels, annotations: {[tracking]: `owner:/ConfigMap:${home}/child`}}),
			metadata: {
				name: 'child',
				namespace: home,
				labels,
				annotations: {[tracking]: `owner:/ConfigMap:${home}/child`},
				ownerReferences: [{apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: web.metadata.uid}],
			},
		},
	];
	await kubectl(['create', '-f', '-'], {input: JSON.stringify({apiVersion: 'v1', kind: 'List', items: lookAlikes})});
}, 300_000);

afterAll(async () => {
	await deleteNamespace(home);
	await deleteNamespace(other);
	rmSync(dir, {recursive: true, force: true});
});

const lookAlikeTargets = (): Array<[string, string, string]> => [
	[other, 'configmap', 'settings'],
	[home, 'configmap', 'twin'],
	[home, 'configmap', 'neighbour'],
	[home, 'configmap', 'copied'],
];

describe('prune, next to look-alikes', () => {
	it('deletes only the app’s own objects when they leave Git; owned children and copies survive', async () => {
		const replicaSets = await kubectlJson<{items: Array<{metadata: Meta}>}>(['get', 'replicasets', '-n', home]);
		expect(replicaSets.items).toHaveLength(1);
		// The deployment controller copied the Deployment's tracking onto its ReplicaSet.
		expect(replicaSets.items[0]?.metadata.annotations?.[tracking]).toBe(`owner:apps/Deployment:${home}/web`);
		const pods = await kubectlJson<{items: Array<{metadata: Meta}>}>(['get', 'pods', '-n', home]);
		const children: Array<[string, string, string]> = [
			[home, 'configmap', 'child'],
			[home, 'replicaset', replicaSets.items[0]!.metadata.name],
			...pods.items.map((pod): [string, string, string] => [home, 'pod', pod.metadata.name]),
		];
		const before = await uids([...lookAlikeTargets(), ...children]);
		expect(Object.values(before).every(uid => uid !== null)).toBe(true);

		unlinkSync(path.join(repo, 'app', 'settings.yaml'));
		unlinkSync(path.join(repo, 'app', 'extra.yaml'));
		await git(repo, 'commit', '--quiet', '-am', 'only the deployment');
		const pruned = await sync(appFlags());
		expect(pruned.ok, pruned.message).toBe(true);
		expect([...pruned.deleted].sort()).toEqual([`ConfigMap/${home}/extra`, `ConfigMap/${home}/settings`]);
		expect(await uids([...lookAlikeTargets(), ...children])).toEqual(before);
		expect((await kubectlResult(['get', 'configmap', 'settings', '-n', home])).code).not.toBe(0);
		expect((await kubectlResult(['get', 'configmap', 'extra', '-n', home])).code).not.toBe(0);
	}, 300_000);

	it('prunes everything the app owns when Git holds nothing (allowEmpty), and nothing else', async () => {
		const before = await uids(lookAlikeTargets());
		unlinkSync(path.join(repo, 'app', 'deployment.yaml'));
		await git(repo, 'commit', '--quiet', '-am', 'nothing left');
		// Without allowEmpty, a prune of every object is refused.
		const refused = await sync(appFlags());
		expect(refused.ok).toBe(false);
		expect(refused.deleted).toEqual([]);
		expect((await kubectlResult(['get', 'deployment', 'web', '-n', home])).code).toBe(0);

		writeFileSync(
			path.join(dir, 'owner.yaml'),
			[
				'apiVersion: argoproj.io/v1alpha1',
				'kind: Application',
				'metadata: {name: owner}',
				'spec:',
				`  source: {repoURL: ${JSON.stringify(repo)}, targetRevision: main, path: app}`,
				`  destination: {server: https://kubernetes.default.svc, namespace: ${home}}`,
				'  syncPolicy: {automated: {prune: true, allowEmpty: true}}',
			].join('\n'),
		);
		const all = await sync(['--app', path.join(dir, 'owner.yaml'), '--kubeconfig', kubeconfig(), '--no-auto-sync', '--no-self-heal']);
		expect(all.ok, all.message).toBe(true);
		expect(all.deleted).toEqual([`Deployment/${home}/web`]);
		expect(await uids(lookAlikeTargets())).toEqual(before);
	}, 300_000);
});
