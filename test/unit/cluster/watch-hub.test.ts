/**
 * One watch per kind and namespace scope, shared by every subscriber; the last one out stops it.
 * The stream is injected (our own port), the client is a small stand-in for list and paths.
 */
import {describe, expect, it} from 'vitest';
import type {KubeObject} from '../../../source/core/kube-object.js';
import type {ResourceClient} from '../../../source/cluster/resource-client.js';
import type {OpenWatch} from '../../../source/cluster/watch-cache.js';
import {WatchHub} from '../../../source/cluster/watch-hub.js';

function fakeClient(items: KubeObject[]) {
	const lists: string[] = [];
	const client = {
		list: (apiVersion: string, kind: string, namespace = '') => {
			lists.push(`${apiVersion}/${kind}/${namespace}`);
			return Promise.resolve({items, resourceVersion: '10'});
		},
		discovery: {
			path: (apiVersion: string, kind: string, namespace: string) =>
				Promise.resolve(`/api/${apiVersion}/namespaces/${namespace}/${kind.toLowerCase()}s`),
		},
	} as unknown as ResourceClient;
	return {client, lists};
}

describe('WatchHub', () => {
	it('shares one watch per kind and namespace, and stops it when the last subscriber leaves', async () => {
		const opened: string[] = [];
		const aborted: string[] = [];
		const emitters: Array<(type: string, object: unknown) => void> = [];
		const openWatch: OpenWatch = (path, _query, onEvent) => {
			opened.push(path);
			emitters.push(onEvent);
			return Promise.resolve({abort: () => void aborted.push(path)});
		};
		const {client, lists} = fakeClient([
			{apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'a', namespace: 'demo', resourceVersion: '5'}},
		]);
		const hub = new WatchHub(client, {openWatch});
		const seenByFirst: string[] = [];
		const seenBySecond: string[] = [];
		const first = hub.subscribe('v1', 'ConfigMap', 'demo', changes =>
			seenByFirst.push(...changes.map(change => `${change.type}:${change.object.metadata.name}`)),
		);
		const second = hub.subscribe('v1', 'ConfigMap', 'demo', changes =>
			seenBySecond.push(...changes.map(change => `${change.type}:${change.object.metadata.name}`)),
		);
		const other = hub.subscribe('v1', 'ConfigMap', 'other', () => {});
		expect(first.cache).toBe(second.cache);
		expect(other.cache).not.toBe(first.cache);
		await first.cache.whenSynced();
		await new Promise(resolve => setImmediate(resolve));
		expect(lists.filter(list => list === 'v1/ConfigMap/demo')).toHaveLength(1);
		expect(hub.all()).toHaveLength(2);

		emitters[0]?.('ADDED', {metadata: {name: 'b', namespace: 'demo', resourceVersion: '11'}});
		expect(seenByFirst).toContain('upsert:b');
		expect(seenBySecond).toContain('upsert:b');
		expect(first.cache.objects.get('demo/b')?.kind).toBe('ConfigMap');

		first.unsubscribe();
		expect(aborted).toEqual([]);
		second.unsubscribe();
		expect(aborted).toEqual(['/api/v1/namespaces/demo/configmaps']);
		expect(hub.all()).toHaveLength(1);
		other.unsubscribe();
		hub.stop();
	});
});
