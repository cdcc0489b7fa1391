/**
 * Text captures of the main screens (NO_COLOR frames at 100x30) for the README, in
 * docs/screens/*.txt. The captures are golden files: this test fails when a screen changes;
 * `UPDATE_SCREENS=1 npx vitest run test/unit/ui/screen-captures.test.tsx` rewrites them.
 */
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {webCommits} from '../../../fixtures/ui/apps.js';
import {FakeActions} from './support/fixture-store.js';
import {keys, renderApp} from './support/render-app.js';

const directory = new URL('../../../docs/screens/', import.meta.url);
const update = process.env['UPDATE_SCREENS'] === '1';

afterEach(() => {
	cleanup();
});

function capture(name: string, frame: string): void {
	const text = `${frame
		.split('\n')
		.map(line => line.trimEnd())
		.join('\n')}\n`;
	const file = new URL(`${name}.txt`, directory);
	if (update || !existsSync(file)) {
		mkdirSync(directory, {recursive: true});
		writeFileSync(file, text);
		return;
	}
	expect(text, `docs/screens/${name}.txt is stale: rerun with UPDATE_SCREENS=1`).toBe(readFileSync(file, 'utf8'));
}

function open(initialApp?: string) {
	const actions = new FakeActions();
	actions.commitList = webCommits();
	return renderApp({initialApp, actions, columns: 100, rows: 30});
}

describe('screen captures (100x30, NO_COLOR)', () => {
	it('apps', async () => {
		const app = open();
		capture('apps', await app.waitForFrame(frame => frame.includes('APPS 4/4') && frame.split('\n').length === 30));
	});

	it('app tree', async () => {
		const app = open('web');
		await app.waitForText('RESOURCES 9');
		await app.press('j');
		await app.press('j');
		capture('app-tree', await app.waitForFrame(frame => /▸ +Deployment web/.test(frame) && frame.split('\n').length === 30));
	});

	it('app tree of a Degraded app', async () => {
		const app = open('api');
		await app.waitForText('RESOURCES 5');
		await app.press('G');
		capture(
			'app-tree-degraded',
			await app.waitForFrame(frame => /▸ +\s*└─ Pod api-5c7b9d-x2k4q/.test(frame) && frame.split('\n').length === 30),
		);
	});

	it('diff', async () => {
		const app = open('web');
		await app.waitForText('RESOURCES 9');
		await app.press('j');
		await app.press('j');
		await app.waitForFrame(frame => /▸ +Deployment web/.test(frame));
		await app.press('d');
		capture('diff', await app.waitForFrame(frame => frame.includes('Diff Deployment/web/web') && frame.split('\n').length === 30));
	});

	it('timeline', async () => {
		const app = open('web');
		await app.waitForText('RESOURCES 9');
		await app.press('t');
		capture('timeline', await app.waitForFrame(frame => frame.includes('Timeline of web') && frame.split('\n').length === 30));
	});

	it('history', async () => {
		const app = open('web');
		await app.waitForText('RESOURCES 9');
		await app.press('h');
		capture('history', await app.waitForFrame(frame => frame.includes('b7e6d5c') && frame.split('\n').length === 30));
	});

	it('sync confirmation', async () => {
		const app = open('web');
		await app.waitForText('RESOURCES 9');
		await app.press('s');
		capture('sync-confirmation', await app.waitForFrame(frame => frame.includes('Sync web?') && frame.split('\n').length === 30));
	});

	it('logs', async () => {
		const app = open('api');
		await app.waitForText('RESOURCES 5');
		await app.press('l');
		await app.waitForText('Logs api/api-5c7b9d-x2k4q');
		const stream = app.actions.logStreams[0];
		const lines = [
			'starting api 1.4.2',
			'connecting to cache redis://cache:6379',
			'error: dial tcp 10.96.0.12:6379: connect: connection refused',
			'fatal: cache unavailable, exiting',
		];
		for (const line of lines) stream?.emit(line);
		capture('logs', await app.waitForFrame(frame => frame.includes('fatal: cache unavailable') && frame.split('\n').length === 30));
	});

	it('help', async () => {
		const app = open();
		await app.waitForText('APPS 4/4');
		await app.press('?');
		capture('help', await app.waitForFrame(frame => frame.includes('Help for guestbook') && frame.split('\n').length === 30));
		await app.press(keys.escape);
	});
});
