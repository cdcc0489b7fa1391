import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureSnapshot} from '../../../fixtures/ui/apps.js';
import {bindings, keysLabel} from '../../../source/ui/keymap.js';
import {keys, renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

describe('help screen', () => {
	it('lists every binding, generated from the keymap, across its pages', async () => {
		const app = renderApp();
		await app.waitForText('APPS 4/4');
		await app.press('?');
		let frame = await app.waitForText('Help for guestbook');
		const seen = new Set<string>();
		const collect = (current: string) => {
			for (const binding of bindings) if (current.includes(binding.description)) seen.add(binding.command);
		};
		collect(frame);
		const atEnd = (current: string) =>
			/(\d+)-(\d+)\/(\d+)/
				.exec(current)
				?.slice(2, 4)
				.every((value, _index, both) => value === both[0]) ?? false;
		while (!atEnd(frame)) {
			await app.press(keys.pageDown);
			const previous = frame;
			frame = await app.waitForFrame(current => current !== previous);
			collect(frame);
		}
		expect([...seen].sort()).toEqual(bindings.map(binding => binding.command).sort());
		expect(frame).toContain(':ctx NAME');
	});

	it('shows keys with their labels', async () => {
		const app = renderApp();
		await app.waitForText('APPS 4/4');
		await app.press('?');
		const frame = await app.waitForText('Navigation');
		const down = bindings.find(binding => binding.command === 'down');
		expect(frame).toMatch(new RegExp(`${keysLabel(down!).replace('/', '\\/')}\\s+Down\\s+Move the cursor or scroll down one line`));
	});

	it('says why actions are unavailable in read-only mode', async () => {
		const app = renderApp({snapshot: fixtureSnapshot(undefined, {readOnly: true})});
		await app.waitForText('[read-only]');
		await app.press('?');
		let frame = await app.waitForText('Help');
		// The Actions section: page down until its reasons show.
		while (!frame.includes('✖ unavailable: driftwatch runs in read-only mode') && !frame.includes('Commands (after :)')) {
			await app.press(keys.pageDown);
			const previous = frame;
			frame = await app.waitForFrame(current => current !== previous);
		}
		expect(frame).toContain('✖ unavailable: driftwatch runs in read-only mode');
	});

	it('closes with ? or esc, back to the screen it was opened from', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('?');
		await app.waitForText('Help for web');
		await app.press('?');
		await app.waitForText('RESOURCES 9');
		await app.press('?');
		await app.waitForText('Help for web');
		await app.press(keys.escape);
		await app.waitForText('RESOURCES 9');
	});
});
