/**
 * refresh() must replace the stream, not add one: the aborted stream's end is not an idle
 * timeout to resume from (issue 9: 1, 2, 3, 4 streams after three refreshes). The stream is our
 * own port (OpenWatch); aborting it ends it the way client-node does, with an AbortError.
 */
import {describe, expect, it} from 'vitest';
import type {ResourceClient} from '../../../source/cluster/resource-client.js';
import {type OpenWatch, WatchCache} from '../../../source/cluster/watch-cache.js';

function streams() {
	let open = 0;
	let opened = 0;
	const openWatch: OpenWatch = (_path, _query, _onEvent, onDone) => {
		open++;
		opened++;
		let ended = false;
		return Promise.resolve({
			abort: () => {
				if (ended) return;
				ended = true;
				open--;
				const aborted = Object.assign(new Error('The operation was aborted'), {name: 'AbortError'});
				setImmediate(() => onDone(aborted));
			},
		});
	};
	return {openWatch, open: () => open, opened: () => opened};
}

function client(listDelayMs = 0): ResourceClient {
	return {
		list: async () => {
			await new Promise(resolve => setTimeout(resolve, listDelayMs));
			return {items: [], resourceVersion: '1'};
		},
		discovery: {path: () => Promise.resolve('/api/v1/namespaces/demo/configmaps')},
	} as unknown as ResourceClient;
}

const settle = () => new Promise(resolve => setTimeout(resolve, 30));

describe('WatchCache.refresh', () => {
	it('keeps one open stream after many refreshes, one at a time', async () => {
		const fake = streams();
		const cache = new WatchCache(client(), 'v1', 'ConfigMap', 'demo', {openWatch: fake.openWatch});
		cache.start();
		await settle();
		expect(fake.open()).toBe(1);
		for (let round = 0; round < 10; round++) {
			cache.refresh();
			await settle();
			expect(fake.open()).toBe(1);
		}
		expect(cache.phase).toBe('live');
		cache.stop();
		await settle();
		expect(fake.open()).toBe(0);
	});

	it('keeps one open stream after a burst of refreshes while lists are still in flight', async () => {
		const fake = streams();
		const cache = new WatchCache(client(5), 'v1', 'ConfigMap', 'demo', {openWatch: fake.openWatch});
		cache.start();
		for (let round = 0; round < 20; round++) cache.refresh();
		await settle();
		await settle();
		expect(fake.open()).toBe(1);
		cache.stop();
		await settle();
		expect(fake.open()).toBe(0);
	});

	it('opens no stream after stop, even when a list returns late', async () => {
		const fake = streams();
		const cache = new WatchCache(client(10), 'v1', 'ConfigMap', 'demo', {openWatch: fake.openWatch});
		cache.start();
		cache.stop();
		await settle();
		expect(fake.opened()).toBe(0);
	});
});
