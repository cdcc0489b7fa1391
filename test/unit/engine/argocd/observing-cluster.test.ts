import {describe, expect, it} from 'vitest';
import {observingCluster} from '../../../../source/engine/argocd/observing-cluster.js';
import {FakeCluster} from '../support/fake-cluster.js';
import {configMap} from '../support/fixtures.js';

describe('observingCluster', () => {
	it('passes reads and dry runs through, and refuses every real write', async () => {
		const fake = new FakeCluster();
		const cluster = observingCluster(fake);
		const object = {...configMap('web', {a: '1'}), metadata: {name: 'web', namespace: 'demo'}};
		await expect(cluster.apply(object, {dryRun: true})).resolves.toMatchObject({kind: 'ConfigMap'});
		await expect(cluster.apply(object)).rejects.toMatchObject({code: 'forbidden'});
		await expect(cluster.delete({apiVersion: 'v1', kind: 'ConfigMap', namespace: 'demo', name: 'web'})).rejects.toMatchObject({
			code: 'forbidden',
		});
		expect(fake.mutations()).toEqual([]);
		expect([cluster.user, cluster.context, cluster.server]).toEqual([fake.user, fake.context, fake.server]);
		expect(await cluster.can('patch', {apiVersion: 'v1', kind: 'ConfigMap'})).toMatchObject({allowed: true});
	});
});
