/**
 * set-image and promote as a pipeline or a person runs them, against the real control plane and a
 * real bare remote: for each renderer (plain YAML, Kustomize overlays, a Helm chart with value
 * files) the command commits and pushes the exact edit (comments kept), and a sync afterwards
 * leaves the app Synced with the new value live. Refusals: a field no chart value maps to, a push
 * that conflicts with one made concurrently, a local repository with uncommitted work. And the CI
 * hand-off end to end: set-image from one process while `watch --auto-sync` runs in another, which
 * sees the commit, auto-syncs it and follows the rollout to Healthy.
 */
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {findTool} from '../../source/render/find-tool.js';
import {createNamespace, deleteNamespace, kubeconfig, kubectlJson} from './support/cluster.js';
import {createLabRepo, git, type LabRepo} from './support/git-repo.js';
import {type Headless, type JsonLine, startHeadless} from './support/headless.js';
import {runCli} from './support/run-cli.js';

const fixtures = path.resolve('fixtures/source-edit');
const fixture = (file: string) => readFileSync(path.join(fixtures, file), 'utf8');

let repo: LabRepo | undefined;
let scratch = '';
let helm = '';
const namespaces: Record<'plain' | 'kustomize' | 'helm', string> = {plain: '', kustomize: '', helm: ''};

const the = (): LabRepo => {
	if (!repo) throw new Error('the repository was not created');
	return repo;
};
// No git identity (HOME is empty): commits carry driftwatch's own; helm is named explicitly.
const env = () => ({DRIFTWATCH_CACHE: path.join(scratch, 'cache'), HOME: scratch, DRIFTWATCH_HELM: helm});
const cluster = () => ['--kubeconfig', kubeconfig()];
const apps = {
	plain: () => ['--repo', the().bare, '--path', 'plain', '--namespace', namespaces.plain, '--name', 'shop-plain', ...cluster()],
	kustomize: () => [
		'--repo',
		the().bare,
		'--path',
		'kustomize/overlays/prod',
		'--namespace',
		namespaces.kustomize,
		'--name',
		'web-prod',
		...cluster(),
	],
	helm: () => [
		'--repo',
		the().bare,
		'--path',
		'helm/web',
		'--values',
		'values-prod.yaml',
		'--namespace',
		namespaces.helm,
		'--name',
		'web',
		...cluster(),
	],
};
const remoteFile = async (file: string) => `${await git(the().bare, 'show', `main:${file}`)}\n`;
const head = async () => git(the().bare, 'log', '-1', '--format=%H%n%an%n%s', 'main');

interface Live {
	spec: {replicas: number; template: {spec: {containers: Array<{name: string; image: string}>}}};
}
const live = async (namespace: string, name: string) => (await kubectlJson<Live>(['get', 'deployment', name, '-n', namespace])).spec;

/** Syncs the app, then checks that it is Synced and returns the live Deployment spec. */
async function syncAndRead(kind: keyof typeof apps, name: string): Promise<Live['spec']> {
	const sync = await runCli(['sync', ...apps[kind]()], env());
	expect(sync.stderr).toBe('');
	expect(sync.code).toBe(0);
	const status = await runCli(['status', ...apps[kind](), '--output', 'json'], env());
	expect(status.code, status.stderr).toBe(0);
	const [app] = (JSON.parse(status.stdout) as {apps: Array<{syncStatus: string; revision: {sha: string}}>}).apps;
	expect(app?.syncStatus).toBe('Synced');
	expect(app?.revision.sha).toBe(await git(the().bare, 'rev-parse', 'main'));
	return live(namespaces[kind], name);
}

