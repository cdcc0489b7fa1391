/**
 * The headless JSON-lines stream on the engine over fake ports: a `status` line per evaluated app
 * (never the "Not evaluated yet" placeholder) with what `status --output json` says, and each
 * timeline entry with its fields and its sentence in `message`.
 */
import {describe, expect, it} from 'vitest';
import {runHeadless} from '../../../source/commands/headless-watch.js';
import {DriftEngine} from '../../../source/engine/drift-engine.js';
import {FakeClock} from '../engine/support/fake-clock.js';
import {destinationOf, FakeGit, FakeRender, FakeWatches, WatchedCluster} from '../engine/support/fake-ports.js';
import {appDefinition, configMap, deployed, deployment, scaledBy, scaleTo} from '../engine/support/fixtures.js';
import {captureIo} from './capture-io.js';
import type {WatchState} from '../../../source/ports/watch.js';

describe('runHeadless', () => {
	it('prints started, a status line once evaluated, timeline entries with a message, and stopped', async () => {
		const render = new FakeRender();
		const git = new FakeGit(render);
		const web = deployment('web', 2);
		git.commit('first', [web, configMap('config', {color: 'blue'})]);
		const watches = new FakeWatches();
		watches.put(deployed(web));
		watches.put(deployed(configMap('config', {color: 'blue'})));
		const clock = new FakeClock();
		const engine = new DriftEngine({
			apps: [
				{
					definition: appDefinition(),
					destination: destinationOf(new WatchedCluster(watches)),
					policy: {autoSync: false, selfHeal: false, prune: false},
				},
			],
			git: () => git,
			render: render.port,
			clock,
			readOnly: false,
			intervalMs: 3_600_000,
		});
		const io = captureIo();
		let stop = () => {};
		const done = runHeadless(engine, io, new Promise<void>(resolve => (stop = resolve)));
		await clock.advance(0);
		watches.edit('Deployment/demo/web', scaleTo(5), scaledBy());
		await clock.advance(25);
		stop();
		expect(await done).toBe(0);
		engine.stop();
		const lines = io
			.stdout()
			.split('\n')
			.map(line => JSON.parse(line) as Record<string, unknown>);
		expect(lines.map(line => line['type'])).toEqual(['started', 'commit-seen', 'status', 'drift-detected', 'status', 'stopped']);
		expect(lines[1]).toMatchObject({app: 'shop', revision: {shortSha: '0000001'}, first: true, message: 'watching 0000001: first'});
		expect(lines[2]).toMatchObject({
			app: 'shop',
			syncStatus: 'Synced',
			health: {status: 'Healthy', message: ''},
			revision: git.head.sha,
			counts: {synced: 2, modified: 0, missing: 0, extra: 0},
			error: null,
			warnings: [],
			objects: [
				{
					group: 'apps',
					kind: 'Deployment',
					namespace: 'demo',
					name: 'web',
					status: 'Synced',
					drift: 'none',
					health: {status: 'Healthy', message: ''},
				},
				{group: '', kind: 'ConfigMap', namespace: 'demo', name: 'config', status: 'Synced', drift: 'none', health: null},
			],
			policy: {autoSync: false, selfHeal: false, prune: false},
		});
		expect(lines[3]).toMatchObject({
			object: 'Deployment/demo/web',
			drift: 'modified',
			attribution: [expect.objectContaining({path: '/spec/replicas', manager: 'kubectl'})],
			message: 'Deployment/demo/web: spec.replicas changed by kubectl (Update, scale)',
		});
		expect(lines[4]).toMatchObject({syncStatus: 'OutOfSync', counts: {modified: 1}});
		for (const line of lines) expect(typeof line['time']).toBe('string');
	});

	it('prints a watches line when the streams go down and when they are back, and the outage as a status warning', async () => {
		const render = new FakeRender();
		const git = new FakeGit(render);
		git.commit('first', [configMap('config', {color: 'blue'})]);
		const watches = new FakeWatches();
		watches.put(deployed(configMap('config', {color: 'blue'})));
		const clock = new FakeClock();
		let states: WatchState[] = [];
		const listeners = new Set<() => void>();
		const setStates = (next: WatchState[]) => {
			states = next;
			listeners.forEach(listener => listener());
		};
		const destination = {
			...destinationOf(new WatchedCluster(watches)),
			watchStates: () => states,
			onWatchState: (listener: () => void) => {
				listeners.add(listener);
				return () => listeners.delete(listener);
			},
		};
		const engine = new DriftEngine({
			apps: [{definition: appDefinition(), destination, policy: {autoSync: false, selfHeal: false, prune: false}}],
			git: () => git,
			render: render.port,
			clock,
			readOnly: false,
			intervalMs: 3_600_000,
		});
		const io = captureIo();
		let stop = () => {};
		const done = runHeadless(engine, io, new Promise<void>(resolve => (stop = resolve)), {settleMs: 5});
		const settle = () => new Promise(resolve => setTimeout(resolve, 30));
		const stream = (kind: string, phase: WatchState['phase'], error: string | null): WatchState => ({
			apiVersion: 'v1',
			kind,
			namespace: 'demo',
			phase,
			error,
			since: '2025-03-01T10:00:00.000Z',
		});
		await clock.advance(0);
		// Connecting at start says nothing; then both streams drop, one after the other, and come back.
		setStates([stream('ConfigMap', 'connecting', null), stream('Secret', 'connecting', null)]);
		setStates([stream('ConfigMap', 'live', null), stream('Secret', 'live', null)]);
		await settle();
		setStates([stream('ConfigMap', 'reconnecting', 'fetch failed: connect ECONNREFUSED'), stream('Secret', 'live', null)]);
		setStates([stream('ConfigMap', 'reconnecting', 'fetch failed: connect ECONNREFUSED'), stream('Secret', 'reconnecting', 'terminated')]);
		await clock.advance(500);
		await settle();
		setStates([stream('ConfigMap', 'live', null), stream('Secret', 'live', null)]);
		await clock.advance(500);
		await settle();
		stop();
		await done;
		engine.stop();
		const lines = io
			.stdout()
			.split('\n')
			.map(line => JSON.parse(line) as Record<string, unknown>);
		const watchLines = lines.filter(line => line['type'] === 'watches');
		expect(watchLines).toEqual([
			expect.objectContaining({
				counts: {reconnecting: 2},
				problems: [
					expect.objectContaining({kind: 'ConfigMap', phase: 'reconnecting', error: 'fetch failed: connect ECONNREFUSED'}),
					expect.objectContaining({kind: 'Secret', phase: 'reconnecting', error: 'terminated'}),
				],
				message: 'watches: 2 reconnecting; ConfigMap in demo reconnecting: fetch failed: connect ECONNREFUSED',
			}),
			expect.objectContaining({counts: {live: 2}, problems: [], message: 'watches: 2 live'}),
		]);
		const warnings = lines.filter(line => line['type'] === 'status').map(line => line['warnings']);
		expect(warnings).toEqual([
			[],
			[
				'cluster unreachable: fetch failed: connect ECONNREFUSED (2 of 2 watches reconnecting since 2025-03-01T10:00:00.000Z; the status shows the last state seen)',
			],
			[],
		]);
	});
});
