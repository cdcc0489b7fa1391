import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {UnifiedLine} from '../../../source/core/diff-objects.js';
import {fixtureSnapshot, longDiffApp} from '../../../fixtures/ui/apps.js';
import {keys, renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

describe('diff screen', () => {
	it('shows the object diff with its summary and the attribution line', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('j');
		await app.press('j');
		await app.waitForFrame(frame => /▸ +Deployment web/.test(frame));
		await app.press('d');
		const frame = await app.waitForText('Diff Deployment/web/web');
		expect(frame).toMatch(/\+0 -0 ~1 {2}1-\d+\/\d+ {2}-live \+git {2}compact \(f: full\)/);
		expect(frame).toContain('spec.replicas changed by kubectl (Update) 12s ago');
		expect(frame).toContain('--- live');
		expect(frame).toContain('+++ desired');
		expect(frame).toMatch(/^@@ -\d+,7 \+\d+,7 @@$/m);
		expect(frame).toContain('-  replicas: 5');
		expect(frame).toContain('+  replicas: 3');
	});

	it('shows every drifted object for d on an app', async () => {
		const app = renderApp();
		await app.waitForText('APPS 4/4');
		await app.press('j');
		await app.waitForText('apps/web @ main');
		await app.press('d');
		const frame = await app.waitForText('Diff web (1 drifted object)');
		expect(frame).toContain('── Deployment/web/web · modified · +0 -0 ~1');
		expect(frame).toContain('   spec.replicas changed by kubectl (Update) 12s ago');
	});

	it('says when there is nothing to show', async () => {
		const app = renderApp();
		await app.waitForText('APPS 4/4');
		await app.press('d');
		await app.waitForText('No drift: the cluster matches Git.');
	});

	it('renders only the visible lines of a long diff and scrolls by line, page and end', async () => {
		const app = renderApp({snapshot: fixtureSnapshot([longDiffApp(5000)]), initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('j');
		await app.press('j');
		await app.waitForFrame(frame => /▸ +Deployment web/.test(frame));
		await app.press('d');
		let frame = await app.waitForText('1-18/5003');
		expect(frame.split('\n')).toHaveLength(24);
		expect(frame).toContain('-  line-0: value');
		expect(frame).not.toContain('line-20:');
		await app.press('j');
		await app.waitForText('2-19/5003');
		await app.press(keys.pageDown);
		await app.waitForText('19-36/5003');
		await app.press('G');
		frame = await app.waitForText('4986-5003/5003');
		expect(frame).toContain('+  line-4999: value');
		await app.press('g');
		await app.waitForText('1-18/5003');
		await app.press(keys.pageUp);
		await app.waitForText('1-18/5003');
	});

	it('switches to full mode and back, asking the engine for the whole object', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('d');
		await app.waitForText('compact (f: full)');
		await app.press('f');
		await app.waitForText('full (f: compact)');
		expect(app.actions.callsOf('fullDiff')).toEqual([['web', {group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web'}]]);
		await app.press('f');
		await app.waitForText('compact (f: full)');
	});

	it('uses the engine full diff when the engine offers one', async () => {
		const app = renderApp({initialApp: 'web'});
		const fullDiff = (_app: string, _key: unknown): Promise<UnifiedLine[]> =>
			Promise.resolve([
				{op: ' ', text: 'apiVersion: apps/v1'},
				{op: '-', text: '  replicas: 5'},
			]);
		Object.assign(app.actions, {fullDiff});
		await app.waitForText('RESOURCES 9');
		await app.press('d');
		await app.waitForText('compact (f: full)');
		await app.press('f');
		const frame = await app.waitForText(' apiVersion: apps/v1');
		expect(frame).toContain('full (f: compact)');
	});

	it('follows the engine: a resolved drift empties the diff', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('d');
		await app.waitForText('+  replicas: 3');
		app.store.push(previous => ({
			...previous,
			apps: previous.apps.map(candidate =>
				candidate.name === 'web'
					? {
							...candidate,
							status: {
								...candidate.status,
								objects: candidate.status.objects.map(object => ({...object, drift: 'none' as const, diff: null})),
							},
						}
					: candidate,
			),
		}));
		await app.waitForText('No drift: the cluster matches Git.');
	});
});
