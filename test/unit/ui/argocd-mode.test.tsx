/**
 * The screens in Argo CD mode, over the real ArgoCdEngine on fakes: the header says the mode and
 * where the facts come from, a sync asked with `s` shows as Argo CD's operation, and a user without
 * patch rights sees why the keys do nothing.
 */
import {cleanup, render} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {DriftwatchApp} from '../../../source/ui/app.js';
import {setupAttached, stopAttached} from '../engine/support/attached-setup.js';
import {writeStatus} from '../engine/support/fake-argocd.js';
import {plain} from './support/render-app.js';

afterEach(() => {
	cleanup();
	stopAttached();
});

async function show(options: Parameters<typeof setupAttached>[0] = {}) {
	const setup = await setupAttached(options);
	const instance = render(
		<DriftwatchApp store={setup.engine} actions={setup.engine} initialApp="shop" clock={() => Date.parse('2025-03-01T10:00:10Z')} />,
	);
	const frame = () => plain(instance.lastFrame());
	const waitForText = async (text: string, timeoutMs = 4000) => {
		const deadline = Date.now() + timeoutMs;
		const words = (value: string) => value.replace(/\s+/g, ' ');
		while (!words(frame()).includes(words(text))) {
			if (Date.now() > deadline) throw new Error(`"${text}" not shown within ${timeoutMs} ms; last frame:\n${frame()}`);
			await new Promise(resolve => setTimeout(resolve, 10));
		}
		return frame();
	};
	const press = async (key: string) => {
		while (instance.stdin.listenerCount('readable') === 0) await new Promise(resolve => setImmediate(resolve));
		instance.stdin.write(key);
	};
	return {...setup, frame, waitForText, press};
}

describe('UI in Argo CD mode', () => {
	it('says the mode and the source of each fact in the header', async () => {
		const ui = await show();
		const frame = await ui.waitForText('Argo CD mode, namespace argocd');
		expect(frame).toContain('Argo CD compared 10s ago · health, diff: driftwatch');
		expect(frame).toContain('shop  ⎇ shop deploy @ main (0000001)');
		expect(frame).toContain('shop');
		expect(frame).toContain('Synced');
	});

	it("shows a sync asked with s as Argo CD's operation, from request to progress", async () => {
		const ui = await show();
		writeStatus(ui.live, 'shop', ui.status('OutOfSync'));
		await ui.waitForText('OutOfSync');
		await ui.press('s');
		await ui.waitForText('Argo CD runs the sync');
		await ui.press('y');
		await ui.waitForText('sync Running: waiting for Argo CD to start');
		const operation = ui.writer.patches[0]?.patch['operation'];
		writeStatus(
			ui.live,
			'shop',
			ui.status('OutOfSync', {
				operationState: {
					operation,
					phase: 'Running',
					message: 'waiting for healthy state of apps/Deployment/web',
					startedAt: '2025-03-01T10:00:05Z',
				},
			}),
		);
		await ui.clock.advance(0);
		await ui.waitForText('sync Running: waiting for healthy state of');
	});

	it('a user without patch rights sees why s does nothing', async () => {
		const ui = await show({forbid: true});
		await ui.waitForText('Argo CD mode');
		await ui.press('s');
		await ui.waitForText('cannot patch Applications in argocd');
		expect(ui.writer.patches).toEqual([]);
	});
});
