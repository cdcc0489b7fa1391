/**
 * The header's problem lines as rendered: a notification that could not be delivered says so,
 * with what to do, and a webhook URL with credentials in the reason shows masked.
 */
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureSnapshot, syncedApp} from '../../../fixtures/ui/apps.js';
import {renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

describe('the header', () => {
	it("shows the notification failure with what to do, the webhook URL's credentials masked", async () => {
		const app = {...syncedApp(), notifyError: 'POST https://user:tok3n@hooks.example/x answered 500'};
		const rendered = renderApp({snapshot: fixtureSnapshot([app]), columns: 140, rows: 24});
		// At 140 columns the problem takes one row (the first frame may still have the default width).
		const frame = await rendered.waitForFrame(current =>
			current.split('\n').some(line => line.includes('Notification not delivered') && line.includes('--notify-webhook')),
		);
		const lines = frame.split('\n');
		const problem = lines.findIndex(line => line.includes('Notification not delivered'));
		// Right below the three rows of the header: context, source, modes.
		expect(problem).toBe(3);
		expect(lines[problem]?.trimEnd()).toBe(
			'✖ Notification not delivered: POST https://***@hooks.example/x answered 500. Drift watching goes on; check --notify-webhook.',
		);
		expect(frame).not.toContain('tok3n');
	});

	it('shows no notification line when notifications are delivered', async () => {
		const rendered = renderApp({snapshot: fixtureSnapshot([syncedApp()]), columns: 140, rows: 24});
		const frame = await rendered.waitForText('guestbook');
		expect(frame).not.toContain('Notification not delivered');
		expect(frame).not.toContain('✖');
	});
});
