import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {ago} from '../../../fixtures/ui/apps.js';
import {keys, renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

describe('timeline screen', () => {
	it("lists the app's events newest first with their attribution", async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('t');
		const frame = await app.waitForText('Timeline of web: 4 events, newest first');
		const rows = frame.split('\n').filter(line => /^[ ▸] \S+\s+\S/.test(line) && /(drift|synced|commit|policy)/.test(line));
		expect(rows[0]).toMatch(/▸ 12s\s+↻ drift\s+Deployment\/web\/web {2}spec.replicas changed by kubectl \(Update\) 12s ago/);
		expect(frame.replaceAll('\n', ' ')).toContain('12s ago · Deployment/web/web · spec.replicas changed by kubectl (Update) 12s ago');
		expect(rows[1]).toMatch(/30m\s+✔ synced\s+synced a1b2c3d \(auto-sync\): synced: 3 applied, 0 pruned/);
		expect(rows[2]).toMatch(/30m\s+⎇ commit\s+new commit a1b2c3d: web: scale to 3 replicas \(Alice Martin\)/);
		expect(rows[3]).toMatch(/24h\s+⚙ policy\s+auto-sync on/);
	});

	it('shows new events as the engine publishes them', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('t');
		await app.waitForText('4 events');
		app.store.push(previous => ({
			...previous,
			apps: previous.apps.map(candidate =>
				candidate.name === 'web'
					? {
							...candidate,
							timeline: [
								{
									time: ago(1),
									type: 'healed' as const,
									app: 'web',
									object: 'Deployment/web/web',
									drift: 'modified' as const,
									changedPaths: ['/spec/replicas'],
									attribution: [],
								},
								...candidate.timeline,
							],
						}
					: candidate,
			),
		}));
		const frame = await app.waitForText('5 events');
		expect(frame).toMatch(/1s\s+✚ healed\s+Deployment\/web\/web {2}reverted \(spec.replicas changed\)/);
	});

	it('filters events and opens the diff of an event object', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('t');
		await app.waitForText('4 events');
		await app.press('/');
		await app.type('drift');
		await app.waitForText('1 events, newest first /drift');
		await app.press(keys.enter);
		await app.waitForFrame(frame => !frame.includes('▏'));
		await app.press(keys.enter);
		await app.waitForText('Diff Deployment/web/web');
	});
});
