/**
 * Sync against the real API server: order, tracking and field manager of server-side apply,
 * prune that touches only this app's objects, Prune=false, RBAC refusals with the server's own
 * reason, and a dry run that stops an invalid set before anything is applied.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {connect} from '../../source/cluster/kube-connection.js';
import {ResourceClient} from '../../source/cluster/resource-client.js';
import {defaultSyncOptions, type SyncOptions} from '../../source/core/app-definition.js';
import type {KubeObject} from '../../source/core/kube-object.js';
import {planSync, type SyncPlan} from '../../source/core/plan-sync.js';
import {trackingAnnotation, withTracking} from '../../source/core/tracking.js';
import {executeSync, type SyncOutcome} from '../../source/engine/execute-sync.js';
import type {ClusterPort} from '../../source/ports/cluster.js';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, kubectlJson, kubectlResult, waitFor} from './support/cluster.js';

let namespace = '';
let admin: ClusterPort;
let restricted: ClusterPort;
const extraNamespaces: string[] = [];

beforeAll(async () => {
	namespace = await createNamespace('sync');
	admin = new ResourceClient(connect({kubeconfig: kubeconfig(), context: 'driftwatch-admin'}));
	restricted = new ResourceClient(connect({kubeconfig: kubeconfig(), context: 'driftwatch-restricted'}));
});
afterAll(async () => {
	for (const name of [namespace, ...extraNamespaces]) await deleteNamespace(name);
});

const configMap = (name: string, annotations: Record<string, string> = {}, ns = namespace): KubeObject => ({
	apiVersion: 'v1',
	kind: 'ConfigMap',
	metadata: {name, namespace: ns, annotations},
	data: {greeting: 'hello'},
});
const service = (name: string, port = 80): KubeObject => ({
	apiVersion: 'v1',
	kind: 'Service',
	metadata: {name, namespace},
	spec: {selector: {app: name}, ports: [{port, targetPort: 8080}]},
});
const deployment = (name: string): KubeObject => ({
	apiVersion: 'apps/v1',
	kind: 'Deployment',
	metadata: {name, namespace},
	spec: {
		replicas: 1,
		selector: {matchLabels: {app: name}},
		template: {metadata: {labels: {app: name}}, spec: {containers: [{name: 'app', image: 'example.com/app:1.0'}]}},
	},
});

/** What the engine does for one sync: read live objects of the app's kinds, plan, execute. */
async function sync(
	app: string,
	desired: KubeObject[],
	options: {prune?: boolean; cluster?: ClusterPort; dryRun?: boolean; syncOptions?: Partial<SyncOptions>} = {},
): Promise<{plan: SyncPlan; outcome: SyncOutcome}> {
	// Every live object of these kinds goes in as a candidate: planSync itself must keep other
	// apps' and untracked objects out of the prune.
	const extras: KubeObject[] = [];
	for (const [apiVersion, kind] of [
		['v1', 'ConfigMap'],
		['v1', 'Service'],
		['apps/v1', 'Deployment'],
	] as const) {
		const {items} = await admin.list(apiVersion, kind, namespace);
		extras.push(...items.filter(item => item.metadata.name !== 'kube-root-ca.crt'));
	}
	const plan = planSync({
		appName: app,
		desired,
		objects: [],
		extras,
		options: {...defaultSyncOptions(), ...options.syncOptions},
		request: {prune: options.prune ?? false},
		allowEmpty: false,
	});
	const outcome = await executeSync(plan, {
		cluster: options.cluster ?? admin,
		readOnly: false,
		dryRun: options.dryRun ?? false,
		sleep: async ms => new Promise(resolve => setTimeout(resolve, ms)),
	});
	return {plan, outcome};
}

const exists = async (kind: string, name: string, ns = namespace) => (await kubectlResult(['get', kind, name, '-n', ns])).code === 0;

