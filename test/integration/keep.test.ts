/**
 * `driftwatch keep` as an on-call runs it, against the real control plane and a real bare remote:
 * for each renderer (plain YAML, Kustomize overlays, a Helm chart with value files) a replica count
 * changed with `kubectl scale` and an image changed with `kubectl set image` are written to the
 * file that produces them (comments kept), committed with a message naming the field, the object
 * and the kubectl field manager, pushed, and the app ends Synced with the live value unchanged.
 * Refusals: a field no chart value maps to, a local repository with uncommitted work, a push that
 * conflicts with one made concurrently.
 */
import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {findTool} from '../../source/render/find-tool.js';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, kubectlJson} from './support/cluster.js';
import {createLabRepo, git, type LabRepo} from './support/git-repo.js';
import {runCli} from './support/run-cli.js';

const fixtures = path.resolve('fixtures/source-edit');
const fixture = (file: string) => readFileSync(path.join(fixtures, file), 'utf8');

type Renderer = 'plain' | 'kustomize' | 'helm';
let repo: LabRepo | undefined;
let scratch = '';
let helm = '';
const namespaces: Record<Renderer, string> = {plain: '', kustomize: '', helm: ''};

const the = (): LabRepo => {
	if (!repo) throw new Error('the repository was not created');
	return repo;
};
// No git identity (HOME is empty): commits carry driftwatch's own; helm is named explicitly.
const env = () => ({DRIFTWATCH_CACHE: path.join(scratch, 'cache'), HOME: scratch, DRIFTWATCH_HELM: helm});
const auditFile = () => path.join(scratch, 'audit.jsonl');
const common = () => ['--kubeconfig', kubeconfig(), '--audit-log', auditFile()];

/** Each renderer's app, its Deployment's name and the file a keep writes. */
const apps: Record<Renderer, {flags: () => string[]; deployment: string; file: string}> = {
	plain: {
		flags: () => ['--repo', the().bare, '--path', 'plain', '--namespace', namespaces.plain, '--name', 'shop-plain', ...common()],
		deployment: 'web',
		file: 'plain/app.yaml',
	},
	kustomize: {
		flags: () => [
			'--repo',
			the().bare,
			'--path',
			'kustomize/overlays/prod',
			'--namespace',
			namespaces.kustomize,
			'--name',
			'web-prod',
			...common(),
		],
		deployment: 'prod-web',
		file: 'kustomize/overlays/prod/kustomization.yaml',
	},
	helm: {
		flags: () => [
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
			...common(),
		],
		deployment: 'web',
		file: 'helm/web/values-prod.yaml',
	},
};

const remoteFile = async (file: string) => `${await git(the().bare, 'show', `main:${file}`)}\n`;
/** The pushed head: author, subject, body. */
const head = async () => git(the().bare, 'log', '-1', '--format=%an%n%s%n%b', 'main');

interface Live {
	spec: {replicas: number; template: {spec: {containers: Array<{name: string; image: string}>}}};
}
const live = async (kind: Renderer) => (await kubectlJson<Live>(['get', 'deployment', apps[kind].deployment, '-n', namespaces[kind]])).spec;

/** The app's status: Synced on the remote's head, or not. */
async function status(kind: Renderer): Promise<{syncStatus: string; revision: {sha: string}}> {
	const result = await runCli(['status', ...apps[kind].flags(), '--output', 'json'], env());
	expect(result.code, result.stderr).toBe(0);
	const [app] = (JSON.parse(result.stdout) as {apps: Array<{syncStatus: string; revision: {sha: string}}>}).apps;
	if (!app) throw new Error('no app in the status');
	return app;
}

async function keep(kind: Renderer, extra: string[] = []) {
	return runCli(['keep', `Deployment/${apps[kind].deployment}`, ...apps[kind].flags(), '--yes', ...extra], env());
}

