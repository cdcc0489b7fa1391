/**
 * The rule that spares a dry run (core/apply-changes-nothing.ts) against the real API server:
 * wherever it says "an apply would change nothing", the server's own dry run agrees (the
 * comparison with its prediction is Synced), and it says so for the plain cases (an object in
 * sync, defaults filled in, a field someone else added, no tracking yet), so most objects of an
 * app in sync need no request. Where it cannot be sure (a changed value, a field Git dropped that
 * driftwatch owns, an atomic list someone edited inside, an item another manager added), it says
 * no, and the dry run decides.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {connect} from '../../source/cluster/kube-connection.js';
import {ResourceClient} from '../../source/cluster/resource-client.js';
import {applyChangesNothing} from '../../source/core/apply-changes-nothing.js';
import {compareObject} from '../../source/core/compare-objects.js';
import {type KubeObject, resourceKeyOf} from '../../source/core/kube-object.js';
import {withTracking, withoutTracking} from '../../source/core/tracking.js';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, waitFor} from './support/cluster.js';

const app = 'spared';
let namespace = '';
let client: ResourceClient;

beforeAll(async () => {
	namespace = await createNamespace('spared');
	client = new ResourceClient(connect({kubeconfig: kubeconfig(), context: 'driftwatch-admin'}));
});
afterAll(async () => deleteNamespace(namespace));

const configMap = (name: string, data: Record<string, string>): KubeObject => ({
	apiVersion: 'v1',
	kind: 'ConfigMap',
	metadata: {name, namespace},
	data,
});

const deployment = (name: string, pod: Record<string, unknown> = {}): KubeObject => ({
	apiVersion: 'apps/v1',
	kind: 'Deployment',
	metadata: {name, namespace, labels: {app: name}},
	spec: {
		replicas: 1,
		selector: {matchLabels: {app: name}},
		template: {
			metadata: {labels: {app: name}},
			spec: {containers: [{name: 'web', image: 'nginx:1.27', ports: [{containerPort: 80}]}], ...pod},
		},
	},
});

const read = async (desired: KubeObject) =>
	client.get({apiVersion: desired.apiVersion, kind: desired.kind, namespace, name: desired.metadata.name});

/** The rule's answer and the server's: is the dry run's prediction the same as live? */
async function verdicts(desired: KubeObject): Promise<{spared: boolean; serverSaysSynced: boolean}> {
	// A Deployment's controller writes its revision annotation and status after each change: wait
	// for it, or the dry run (read later) would differ from the live copy read before it.
	if (desired.kind === 'Deployment') {
		await waitFor('the Deployment controller', async () => {
			const current = await read(desired);
			const status = current?.['status'] as {observedGeneration?: number} | undefined;
			return (
				current?.metadata.annotations?.['deployment.kubernetes.io/revision'] && status?.observedGeneration === current.metadata.generation
			);
		});
	}
	const live = await read(desired);
	if (!live) throw new Error(`${desired.kind} ${desired.metadata.name} is not there`);
	const applied = withTracking(app, desired);
	const predicted = await client.apply(applied, {dryRun: true, force: true});
	const comparison = compareObject({
		key: resourceKeyOf(desired),
		desired,
		live: withoutTracking(live),
		predicted: withoutTracking(predicted),
	});
	return {spared: applyChangesNothing(desired, live, app), serverSaysSynced: comparison.status === 'Synced'};
}

describe('applyChangesNothing against the API server', () => {
	it('an object driftwatch applied, unchanged: spared, and the server agrees', async () => {
		const desired = configMap('plain', {a: '1', b: '2'});
		await client.apply(withTracking(app, desired));
		expect(await verdicts(desired)).toEqual({spared: true, serverSaysSynced: true});
	});

	it('a Deployment with the server defaults filled in (container fields, ports protocol, strategy): spared', async () => {
		const desired = deployment('web');
		await client.apply(withTracking(app, desired));
		expect(await verdicts(desired)).toEqual({spared: true, serverSaysSynced: true});
	});

	it('a key someone else added is left alone by an apply: spared', async () => {
		const desired = configMap('added', {a: '1'});
		await client.apply(withTracking(app, desired));
		await kubectl(['patch', 'configmap', 'added', '-n', namespace, '--type', 'merge', '-p', '{"data":{"extra":"x"}}']);
		expect(await verdicts(desired)).toEqual({spared: true, serverSaysSynced: true});
	});

	it('an object created by kubectl, without tracking, with Git values: spared (tracking is never drift)', async () => {
		await kubectl(['create', 'configmap', 'adopted', '-n', namespace, '--from-literal=a=1']);
		expect(await verdicts(configMap('adopted', {a: '1'}))).toEqual({spared: true, serverSaysSynced: true});
	});

	it('a value changed live: not spared, the dry run decides (drift)', async () => {
		const desired = configMap('changed', {a: '1'});
		await client.apply(withTracking(app, desired));
		await kubectl(['patch', 'configmap', 'changed', '-n', namespace, '--type', 'merge', '-p', '{"data":{"a":"2"}}']);
		expect(await verdicts(desired)).toEqual({spared: false, serverSaysSynced: false});
	});

	it('a field Git no longer has but driftwatch applied: not spared (the apply would remove it)', async () => {
		await client.apply(withTracking(app, configMap('dropped', {a: '1', b: '2'})));
		expect(await verdicts(configMap('dropped', {a: '1'}))).toEqual({spared: false, serverSaysSynced: false});
	});

	it('an atomic list edited inside (a toleration gained a field): not spared (the apply replaces the list)', async () => {
		const desired = deployment('tolerant', {tolerations: [{key: 'dedicated', operator: 'Exists'}]});
		await client.apply(withTracking(app, desired));
		await kubectl([
			'patch',
			'deployment',
			'tolerant',
			'-n',
			namespace,
			'--type',
			'json',
			'-p',
			'[{"op":"add","path":"/spec/template/spec/tolerations/0/effect","value":"NoSchedule"}]',
		]);
		expect(await verdicts(desired)).toEqual({spared: false, serverSaysSynced: false});
	});

	it('an item another manager added to a keyed list: not spared, the server merges and keeps it', async () => {
		const desired = deployment('sidecar');
		await client.apply(withTracking(app, desired));
		await kubectl([
			'patch',
			'deployment',
			'sidecar',
			'-n',
			namespace,
			'--type',
			'strategic',
			'-p',
			'{"spec":{"template":{"spec":{"containers":[{"name":"proxy","image":"envoy:1"}]}}}}',
		]);
		const {spared} = await verdicts(desired);
		expect(spared).toBe(false);
	});

	it('a quantity the server spells otherwise: not spared; the server says in sync', async () => {
		const desired = deployment('sized');
		const containers = (desired.spec as {template: {spec: {containers: Array<Record<string, unknown>>}}}).template.spec.containers;
		containers[0] = {...containers[0], resources: {requests: {cpu: '1000m'}}};
		await client.apply(withTracking(app, desired));
		expect(await verdicts(desired)).toEqual({spared: false, serverSaysSynced: true});
	});
});
