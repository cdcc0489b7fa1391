/**
 * A one-shot command does what it was asked and nothing more: `driftwatch sync --dry-run` of an
 * Application whose manifest turns automated sync with prune on must not auto-sync (or prune) while
 * it plans. (It did: the one-shot engine started with the manifest's policies, and the auto-sync on
 * its first evaluation really pruned a Service the dry run only planned to delete.)
 */
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {dump} from 'js-yaml';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubeconfig, kubectlJson} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {runCli} from './support/run-cli.js';

let namespace = '';
let scratch = '';
let repo: LabRepo | undefined;

beforeAll(async () => {
	namespace = await createNamespace('one-shot');
	scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-one-shot-'));
	repo = await createLabRepo({fixtureDir: path.resolve('fixtures/referee/app')});
});

afterAll(async () => {
	await repo?.dispose();
	if (namespace) await deleteNamespace(namespace);
	if (scratch) await rm(scratch, {recursive: true, force: true});
});

describe('one-shot commands and the manifest policies', () => {
	it('sync --dry-run of an automated Application with prune deletes nothing', async () => {
		if (!repo) throw new Error('no repository');
		const file = path.join(scratch, 'app.yaml');
		const application = (automated: boolean) => ({
			apiVersion: 'argoproj.io/v1alpha1',
			kind: 'Application',
			metadata: {name: 'one-shot'},
			spec: {
				project: 'default',
				source: {repoURL: `file://${repo?.bare}`, path: 'app', targetRevision: 'main'},
				destination: {server: 'https://kubernetes.default.svc', namespace},
				...(automated ? {syncPolicy: {automated: {prune: true, selfHeal: true}}} : {}),
			},
		});
		const env = {DRIFTWATCH_CACHE: path.join(scratch, 'cache'), HOME: scratch};
		const flags = ['--app', file, '--kubeconfig', kubeconfig()];
		await writeFile(file, dump(application(false)));
		const sync = await runCli(['sync', ...flags], env);
		expect(sync.code, sync.stderr).toBe(0);

		await repo.remove('app/service.yaml');
		await repo.commitAndPush('Remove the Service');
		await writeFile(file, dump(application(true)));
		const audit = path.join(scratch, 'audit.jsonl');
		const plan = await runCli(['sync', ...flags, '--dry-run', '--prune', '--output', 'json', '--audit-log', audit], env);
		expect(plan.code, plan.stderr).toBe(0);
		// Nothing but the dry run in the audit log.
		const actions = (await readFile(audit, 'utf8').catch(() => ''))
			.split('\n')
			.filter(Boolean)
			.map(line => JSON.parse(line) as {action: string; result: string});
		expect(actions.filter(entry => entry.result !== 'dry-run')).toEqual([]);
		expect(JSON.parse(plan.stdout)).toMatchObject({ok: true, deleted: [`Service/${namespace}/web`]});
		// Whatever a stray auto-sync might have started has had its time.
		await new Promise(resolve => setTimeout(resolve, 2000));
		const service = await kubectlJson<{metadata: {deletionTimestamp?: string}}>(['get', 'service', 'web', '-n', namespace]);
		expect(service.metadata.deletionTimestamp).toBeUndefined();
	});
});