beforeAll(async () => {
	helm = await findTool('helm').catch((error: unknown) => {
		throw new Error(`helm was not found (${String(error)}). Run \`npm run cluster:build\` to build it into the project cache.`);
	});
	scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-keep-'));
	repo = await createLabRepo({fixtureDir: fixtures, appPath: '.'});
	for (const kind of ['plain', 'kustomize', 'helm'] as const) {
		namespaces[kind] = await createNamespace(`keep-${kind}`);
		const sync = await runCli(['sync', ...apps[kind].flags()], env());
		expect(sync.code, sync.stderr).toBe(0);
		expect((await status(kind)).syncStatus).toBe('Synced');
	}
});
afterAll(async () => {
	await repo?.dispose();
	for (const namespace of Object.values(namespaces)) if (namespace) await deleteNamespace(namespace);
	if (scratch) await rm(scratch, {recursive: true, force: true});
});

/** What keeping the replica count and then the image writes, per renderer. */
const expected: Record<Renderer, {replicas: (text: string) => string; image: (text: string) => string}> = {
	plain: {
		replicas: text => text.replace('  replicas: 2\n', '  replicas: 5\n'),
		image: text => text.replace('"nginx:1.27"   # pinned', '"nginx:1.26"   # pinned'),
	},
	kustomize: {
		replicas: text => text.replace('        value: 2\n', '        value: 5\n'),
		image: text => text.replace('newTag: "1.27" # promoted from dev', 'newTag: "1.26" # promoted from dev'),
	},
	helm: {
		replicas: text => text.replace('replicaCount: 2', 'replicaCount: 5'),
		image: text => text.replace('tag: "1.27" # promoted from dev', 'tag: "1.26" # promoted from dev'),
	},
};

describe.each(['plain', 'kustomize', 'helm'] as const)('keep, %s: the live value written where Git produces it', kind => {
	it('a replica count changed with kubectl scale', async () => {
		const {deployment, file} = apps[kind];
		const before = await remoteFile(file);
		await kubectl(['scale', `deployment/${deployment}`, '--replicas=5', '-n', namespaces[kind]]);
		const result = await keep(kind);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const sha = await git(the().bare, 'rev-parse', 'main');
		expect(result.stdout).toContain(
			`keep: kept Deployment/${namespaces[kind]}/${deployment} in Git: ${sha.slice(0, 7)} pushed to main; synced (no change live)`,
		);
		expect(await remoteFile(file)).toBe(expected[kind].replicas(before));
		expect(before).toBe(fixture(file));
		const [author, subject, ...body] = (await head()).split('\n');
		expect(author).toBe('driftwatch');
		expect(subject).toBe(`Keep live spec.replicas of Deployment/${deployment} (changed live by kubectl)`);
		expect(body.join('\n')).toContain('spec.replicas changed by kubectl (Update, scale)');
		expect(await status(kind)).toMatchObject({syncStatus: 'Synced', revision: {sha}});
		expect((await live(kind)).replicas).toBe(5);
	});

	it('an image changed with kubectl set image', async () => {
		const {deployment, file} = apps[kind];
		const before = await remoteFile(file);
		await kubectl(['set', 'image', `deployment/${deployment}`, 'web=nginx:1.26', '-n', namespaces[kind]]);
		const result = await keep(kind, ['--output', 'json']);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		const sha = await git(the().bare, 'rev-parse', 'main');
		const json = JSON.parse(result.stdout) as Record<string, unknown>;
		expect(json).toMatchObject({
			action: 'keep',
			ok: true,
			commit: {sha, pushed: true},
			changes: [{path: '/spec/template/spec/containers/0/image', from: 'nginx:1.27', to: 'nginx:1.26', file}],
		});
		expect(await remoteFile(file)).toBe(expected[kind].image(before));
		const [author, subject] = (await head()).split('\n');
		expect(author).toBe('driftwatch');
		expect(subject).toBe(`Keep live spec.template.spec.containers[0].image of Deployment/${deployment} (changed live by kubectl-set)`);
		expect(await status(kind)).toMatchObject({syncStatus: 'Synced', revision: {sha}});
		expect((await live(kind)).template.spec.containers[0]?.image).toBe('nginx:1.26');
	});
});