beforeAll(async () => {
	helm = await findTool('helm').catch((error: unknown) => {
		throw new Error(`helm was not found (${String(error)}). Run \`npm run cluster:build\` to build it into the project cache.`);
	});
	scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-source-edit-'));
	repo = await createLabRepo({fixtureDir: fixtures, appPath: '.'});
	for (const kind of ['plain', 'kustomize', 'helm'] as const) namespaces[kind] = await createNamespace(`edit-${kind}`);
	expect((await syncAndRead('plain', 'web')).template.spec.containers[0]?.image).toBe('nginx:1.27');
	expect((await syncAndRead('kustomize', 'prod-web')).template.spec.containers[0]?.image).toBe('nginx:1.27');
	expect((await syncAndRead('helm', 'web')).template.spec.containers[0]?.image).toBe('nginx:1.27');
});
afterAll(async () => {
	await repo?.dispose();
	for (const namespace of Object.values(namespaces)) if (namespace) await deleteNamespace(namespace);
	if (scratch) await rm(scratch, {recursive: true, force: true});
});

describe('set-image: the source edited the way its renderer expects, pushed, then live', () => {
	it('plain YAML: the manifest changes in place', async () => {
		const result = await runCli(['set-image', ...apps.plain(), 'web=nginx:1.28', '--yes'], env());
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(await remoteFile('plain/app.yaml')).toBe(
			fixture('plain/app.yaml').replace('"nginx:1.27"   # pinned', '"nginx:1.28"   # pinned'),
		);
		expect(await head()).toMatch(/^[0-9a-f]{40}\ndriftwatch\nSet image web=nginx:1\.28 in Deployment\/web$/);
		expect((await syncAndRead('plain', 'web')).template.spec.containers[0]?.image).toBe('nginx:1.28');
	});

	it("Kustomize: the overlay's images: entry changes", async () => {
		const result = await runCli(['set-image', ...apps.kustomize(), 'web=nginx:1.29', '--yes'], env());
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const prod = 'kustomize/overlays/prod/kustomization.yaml';
		expect(await remoteFile(prod)).toBe(fixture(prod).replace('newTag: "1.27" # promoted from dev', 'newTag: "1.29" # promoted from dev'));
		expect(await head()).toMatch(/\nSet image web=nginx:1\.29 in Deployment\/prod-web$/);
		expect((await syncAndRead('kustomize', 'prod-web')).template.spec.containers[0]?.image).toBe('nginx:1.29');
	});

	it("Helm: the value that fills the field, in the app's value file", async () => {
		const result = await runCli(['set-image', ...apps.helm(), 'web=nginx:1.29', '--yes', '--output', 'json'], env());
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({
			ok: true,
			pushed: true,
			changes: [{file: 'helm/web/values-prod.yaml', via: 'value image.tag'}],
		});
		expect(await remoteFile('helm/web/values-prod.yaml')).toBe(
			fixture('helm/web/values-prod.yaml').replace('tag: "1.27" # promoted from dev', 'tag: "1.29" # promoted from dev'),
		);
		expect(await remoteFile('helm/web/values.yaml')).toBe(fixture('helm/web/values.yaml'));
		const spec = await syncAndRead('helm', 'web');
		expect(spec.template.spec.containers.map(container => container.image)).toEqual(['nginx:1.29', 'busybox:1.36']);
	});
});

describe("promote: one environment's images (and chosen values) to another, as one commit", () => {
	it('between two Kustomize overlays', async () => {
		const result = await runCli(
			['promote', '--repo', the().bare, '--path', 'kustomize/overlays', '--from', 'dev', '--to', 'prod', '--yes', ...cluster()],
			env(),
		);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const prod = 'kustomize/overlays/prod/kustomization.yaml';
		expect(await remoteFile(prod)).toBe(fixture(prod).replace('newTag: "1.27" # promoted from dev', 'newTag: "1.28" # promoted from dev'));
		expect(await head()).toMatch(/\nPromote dev to prod: nginx:1\.28$/);
		expect((await syncAndRead('kustomize', 'prod-web')).template.spec.containers[0]?.image).toBe('nginx:1.28');
	});

	it('between two Helm value files, with --values', async () => {
		const result = await runCli(
			[
				'promote',
				'--repo',
				the().bare,
				'--path',
				'helm/web',
				'--name',
				'web',
				'--namespace',
				namespaces.helm,
				'--from',
				'values-dev.yaml',
				'--to',
				'values-prod.yaml',
				'--values',
				'replicaCount',
				'--yes',
				...cluster(),
			],
			env(),
		);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(await remoteFile('helm/web/values-prod.yaml')).toBe(
			fixture('helm/web/values-prod.yaml')
				.replace('replicaCount: 2', 'replicaCount: 3')
				.replace('tag: "1.27" # promoted from dev', 'tag: "1.28" # promoted from dev'),
		);
		expect(await head()).toMatch(/\nPromote values-dev\.yaml to values-prod\.yaml: nginx:1\.28, replicaCount$/);
		const spec = await syncAndRead('helm', 'web');
		expect(spec.replicas).toBe(3);
		expect(spec.template.spec.containers[0]?.image).toBe('nginx:1.28');
	});
});

