/**
 * Refreshing a watch cache replaces its stream, on the real API server: after many refreshes the
 * API server holds one WATCH per cache (its `apiserver_longrunning_requests` gauge, read from
 * /metrics), the stream we opened last is the only one open, and changes still arrive.
 * Issue 9: each refresh used to leave the aborted stream reconnecting beside the new one.
 */
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {connect} from '../../source/cluster/kube-connection.js';
import {ResourceClient} from '../../source/cluster/resource-client.js';
import {type OpenWatch, WatchCache, defaultOpenWatch} from '../../source/cluster/watch-cache.js';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, waitFor} from './support/cluster.js';

let namespace = '';
let client: ResourceClient;

beforeAll(async () => {
	namespace = await createNamespace('refresh');
	client = new ResourceClient(connect({kubeconfig: kubeconfig(), context: 'driftwatch-admin'}));
});
afterAll(async () => deleteNamespace(namespace));

/** Namespaced ConfigMap WATCH requests the API server is serving now. */
async function configMapWatches(): Promise<number> {
	const metrics = await kubectl(['get', '--raw', '/metrics']);
	let total = 0;
	for (const line of metrics.split('\n')) {
		if (!line.startsWith('apiserver_longrunning_requests{')) continue;
		if (line.includes('resource="configmaps"') && line.includes('scope="namespace"') && line.includes('verb="WATCH"')) {
			total += Number(line.slice(line.lastIndexOf(' ') + 1));
		}
	}
	return total;
}

/** The real stream, counted: opened, and still open (not yet ended). */
function counted(): {openWatch: OpenWatch; open: () => number; opened: () => number} {
	const real = defaultOpenWatch(client);
	let open = 0;
	let opened = 0;
	const openWatch: OpenWatch = async (path, query, onEvent, onDone) => {
		let ended = false;
		const stream = await real(path, query, onEvent, error => {
			if (!ended) open--;
			ended = true;
			onDone(error);
		});
		open++;
		opened++;
		return stream;
	};
	return {openWatch, open: () => open, opened: () => opened};
}

describe('WatchCache.refresh on a real API server', () => {
	it('keeps one stream per cache after many refreshes, and still sees changes', async () => {
		const baseline = await configMapWatches();
		const streams = counted();
		const cache = new WatchCache(client, 'v1', 'ConfigMap', namespace, {
			backoff: {initialMs: 100, maxMs: 1000},
			openWatch: streams.openWatch,
		});
		cache.start();
		await cache.whenSynced();
		await waitFor('the first stream', () => Promise.resolve(streams.opened() === 1));
		const refreshes = 10;
		for (let round = 1; round <= refreshes; round++) {
			cache.refresh();
			await waitFor(`stream ${round + 1}`, () => Promise.resolve(streams.opened() >= round + 1));
		}
		// A moment for any stream a refresh left behind to reconnect, as it used to.
		await new Promise(resolve => setTimeout(resolve, 1500));
		expect(streams.opened()).toBe(refreshes + 1);
		expect(streams.open()).toBe(1);
		await waitFor('the API server to serve exactly one more WATCH', async () => (await configMapWatches()) - baseline === 1, 20_000);

		await kubectl(['create', 'configmap', 'after-refreshes', '-n', namespace, '--from-literal=a=1']);
		await waitFor('the change after the refreshes', () => Promise.resolve(cache.objects.has(`${namespace}/after-refreshes`)));

		cache.stop();
		await waitFor('the API server to drop the stream', async () => (await configMapWatches()) === baseline, 20_000);
		expect(streams.open()).toBe(0);
	});
});
