/**
 * Faults of the Git remote, with the real binary in headless mode against a real bare repository
 * (cloned into driftwatch's cache and fetched every second): the remote disappears (moved away)
 * and returns; a branch is force-pushed. The app keeps its last good revision and status while
 * the remote is gone and says why; a commit pushed after the return is seen; a rewritten branch
 * is followed to its new commit.
 */
import {renameSync} from 'node:fs';
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubeconfig, kubectl} from './support/cluster.js';
import {git, type LabRepo, createLabRepo} from './support/git-repo.js';
import {type Headless, type JsonLine, startHeadless} from './support/headless.js';
import {runCli} from './support/run-cli.js';

let lab: LabRepo;
let namespace = '';
let cache = '';
let watcher: Headless | undefined;
let first = '';
const appFlags = () => ['--repo', lab.bare, '--path', 'app', '--namespace', namespace, '--name', 'remote', '--kubeconfig', kubeconfig()];

const gitWarning = (line: JsonLine) => (line.warnings ?? []).find(warning => warning.startsWith('Git fetch failed: '));

beforeAll(async () => {
	namespace = await createNamespace('fault-git');
	cache = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-fault-git-'));
	lab = await createLabRepo({fixtureDir: path.resolve('fixtures/cli-app/app')});
	first = await lab.remoteHead();
	const sync = await runCli(['sync', ...appFlags()], {DRIFTWATCH_CACHE: cache});
	expect(sync.code, sync.stderr + sync.stdout).toBe(0);
	await kubectl(['rollout', 'status', '-n', namespace, 'deployment/api', '--timeout=90s']);
	watcher = startHeadless([...appFlags(), '--interval', '1', '--audit-log', path.join(cache, 'audit.jsonl')], {DRIFTWATCH_CACHE: cache});
	await watcher.find(
		line => line.type === 'status' && line.syncStatus === 'Synced' && line.revision === first,
		'Synced at the first commit',
		{
			timeoutMs: 90_000,
		},
	);
});

afterAll(async () => {
	await watcher?.stop();
	await deleteNamespace(namespace);
	await lab?.dispose();
	await rm(cache, {recursive: true, force: true});
});

describe('the Git remote goes away, comes back, and is force-pushed', () => {
	it('keeps the last good revision and status while the remote is gone, says why, and sees a commit after it returns', async () => {
		const headless = watcher!;
		const moved = `${lab.bare}.away`;
		const since = headless.lines.length;
		renameSync(lab.bare, moved);
		let gone: JsonLine;
		try {
			const error = await headless.find(line => line.type === 'error' && line.operation === 'git', 'the Git error event', {
				since,
				timeoutMs: 60_000,
			});
			expect(error.message).toContain(lab.bare);
			gone = await headless.find(line => line.type === 'status' && gitWarning(line) !== undefined, 'a status line saying why', {since});
		} finally {
			renameSync(moved, lab.bare);
		}
		// The last good revision and its status stay; the warning says why and what is shown.
		expect(gone.syncStatus).toBe('Synced');
		expect(gone.health?.status).toBe('Healthy');
		expect(gone.revision).toBe(first);
		expect(gone.error).toBeNull();
		expect(gitWarning(gone)).toMatch(new RegExp(`showing ${first.slice(0, 7)}, the last revision fetched$`));
		// Nothing in between pretended another revision or Unknown.
		for (const line of headless.lines.slice(since).filter(candidate => candidate.type === 'status')) {
			expect(line.revision).toBe(first);
			expect(line.syncStatus).toBe('Synced');
		}

		const back = headless.lines.length;
		await headless.find(line => line.type === 'status' && gitWarning(line) === undefined, 'the warning gone once the remote is back', {
			since: back,
		});
		await lab.write('app/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-settings\ndata:\n  mode: staging\n');
		const second = await lab.commitAndPush('api: staging mode');
		const seen = await headless.find(line => line.type === 'commit-seen', 'the new commit', {since: back});
		expect(seen.revision).toEqual(expect.objectContaining({sha: second, subject: 'api: staging mode'}));
		const status = await headless.find(line => line.type === 'status' && line.revision === second, 'the status at the new commit', {
			since: back,
		});
		// Manual sync policy: the new commit makes the app OutOfSync, nothing is applied.
		expect(status.syncStatus).toBe('OutOfSync');
		expect(status.objects?.find(object => object.name === 'api-settings')?.drift).toBe('modified');
	}, 300_000);

	it('follows a force-pushed branch to its new commit', async () => {
		const headless = watcher!;
		const since = headless.lines.length;
		// Rewrite main: drop the last commit and push another in its place, with --force.
		await git(lab.work, 'reset', '--quiet', '--hard', first);
		await lab.write('app/configmap.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-settings\ndata:\n  mode: canary\n');
		await git(lab.work, 'add', '--all');
		await git(lab.work, 'commit', '--quiet', '-m', 'api: canary mode (rewritten)');
		await git(lab.work, 'push', '--quiet', '--force', 'origin', 'HEAD:refs/heads/main');
		const rewritten = await lab.remoteHead();
		const seen = await headless.find(
			line => line.type === 'commit-seen' && (line.revision as {sha: string}).sha === rewritten,
			'the rewritten commit',
			{since, timeoutMs: 60_000},
		);
		expect(seen.message).toContain('canary mode');
		const status = await headless.find(
			line => line.type === 'status' && line.revision === rewritten,
			'the status at the rewritten commit',
			{
				since,
			},
		);
		expect(status.syncStatus).toBe('OutOfSync');
		expect(headless.lines.slice(since).some(line => line.type === 'error')).toBe(false);
		expect(headless.child.exitCode).toBeNull();
	}, 300_000);
});