describe('refusals: nothing is written, and the reason is given', () => {
	it('a field no chart value maps to', async () => {
		const before = await git(the().bare, 'rev-parse', 'main');
		const result = await runCli(['set-image', ...apps.helm(), 'log=busybox:1.37', '--yes'], env());
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			'driftwatch set-image: no chart value maps to spec.template.spec.containers[1].image of Deployment/web (nothing was written; the chart writes this field itself, so change the chart)\n',
		);
		expect(await git(the().bare, 'rev-parse', 'main')).toBe(before);
	});

	it('a push that conflicts with one made concurrently', async () => {
		const repository = the();
		await repository.pull();
		// A colleague's change to the same line lands while driftwatch pushes: the remote takes theirs
		// first and rejects ours, as a push racing another one is rejected.
		await repository.write(
			'helm/web/values-prod.yaml',
			(await repository.read('helm/web/values-prod.yaml')).replace('tag: "1.28"', 'tag: "1.30"'),
		);
		await git(repository.work, 'commit', '--quiet', '-am', 'Deploy 1.30 by hand');
		await git(repository.work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/colleague');
		const theirs = await git(repository.work, 'rev-parse', 'HEAD');
		const hook = path.join(repository.bare, 'hooks', 'pre-receive');
		writeFileSync(
			hook,
			'#!/bin/sh\nif [ ! -e "$GIT_DIR/raced" ]; then\n  touch "$GIT_DIR/raced"\n  env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main refs/heads/colleague\n  exit 1\nfi\n',
		);
		chmodSync(hook, 0o755);
		try {
			const result = await runCli(['set-image', ...apps.helm(), 'web=nginx:1.31', '--yes'], env());
			expect(result.code).toBe(1);
			expect(result.stderr).toBe(
				`driftwatch set-image: main of ${repository.bare} changed helm/web/values-prod.yaml since the edit was planned, on the same lines (nothing was pushed; run the command again to plan on the new head)\n`,
			);
			expect(await git(repository.bare, 'rev-parse', 'main')).toBe(theirs);
		} finally {
			writeFileSync(hook, '#!/bin/sh\nexit 0\n');
		}
	});

	it('a local working repository with uncommitted changes', async () => {
		const repository = the();
		await repository.pull();
		const file = path.join(repository.work, 'plain/app.yaml');
		const edited = `${readFileSync(file, 'utf8')}# work in progress\n`;
		writeFileSync(file, edited);
		const before = await git(repository.work, 'rev-parse', 'HEAD');
		const result = await runCli(
			['set-image', '--repo', repository.work, '--path', 'plain', '--namespace', namespaces.plain, 'web=nginx:1.30', '--yes', ...cluster()],
			env(),
		);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			`driftwatch set-image: ${repository.work} has uncommitted changes (plain/app.yaml); driftwatch does not touch a working tree with uncommitted work (commit or stash them in ${repository.work}, then run the command again)\n`,
		);
		expect(readFileSync(file, 'utf8')).toBe(edited);
		expect(await git(repository.work, 'rev-parse', 'HEAD')).toBe(before);
		expect(await git(repository.work, 'worktree', 'list')).not.toContain('driftwatch-write');
	});
});