describe('sync on a real API server', () => {
	it('applies in wave and kind order, with the tracking annotation and field manager driftwatch', async () => {
		const late = configMap('late', {'argocd.argoproj.io/sync-wave': '1'});
		const {outcome} = await sync('shop', [deployment('web'), service('web'), configMap('config'), late]);
		expect(outcome.errors).toEqual([]);
		expect(outcome.phase).toBe('Succeeded');
		expect(outcome.applied).toEqual([
			`ConfigMap/${namespace}/config`,
			`Service/${namespace}/web`,
			`Deployment/${namespace}/web`,
			`ConfigMap/${namespace}/late`,
		]);
		const live = await kubectlJson<KubeObject>(['get', 'deployment', 'web', '-n', namespace, '--show-managed-fields']);
		expect(live.metadata.annotations?.[trackingAnnotation]).toBe(`shop:apps/Deployment:${namespace}/web`);
		expect(live.metadata.managedFields?.find(entry => entry.manager === 'driftwatch')?.operation).toBe('Apply');
		const config = await kubectlJson<KubeObject>(['get', 'configmap', 'config', '-n', namespace]);
		expect(config.metadata.annotations?.[trackingAnnotation]).toBe(`shop:/ConfigMap:${namespace}/config`);
	});

	it("prunes only objects tracked by this app; untracked and other apps' objects survive", async () => {
		await kubectl(['create', 'configmap', 'manual', '-n', namespace, '--from-literal=a=b']);
		const billing = await sync('billing', [configMap('billing-config')]);
		expect(billing.outcome.ok).toBe(true);
		// A copy of a tracked object under a new name keeps the annotation, which names the original.
		const copied = withTracking('shop', configMap('late'));
		await kubectl(['apply', '-f', '-'], {input: JSON.stringify({...copied, metadata: {...copied.metadata, name: 'copy'}})});

		const {outcome} = await sync('shop', [deployment('web'), service('web'), configMap('config')], {prune: true});
		expect(outcome.errors).toEqual([]);
		expect(outcome.deleted).toEqual([`ConfigMap/${namespace}/late`]);
		await waitFor('the pruned ConfigMap to disappear', async () => !(await exists('configmap', 'late')));
		for (const survivor of ['manual', 'billing-config', 'copy', 'config']) expect(await exists('configmap', survivor)).toBe(true);
		expect(await exists('deployment', 'web')).toBe(true);
	});

	it('respects Prune=false on the live object', async () => {
		const keep = configMap('keep', {'argocd.argoproj.io/sync-options': 'Prune=false'});
		expect((await sync('shop', [deployment('web'), service('web'), configMap('config'), keep])).outcome.ok).toBe(true);
		const {plan, outcome} = await sync('shop', [deployment('web'), service('web'), configMap('config')], {prune: true});
		expect(plan.skippedPrune).toEqual([{object: `ConfigMap/${namespace}/keep`, reason: 'argocd.argoproj.io/sync-options has Prune=false'}]);
		expect(outcome.deleted).toEqual([]);
		expect(await exists('configmap', 'keep')).toBe(true);
	});

	it("refuses for a read-only user with the API's 403 reason, applying nothing", async () => {
		const {outcome} = await sync('shop', [configMap('ro-config'), deployment('ro-web')], {cluster: restricted});
		expect(outcome.phase).toBe('Failed');
		expect(outcome.applied).toEqual([]);
		expect(outcome.errors.map(entry => entry.code)).toEqual(['forbidden', 'forbidden']);
		// The API server's reason, then driftwatch's hint on what to do about it.
		expect(outcome.errors[1]?.message).toBe(
			`deployments.apps "ro-web" is forbidden: User "restricted" cannot patch resource "deployments" in API group "apps" in the namespace "${namespace}"` +
				' (user "restricted" (context "driftwatch-restricted") lacks this permission: ask for it or use another context)',
		);
		expect(await exists('configmap', 'ro-config')).toBe(false);
		expect(await exists('deployment', 'ro-web')).toBe(false);
	});

	it('stops an invalid object in the dry run, before anything else is applied', async () => {
		const {outcome} = await sync('shop', [configMap('before-invalid'), service('bad', 70_000), deployment('after-invalid')]);
		expect(outcome.phase).toBe('Failed');
		expect(outcome.errors).toHaveLength(1);
		expect(outcome.errors[0]).toMatchObject({object: `Service/${namespace}/bad`, code: 'invalid-object'});
		expect(outcome.errors[0]?.message).toContain('spec.ports[0].port');
		for (const [kind, name] of [
			['configmap', 'before-invalid'],
			['service', 'bad'],
			['deployment', 'after-invalid'],
		] as const) {
			expect(await exists(kind, name)).toBe(false);
		}
	});

	it('only validates with dryRun', async () => {
		const {outcome} = await sync('shop', [configMap('dry-only')], {dryRun: true});
		expect(outcome).toMatchObject({ok: true, dryRun: true, applied: [`ConfigMap/${namespace}/dry-only`]});
		expect(await exists('configmap', 'dry-only')).toBe(false);
	});

	it('deletes nothing with dryRun, also when pruning', async () => {
		expect((await sync('dry', [configMap('dry-kept'), configMap('dry-extra')])).outcome.ok).toBe(true);
		const {outcome} = await sync('dry', [configMap('dry-kept')], {dryRun: true, prune: true});
		expect(outcome).toMatchObject({ok: true, dryRun: true, deleted: [`ConfigMap/${namespace}/dry-extra`]});
		expect(await exists('configmap', 'dry-extra')).toBe(true);
	});

	it('creates a missing namespace first (CreateNamespace), untracked', async () => {
		const fresh = `${namespace}-new`;
		extraNamespaces.push(fresh);
		const {plan, outcome} = await sync('shop', [configMap('in-new', {}, fresh)], {syncOptions: {createNamespace: true}});
		expect(plan.createNamespaces).toEqual([fresh]);
		expect(outcome.errors).toEqual([]);
		expect(outcome.applied).toEqual([`Namespace/${fresh}`, `ConfigMap/${fresh}/in-new`]);
		expect(outcome.notes).toEqual([
			`ConfigMap/${fresh}/in-new was not validated by the dry run: its namespace or CRD is created by this sync`,
		]);
		expect(await exists('configmap', 'in-new', fresh)).toBe(true);
		const created = await kubectlJson<KubeObject>(['get', 'namespace', fresh]);
		expect(created.metadata.annotations?.[trackingAnnotation]).toBeUndefined();
	});
});
