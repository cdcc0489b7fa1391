import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {ago, driftedApp, fixtureSnapshot, webCommits} from '../../../fixtures/ui/apps.js';
import {FakeActions} from './support/fixture-store.js';
import {keys, renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

function fits(frame: string, columns: number, rows: number): void {
	const lines = frame.split('\n');
	expect(lines).toHaveLength(rows);
	for (const line of lines) expect([...line].length, line).toBeLessThanOrEqual(columns);
}

describe('layout', () => {
	it('fills an 80x24 terminal exactly on every screen', async () => {
		const actions = new FakeActions();
		actions.commitList = webCommits();
		const app = renderApp({columns: 80, rows: 24, actions});
		fits(await app.waitForText('APPS 4/4'), 80, 24);
		await app.press('j');
		await app.waitForText('apps/web @ main');
		await app.press(keys.enter);
		fits(await app.waitForText('RESOURCES 9'), 80, 24);
		await app.press('d');
		fits(await app.waitForText('Diff web'), 80, 24);
		await app.press(keys.escape);
		await app.waitForText('RESOURCES 9');
		await app.press('t');
		fits(await app.waitForText('Timeline of web'), 80, 24);
		await app.press('h');
		fits(await app.waitForText('b7e6d5c'), 80, 24);
		await app.press('?');
		fits(await app.waitForText('Help for web'), 80, 24);
		await app.press(keys.escape);
		await app.waitForText('b7e6d5c');
		await app.press('R');
		fits(await app.waitForText('Revert commit b7e6d5c in web?'), 80, 24);
	});

	it('follows terminal resizes', async () => {
		const app = renderApp();
		fits(await app.waitForText('APPS 4/4'), 100, 24);
		app.resize(80, 30);
		await app.waitForFrame(frame => frame.split('\n').length === 30);
		fits(app.frame(), 80, 30);
		app.resize(120, 40);
		await app.waitForFrame(frame => frame.split('\n').length === 40);
		fits(app.frame(), 120, 40);
	});

	it('throttles an event storm to a few frames', async () => {
		const app = renderApp();
		await app.waitForText('APPS 4/4');
		const before = app.instance.frames.length;
		for (let index = 0; index < 2000; index++) {
			app.store.push(previous => ({
				...previous,
				apps: previous.apps.map(candidate =>
					candidate.name === 'web'
						? {
								...candidate,
								timeline: [
									{time: ago(0), type: 'drift-resolved' as const, app: 'web', object: `ConfigMap/web/c${index}`},
									...candidate.timeline.slice(0, 20),
								],
							}
						: candidate,
				),
			}));
		}
		await app.waitForFrame(frame => /web\s+↻ OutOfSync\s+♥ Healthy\s+a1b2c3d\s+1\s+0\s+0\s+0s/.test(frame));
		expect(app.store.notifications).toBeGreaterThanOrEqual(2000);
		expect(app.instance.frames.length - before).toBeLessThan(10);
	});

	it('shows Git and watch errors in the header in plain words and keeps running', async () => {
		const web = {
			...driftedApp(),
			poll: {lastFetch: ago(300), nextFetchAt: ago(-20), error: 'could not read from remote repository (authentication required)'},
		};
		const snapshot = fixtureSnapshot([web]);
		snapshot.watches = snapshot.watches.map(watch =>
			watch.kind === 'Pod'
				? {...watch, phase: 'failed' as const, error: 'pods is forbidden: User "viewer" cannot watch resource "pods"'}
				: watch,
		);
		const app = renderApp({snapshot, columns: 80, rows: 24});
		const frame = await app.waitForText('Git fetch failed');
		fits(frame, 80, 24);
		expect(frame).toMatch(/✖ Git fetch failed: could not read from remote repository \(authentication\s+required\)/);
		expect(frame).toContain('✖ Watch of Pods in all namespaces failed: pods is forbidden');
		expect(frame).toContain('watches ●●✖●●● 1 failed 5 live');
		await app.press(keys.enter);
		await app.waitForText('RESOURCES 9');
	});

	it('shows the error of an app in place on its screen', async () => {
		const app = renderApp({initialApp: 'billing'});
		const frame = await app.waitForText('RESOURCES 0');
		expect(frame).toContain('billing  ? Unknown  ? Unknown');
		expect(frame).toContain('✖ Cluster unreachable: dial tcp 10.0.0.1:6443: connect: connection refused.');
		expect(frame).toContain('→ Check that the cluster of context "prod" is up and reachable; driftwatch retries every 10s.');
	});

	it('shows a running operation in the header', async () => {
		const web = {
			...driftedApp(),
			operation: {action: 'sync' as const, phase: 'Running' as const, message: 'applying 1 of 3 objects', startedAt: ago(2)},
		};
		const app = renderApp({snapshot: fixtureSnapshot([web]), initialApp: 'web'});
		await app.waitForText('sync Running: applying 1 of 3 objects');
	});

	it('quits with ctrl-c even from a dialog or a prompt', async () => {
		for (const opener of ['s', '/']) {
			const app = renderApp({initialApp: 'web'});
			await app.waitForText('RESOURCES 9');
			await app.press(opener);
			await app.waitForFrame(frame => frame.includes('Sync web?') || frame.includes('/▏'));
			await app.press(keys.ctrlC);
			await app.waitForFrame(() => app.instance.stdin.listenerCount('readable') === 0);
			expect(app.actions.callsOf('sync')).toEqual([]);
			cleanup();
		}
	});

	it('quits with q and with ctrl-c', async () => {
		for (const key of ['q', keys.ctrlC]) {
			const app = renderApp();
			await app.waitForText('APPS 4/4');
			await app.press(key);
			await app.waitForFrame(() => app.instance.stdin.listenerCount('readable') === 0);
			cleanup();
		}
	});
});