describe('set-image while watch --auto-sync runs: commit → sync → rollout → Healthy', () => {
	let namespace = '';
	let watcher: Headless | undefined;
	const chain = () => ['--repo', the().bare, '--path', 'plain', '--namespace', namespace, '--name', 'shop-chain', ...cluster()];
	const revisionOf = (line: JsonLine) => (typeof line.revision === 'object' ? line.revision?.sha : line.revision);

	beforeAll(async () => {
		namespace = await createNamespace('edit-chain');
		const sync = await runCli(['sync', ...chain()], env());
		expect(sync.code, sync.stderr).toBe(0);
	});
	afterAll(async () => {
		await watcher?.stop();
		if (namespace) await deleteNamespace(namespace);
	});

	it('the watcher sees the pushed commit, auto-syncs it, and the app ends Synced + Healthy with the image live', async () => {
		const running = startHeadless([...chain(), '--auto-sync', '--interval', '1'], env());
		watcher = running;
		const before = await git(the().bare, 'rev-parse', 'main');
		await running.find(
			line => line.type === 'status' && line.syncStatus === 'Synced' && line.health?.status === 'Healthy' && line.revision === before,
			'Synced + Healthy at the head of main before the bump',
		);
		const since = running.lines.length;

		// The pipeline's step, from another process.
		const bump = await runCli(['set-image', ...chain(), 'web=nginx:1.33', '--yes'], env());
		expect(bump.stderr).toBe('');
		expect(bump.code).toBe(0);
		const sha = await git(the().bare, 'rev-parse', 'main');
		expect(sha).not.toBe(before);
		expect(await head()).toMatch(/\nSet image web=nginx:1\.33 in Deployment\/web$/);

		const seen = await running.find(line => line.type === 'commit-seen' && revisionOf(line) === sha, 'the new commit seen', {since});
		const synced = await running.find(
			line => line.type === 'synced' && line['initiator'] === 'auto-sync' && revisionOf(line) === sha,
			'the auto-sync of the new commit',
			{since},
		);
		const rolling = await running.find(line => line.type === 'rollout-started', 'the rollout of the new image', {since});
		expect(rolling).toMatchObject({object: `Deployment/${namespace}/web`, images: ['nginx:1.33']});
		const healthy = await running.find(line => line.type === 'rollout-finished', 'the end of the rollout', {since});
		expect(healthy).toMatchObject({object: `Deployment/${namespace}/web`, health: 'Healthy'});
		const done = await running.find(
			line => line.type === 'status' && revisionOf(line) === sha && line.syncStatus === 'Synced' && line.health?.status === 'Healthy',
			'Synced + Healthy at the new commit',
			{since},
		);
		// In the stream's order: commit → sync → rollout → Healthy.
		const at = (line: JsonLine) => running.lines.indexOf(line);
		expect(at(seen)).toBeLessThan(at(synced));
		expect(at(synced)).toBeLessThan(at(rolling));
		expect(at(rolling)).toBeLessThan(at(healthy));
		expect(at(rolling)).toBeLessThan(at(done));
		expect(running.lines.slice(since).some(line => line.type === 'sync-failed' || line.type === 'error')).toBe(false);

		const spec = await live(namespace, 'web');
		expect(spec.template.spec.containers[0]?.image).toBe('nginx:1.33');
		const status = await runCli(['status', ...chain(), '--output', 'json'], env());
		const [app] = (JSON.parse(status.stdout) as {apps: Array<{syncStatus: string; health: {status: string}; revision: {sha: string}}>})
			.apps;
		expect(app).toMatchObject({syncStatus: 'Synced', health: {status: 'Healthy'}, revision: {sha}});
		expect(await running.stop()).toBe(0);
		watcher = undefined;
		expect(running.stray).toEqual([]);
	});
});
