/**
 * The informer against the real API server: list then watch, events in order, reconnect with
 * backoff after the API server goes away, relist on 410 Gone, and no stale object after either.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {readControlPlaneState, restartApiServer, stopApiServer} from '../../source/control-plane/control-plane.js';
import {connect} from '../../source/cluster/kube-connection.js';
import {ResourceClient} from '../../source/cluster/resource-client.js';
import {type OpenWatch, WatchCache, defaultOpenWatch} from '../../source/cluster/watch-cache.js';
import type {WatchStream} from '../../source/cluster/watch-stream.js';
import {controlPlaneDir, createNamespace, deleteNamespace, kubeconfig, kubectl, waitFor} from './support/cluster.js';

let namespace = '';
let client: ResourceClient;

beforeAll(async () => {
	namespace = await createNamespace('watch');
	client = new ResourceClient(connect({kubeconfig: kubeconfig(), context: 'driftwatch-admin'}));
});
afterAll(async () => deleteNamespace(namespace));

/** Compacts etcd at its current revision through its v3 JSON gateway. */
async function compactEtcd(): Promise<void> {
	const state = await readControlPlaneState(controlPlaneDir());
	const etcd = state.processes.find(running => running.name === 'etcd');
	const url = etcd?.args.find(arg => arg.startsWith('--listen-client-urls='))?.split('=')[1];
	if (!url) throw new Error('no etcd client URL in the control-plane state');
	const range = await fetch(`${url}/v3/kv/range`, {method: 'POST', body: JSON.stringify({key: Buffer.from('/').toString('base64')})});
	const revision = ((await range.json()) as {header: {revision: string}}).header.revision;
	const compaction = await fetch(`${url}/v3/kv/compaction`, {method: 'POST', body: JSON.stringify({revision, physical: true})});
	if (!compaction.ok) throw new Error(`etcd compaction failed: ${compaction.status} ${await compaction.text()}`);
}

const names = (cache: WatchCache) => [...cache.objects.values()].map(object => object.metadata.name).sort();

describe('WatchCache on a real API server', () => {
	it('lists, then follows adds, updates and deletes', async () => {
		await kubectl(['create', 'configmap', 'first', '-n', namespace, '--from-literal=a=1']);
		const cache = new WatchCache(client, 'v1', 'ConfigMap', namespace, {backoff: {initialMs: 100, maxMs: 1000}});
		const seen: string[] = [];
		cache.onChange(changes => seen.push(...changes.map(change => `${change.type}:${change.object.metadata.name}`)));
		cache.start();
		await cache.whenSynced();
		expect(names(cache)).toContain('first');
		await waitFor('live phase', async () => cache.phase === 'live');
		await kubectl(['create', 'configmap', 'second', '-n', namespace, '--from-literal=a=1']);
		await kubectl(['patch', 'configmap', 'first', '-n', namespace, '-p', '{"data":{"a":"2"}}']);
		await kubectl(['delete', 'configmap', 'second', '-n', namespace]);
		await waitFor('the delete', async () => seen.includes('delete:second'));
		expect(seen).toEqual(expect.arrayContaining(['upsert:second', 'upsert:first', 'delete:second']));
		expect((cache.objects.get(`${namespace}/first`)?.['data'] as Record<string, string>)['a']).toBe('2');
		expect(cache.objects.get(`${namespace}/first`)?.kind).toBe('ConfigMap');
		cache.stop();
	});

	it('reconnects with backoff when the API server restarts, and catches up', async () => {
		const cache = new WatchCache(client, 'v1', 'ConfigMap', namespace, {backoff: {initialMs: 200, maxMs: 1000}});
		cache.start();
		await cache.whenSynced();
		await waitFor('live phase', async () => cache.phase === 'live');
		const state = await readControlPlaneState(controlPlaneDir());
		await stopApiServer(state);
		await waitFor('reconnecting phase', async () => cache.phase === 'reconnecting', 20_000);
		expect(cache.error).toBeTruthy();
		await restartApiServer(state);
		await kubectl(['create', 'configmap', 'after-restart', '-n', namespace, '--from-literal=a=1']);
		await waitFor('the object created after the restart', async () => names(cache).includes('after-restart'), 30_000);
		await waitFor('live again', async () => cache.phase === 'live', 30_000);
		cache.stop();
	});

	it('relists on 410 Gone and drops objects deleted meanwhile', async () => {
		await kubectl(['create', 'configmap', 'doomed', '-n', namespace, '--from-literal=a=1']);
		// A real watch, except that the first reconnect asks for a resourceVersion long compacted
		// away, which the API server answers with 410 Gone.
		const open = defaultOpenWatch(client);
		let severed = false;
		let current: WatchStream | undefined;
		let reopen: () => void = () => {};
		const gate = new Promise<void>(resolve => (reopen = resolve));
		const openWatch: OpenWatch = async (path, query, onEvent, onDone) => {
			if (severed) await gate;
			const asked = severed ? {...query, resourceVersion: '1'} : query;
			severed = false;
			current = await open(path, asked, onEvent, onDone);
			return {abort: () => current?.abort()};
		};
		// Count lists: a relist is the proof that 410 was handled by listing again, not by replay.
		const counting = Object.create(client) as ResourceClient;
		let lists = 0;
		counting.list = async (...args: Parameters<ResourceClient['list']>) => {
			lists++;
			return client.list(...args);
		};
		const cache = new WatchCache(counting, 'v1', 'ConfigMap', namespace, {backoff: {initialMs: 100, maxMs: 500}, openWatch});
		const deletes: string[] = [];
		cache.onChange(changes =>
			deletes.push(...changes.filter(change => change.type === 'delete').map(change => change.object.metadata.name)),
		);
		cache.start();
		await cache.whenSynced();
		await waitFor('live', async () => cache.phase === 'live');
		expect(names(cache)).toContain('doomed');
		// Sever the stream, delete while nobody watches, compact etcd past that point, and let the
		// reconnect ask for a compacted resourceVersion: the API server answers 410 Gone.
		severed = true;
		current?.abort();
		await kubectl(['delete', 'configmap', 'doomed', '-n', namespace]);
		await compactEtcd();
		reopen();
		await waitFor('the relist to drop the deleted object', async () => !names(cache).includes('doomed'), 20_000);
		expect(deletes).toContain('doomed');
		expect(lists).toBe(2);
		await waitFor('live again', async () => cache.phase === 'live');
		cache.stop();
	});
});
