/**
 * The GitOps lab, part 5: driftwatch run as the read-only user "restricted" (ClusterRole view).
 * It watches fine, but a sync is refused with the API server's own 403 reason, nothing is
 * half-applied, and the audit log records the refusal.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubectlJson} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {expectUnchanged, isSyncedHealthy, labFixture, restrictedContext, startLab, waitForApp, type Lab} from './support/lab.js';

let namespace = '';
let repo: LabRepo | undefined;
let lab: Lab | undefined;
let sha = '';

/** Versions change on any write, so equal versions mean nothing was applied. */
const liveState = async () => {
	const deployment = await kubectlJson<{metadata: {resourceVersion: string; generation: number}; spec: {replicas: number}}>([
		'get',
		'deployment',
		'web',
		'-n',
		namespace,
	]);
	const config = await kubectlJson<{metadata: {resourceVersion: string}; data: Record<string, string>}>([
		'get',
		'configmap',
		'web-config',
		'-n',
		namespace,
	]);
	return {
		generation: deployment.metadata.generation,
		replicas: deployment.spec.replicas,
		configVersion: config.metadata.resourceVersion,
		data: config.data,
	};
};
const forbidden = (resource: string, name: string, group: string) =>
	`${resource === 'deployments' ? 'deployments.apps' : resource} "${name}" is forbidden: User "restricted" cannot patch resource "${resource}" in API group "${group}" in the namespace "${namespace}"`;

beforeAll(async () => {
	namespace = await createNamespace('lab-rbac');
	repo = await createLabRepo({fixtureDir: labFixture('app')});
	// An admin deploys the app first, then Git moves ahead.
	const admin = await startLab({repo: repo.bare, namespace, name: 'lab-rbac', autoSync: true});
	try {
		await waitForApp(admin.engine, admin.name, isSyncedHealthy, 60_000, "the admin's auto-sync");
	} finally {
		await admin.stop();
	}
	await repo.write('app/deployment.yaml', (await repo.read('app/deployment.yaml')).replace('replicas: 2', 'replicas: 3'));
	await repo.write(
		'app/configmap.yaml',
		(await repo.read('app/configmap.yaml')).replace('greeting: hello from git', 'greeting: hello from rbac'),
	);
	sha = await repo.commitAndPush('Scale web to 3 and change the greeting');
	lab = await startLab({repo: repo.bare, namespace, name: 'lab-rbac', context: restrictedContext});
});
afterAll(async () => {
	await lab?.stop();
	await repo?.dispose();
	if (namespace) await deleteNamespace(namespace);
});

describe('lab: the read-only user', () => {
	it('watches: the app is OutOfSync at the new commit and the sync permission says why not', async () => {
		if (!lab) throw new Error('the lab did not start');
		const app = await waitForApp(
			lab.engine,
			lab.name,
			view => view.status.revision?.sha === sha && view.status.syncStatus === 'OutOfSync',
			30_000,
			'OutOfSync',
		);
		expect(lab.engine.getSnapshot().user).toBe('restricted');
		expect(app.status.health.status).toBe('Healthy');
		expect(app.status.objects.map(object => object.drift)).toEqual(['modified', 'modified']);
		expect(app.permissions.sync.allowed).toBe(false);
		expect(app.permissions.sync.reason).toMatch(/^user "restricted" cannot create ConfigMap in .*cannot patch Deployment/);
		const plan = await lab.engine.planSync(lab.name);
		expect(plan.blockedReason).toBe(app.permissions.sync.reason);
	});

	it("sync is refused with the API's 403 reason, nothing is half-applied, and the audit log records it", async () => {
		if (!lab) throw new Error('the lab did not start');
		const before = await liveState();
		expect(before.replicas).toBe(2);
		const since = lab.events.length;

		const result = await lab.engine.sync(lab.name);
		expect(result.ok).toBe(false);
		expect(result.applied).toEqual([]);
		// The API server's reason, then what to do about it.
		const hint = ' (user "restricted" (context "driftwatch-restricted") lacks this permission: ask for it or use another context)';
		expect(result.errors).toEqual([
			`ConfigMap/${namespace}/web-config: ${forbidden('configmaps', 'web-config', '')}${hint}`,
			`Deployment/${namespace}/web: ${forbidden('deployments', 'web', 'apps')}${hint}`,
		]);
		expect(result.message).toContain('nothing was applied or pruned');

		expect(await expectUnchanged('the live objects', liveState, 2000)).toEqual(before);
		const app = lab.view();
		expect(app.status.syncStatus).toBe('OutOfSync');
		expect(app.operation).toMatchObject({phase: 'Failed'});
		const failed = lab.events.slice(since).find(event => event.type === 'sync-failed');
		expect(failed?.message).toContain(forbidden('deployments', 'web', 'apps'));

		const audit = await lab.audit();
		expect(audit).toHaveLength(1);
		expect(audit[0]).toMatchObject({action: 'sync', app: lab.name, user: 'restricted', revision: sha});
		expect(['refused', 'failed']).toContain(audit[0]?.result);
		expect(audit[0]?.message).toContain(forbidden('configmaps', 'web-config', ''));
		expect(audit[0]?.message).toContain(forbidden('deployments', 'web', 'apps'));
	});
});
