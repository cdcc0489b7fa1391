/**
 * Text from outside cannot drive the terminal: every frame the UI writes while showing hostile
 * strings (condition messages, commit subjects and authors, timeline messages, errors, pod log
 * lines) is free of the sequences they carry. Checked on the raw frames, before any stripping.
 */
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {fixtureSnapshot, hostile, hostileApp, webCommits} from '../../../fixtures/ui/apps.js';
import {FakeActions} from './support/fixture-store.js';
import {type Rendered, renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

/** What must never reach the terminal from data: OSC strings, screen and cursor control, conceal, black, C1, CR, BEL. */
/* eslint-disable no-control-regex -- these patterns name the control characters that must not appear */
const forbidden: Array<[string, RegExp]> = [
	['an OSC string (title, hyperlink)', /\u001B\]/],
	['clear screen / cursor home', /\u001B\[(?:2J|H)/],
	['conceal', /\u001B\[8m/],
	['black foreground or background', /\u001B\[(?:30|40)[;m]/],
	['a C1 control', /[\u0080-\u009F]/],
	['a carriage return', /\r/],
	['a bell', /\u0007/],
];
/* eslint-enable no-control-regex */

function expectClean(app: Rendered): void {
	for (const frame of app.instance.frames)
		for (const [name, pattern] of forbidden) expect(pattern.test(frame), `a frame contains ${name}:\n${JSON.stringify(frame)}`).toBe(false);
}

function open(initialApp: string) {
	const actions = new FakeActions();
	actions.commitList = webCommits().map(commit => ({
		...commit,
		subject: `${commit.subject} ${hostile.link}`,
		author: `Mallory${hostile.title}`,
	}));
	return renderApp({initialApp, actions, snapshot: fixtureSnapshot([hostileApp()]), columns: 160, rows: 30});
}

describe('hostile text from outside', () => {
	it('is neutralised on the apps and app screens (messages, subjects, states, errors)', async () => {
		const app = renderApp({snapshot: fixtureSnapshot([hostileApp()]), columns: 160, rows: 30});
		await app.waitForText('APPS 1/1');
		await app.waitForText('✖ api: helm:');
		await app.press('\r');
		const frame = await app.waitForText('RESOURCES 5');
		expectClean(app);
		// The words stay readable; the controls are gone or shown as visible characters.
		expect(frame).toContain('exceeded deadline click me');
		expect(frame).toContain('→ run helm all good␍ALL BAD');
	});

	it('is neutralised on the timeline and in the history', async () => {
		const app = open('api');
		await app.waitForText('RESOURCES 5');
		await app.press('t');
		await app.waitForText('boom');
		await app.press('h');
		await app.waitForText('Mallory');
		expectClean(app);
	});

	it('is neutralised in pod logs', async () => {
		const app = open('api');
		await app.waitForText('RESOURCES 5');
		await app.press('l');
		await app.waitForText('Logs api/');
		const stream = app.actions.logStreams[0];
		for (const line of Object.values(hostile)) stream?.emit(`log ${line}`);
		stream?.emit('\u001B[32mINFO\u001B[0m colored logs read as plain text');
		await app.waitForText('colored logs read as plain text');
		stream?.fail(`stream ended ${hostile.title}${hostile.clear}`);
		const frame = await app.waitForText('The log stream stopped: stream ended');
		expectClean(app);
		expect(frame).toContain('INFO colored logs read as plain text');
		expect(frame).toContain('log all good␍ALL BAD');
	});
});
