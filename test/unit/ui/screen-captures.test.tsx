/**
 * Text captures of the screens (NO_COLOR frames at 100x30), golden files in docs/screens/*.txt and
 * copied into the README between `<!-- capture: NAME -->` markers. This test fails when a golden
 * is missing or stale, when a README copy differs from its golden, and when the README and the
 * captures do not list the same screens. `npm run captures` (UPDATE_SCREENS=1) rewrites the
 * goldens and the README's copies.
 */
import {existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs';
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {webCommits, webDeploymentLive} from '../../../fixtures/ui/apps.js';
import {FakeActions, promoteEditView, setImageEditView} from './support/fixture-store.js';
import {captureBlocks, withCaptureBlocks} from './support/readme-captures.js';
import {keys, renderApp} from './support/render-app.js';

const directory = new URL('../../../docs/screens/', import.meta.url);
const readme = new URL('../../../README.md', import.meta.url);
const update = process.env['UPDATE_SCREENS'] === '1';
const rerun = 'run `npm run captures` to regenerate';

/** Every capture this file makes, in README order. */
const captures = [
	'apps',
	'app-tree',
	'app-tree-degraded',
	'diff',
	'timeline',
	'history',
	'logs',
	'yaml',
	'sync-confirmation',
	'keep-confirmation',
	'set-image-confirmation',
	'promote-confirmation',
	'help',
] as const;
type CaptureName = (typeof captures)[number];

afterEach(() => {
	cleanup();
});

function goldenFile(name: string): URL {
	return new URL(`${name}.txt`, directory);
}

function capture(name: CaptureName, frame: string): void {
	const text = `${frame
		.split('\n')
		.map(line => line.trimEnd())
		.join('\n')}\n`;
	const file = goldenFile(name);
	if (update) {
		mkdirSync(directory, {recursive: true});
		writeFileSync(file, text);
		return;
	}
	expect(existsSync(file), `docs/screens/${name}.txt is missing: ${rerun}`).toBe(true);
	expect(text, `docs/screens/${name}.txt is stale: ${rerun}`).toBe(readFileSync(file, 'utf8'));
}

function open(initialApp?: string, actions = new FakeActions()) {
	actions.commitList = webCommits();
	actions.liveObjects.set('apps/Deployment/web/web', webDeploymentLive());
	return renderApp({initialApp, actions, columns: 100, rows: 30});
}

const full = (frame: string) => frame.split('\n').length === 30;

describe('screen captures (100x30, NO_COLOR)', () => {
	it('apps', async () => {
		const app = open();
		capture('apps', await app.waitForFrame(frame => frame.includes('APPS 4/4') && full(frame)));
	});

	it('app tree', async () => {
		const app = open('web');
		await app.waitForText('RESOURCES 9');
		await app.press('j');
		await app.press('j');
		capture('app-tree', await app.waitForFrame(frame => /▸ +Deployment web/.test(frame) && full(frame)));
	});

	it('app tree of a Degraded app', async () => {
		const app = open('api');
		await app.waitForText('RESOURCES 5');
		await app.press('G');
		capture('app-tree-degraded', await app.waitForFrame(frame => /▸ +\s*└─ Pod api-5c7b9d-x2k4q/.test(frame) && full(frame)));
	});

	it('diff', async () => {
		const app = open('web');
		await app.waitForText('RESOURCES 9');
		await app.press('j');
		await app.press('j');
		await app.waitForFrame(frame => /▸ +Deployment web/.test(frame));
		await app.press('d');
		capture('diff', await app.waitForFrame(frame => frame.includes('Diff Deployment/web/web') && full(frame)));
	});

	it('timeline', async () => {
		const app = open('web');
		await app.waitForText('RESOURCES 9');
		await app.press('t');
		capture('timeline', await app.waitForFrame(frame => frame.includes('Timeline of web') && full(frame)));
	});

	it('history', async () => {
		const app = open('web');
		await app.waitForText('RESOURCES 9');
		await app.press('h');
		capture('history', await app.waitForFrame(frame => frame.includes('b7e6d5c') && full(frame)));
	});

	it('sync confirmation', async () => {
		const app = open('web');
		await app.waitForText('RESOURCES 9');
		await app.press('s');
		capture('sync-confirmation', await app.waitForFrame(frame => frame.includes('Sync web?') && full(frame)));
	});

	it('keep confirmation', async () => {
		const app = open('web');
		await app.waitForText('RESOURCES 9');
		await app.press('j');
		await app.press('j');
		await app.waitForFrame(frame => /▸ +Deployment web/.test(frame));
		await app.press('K');
		capture(
			'keep-confirmation',
			await app.waitForFrame(frame => frame.includes('Keep the live change of Deployment/web/web in Git?') && full(frame)),
		);
	});

	it('set-image confirmation', async () => {
		const actions = new FakeActions();
		actions.editView = setImageEditView;
		const app = open('web', actions);
		await app.waitForText('RESOURCES 9');
		await app.press('j');
		await app.press('j');
		await app.waitForFrame(frame => /▸ +Deployment web/.test(frame));
		await app.press('I');
		await app.waitForText(':set-image Deployment/web web=ghcr.io/acme/web:');
		await app.type('1.4.3');
		await app.press(keys.enter);
		capture(
			'set-image-confirmation',
			await app.waitForFrame(frame => frame.includes('Set image web=ghcr.io/acme/web:1.4.3 in Deployment/web?') && full(frame)),
		);
	});

	it('promote confirmation', async () => {
		const actions = new FakeActions();
		actions.editView = promoteEditView;
		const app = open('web', actions);
		await app.waitForText('RESOURCES 9');
		await app.press(':');
		await app.type('promote staging prod');
		await app.press(keys.enter);
		capture('promote-confirmation', await app.waitForFrame(frame => frame.includes('Promote staging to prod?') && full(frame)));
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
		capture('logs', await app.waitForFrame(frame => frame.includes('fatal: cache unavailable') && full(frame)));
	});

	it('live YAML', async () => {
		const app = open('web');
		await app.waitForText('RESOURCES 9');
		await app.press('j');
		await app.press('j');
		await app.waitForFrame(frame => /▸ +Deployment web/.test(frame));
		await app.press('y');
		capture(
			'yaml',
			await app.waitForFrame(frame => frame.includes('Live YAML Deployment/web/web') && frame.includes('replicas: 5') && full(frame)),
		);
	});

	it('help', async () => {
		const app = open();
		await app.waitForText('APPS 4/4');
		await app.press('?');
		capture('help', await app.waitForFrame(frame => frame.includes('Help for guestbook') && full(frame)));
		await app.press(keys.escape);
	});

	// Runs after the captures above (tests of a file run in order), so an update copies fresh goldens.
	it('README copies equal the goldens, and cover every capture', () => {
		const goldens = new Map<string, string>(
			captures.filter(name => existsSync(goldenFile(name))).map(name => [name, readFileSync(goldenFile(name), 'utf8')]),
		);
		const text = readFileSync(readme, 'utf8');
		if (update) writeFileSync(readme, withCaptureBlocks(text, goldens));
		const blocks = captureBlocks(update ? readFileSync(readme, 'utf8') : text);
		expect(
			blocks.map(block => block.name),
			'README capture blocks (<!-- capture: NAME -->) must list every capture once, in order',
		).toEqual([...captures]);
		for (const {name, text: copy} of blocks)
			expect(copy, `the README's copy of ${name} differs from docs/screens/${name}.txt: ${rerun}`).toBe(goldens.get(name));
		const files = readdirSync(directory).filter(file => file.endsWith('.txt'));
		expect(files.sort(), 'docs/screens holds a golden no test makes').toEqual(captures.map(name => `${name}.txt`).sort());
	});
});