describe('keep: refusals, nothing written, the reason given', () => {
	it('a field no chart value maps to (a template literal)', async () => {
		const before = await git(the().bare, 'rev-parse', 'main');
		await kubectl(['set', 'image', 'deployment/web', 'log=busybox:1.37', '-n', namespaces.helm]);
		const result = await keep('helm');
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			`driftwatch keep: no chart value maps to spec.template.spec.containers[1].image of Deployment/${namespaces.helm}/web (nothing was written; the chart writes this field itself, so change the chart)\n`,
		);
		expect(await git(the().bare, 'rev-parse', 'main')).toBe(before);
		expect((await live('helm')).template.spec.containers[1]?.image).toBe('busybox:1.37');
		const audit = (await readFile(auditFile(), 'utf8'))
			.trim()
			.split('\n')
			.map(line => JSON.parse(line) as Record<string, unknown>);
		expect(audit.at(-1)).toMatchObject({action: 'keep', result: 'refused', app: 'web'});
		// Back to Git's value for the tests below.
		expect((await runCli(['sync', ...apps.helm.flags()], env())).code).toBe(0);
	});

	it('a push that conflicts with one made concurrently', async () => {
		const repository = the();
		await repository.pull();
		await kubectl(['scale', 'deployment/web', '--replicas=7', '-n', namespaces.helm]);
		// A colleague's change to the same line lands while driftwatch pushes: the remote takes theirs
		// first and rejects ours, as a push racing another one is rejected.
		await repository.write(
			'helm/web/values-prod.yaml',
			(await repository.read('helm/web/values-prod.yaml')).replace('replicaCount: 5', 'replicaCount: 6'),
		);
		await git(repository.work, 'commit', '--quiet', '-am', 'Six replicas');
		await git(repository.work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/colleague');
		const theirs = await git(repository.work, 'rev-parse', 'HEAD');
		const hook = path.join(repository.bare, 'hooks', 'pre-receive');
		writeFileSync(
			hook,
			'#!/bin/sh\nif [ ! -e "$GIT_DIR/raced-keep" ]; then\n  touch "$GIT_DIR/raced-keep"\n  env -u GIT_QUARANTINE_PATH git update-ref refs/heads/main refs/heads/colleague\n  exit 1\nfi\n',
		);
		chmodSync(hook, 0o755);
		try {
			const result = await keep('helm');
			expect(result.code).toBe(1);
			expect(result.stderr).toBe(
				`driftwatch keep: keep refused: main of ${repository.bare} changed helm/web/values-prod.yaml since the edit was planned, on the same lines (nothing was pushed; run the command again to plan on the new head)\n`,
			);
			expect(await git(repository.bare, 'rev-parse', 'main')).toBe(theirs);
			expect((await live('helm')).replicas).toBe(7);
		} finally {
			writeFileSync(hook, '#!/bin/sh\nexit 0\n');
		}
	});

	it('a local working repository with uncommitted changes', async () => {
		const repository = the();
		await repository.pull();
		await kubectl(['scale', 'deployment/web', '--replicas=4', '-n', namespaces.plain]);
		const file = path.join(repository.work, 'plain/app.yaml');
		const edited = `${readFileSync(file, 'utf8')}# work in progress\n`;
		writeFileSync(file, edited);
		const before = await git(repository.work, 'rev-parse', 'HEAD');
		const result = await runCli(
			[
				'keep',
				'Deployment/web',
				'--repo',
				repository.work,
				'--path',
				'plain',
				'--namespace',
				namespaces.plain,
				'--name',
				'shop-plain',
				...common(),
				'--yes',
			],
			env(),
		);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			`driftwatch keep: ${repository.work} has uncommitted changes (plain/app.yaml); driftwatch does not touch a working tree with uncommitted work (commit or stash them in ${repository.work}, then run the command again)\n`,
		);
		expect(readFileSync(file, 'utf8')).toBe(edited);
		expect(await git(repository.work, 'rev-parse', 'HEAD')).toBe(before);
		expect((await live('plain')).replicas).toBe(4);
	});
});
