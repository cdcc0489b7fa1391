import {afterEach, describe, expect, it} from 'vitest';
import type {AppView} from '../../../source/engine/engine-state.js';
import {runUi} from '../../../source/ui/run-ui.js';
import {fixtureSnapshot} from '../../../fixtures/ui/apps.js';
import {FakeActions, FixtureStore} from './support/fixture-store.js';
import {FakeTtyIn, FakeTtyOut} from './support/tty-streams.js';

const enterAlternateScreen = '\u001B[?1049h';
const exitAlternateScreen = '\u001B[?1049l';

async function until(condition: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 4000;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(resolve => setImmediate(resolve));
	}
}

function start(store = new FixtureStore(fixtureSnapshot())) {
	const stdout = new FakeTtyOut();
	const stdin = new FakeTtyIn();
	const running = runUi(store, new FakeActions(), {
		stdin: stdin as unknown as NodeJS.ReadStream,
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: new FakeTtyOut() as unknown as NodeJS.WriteStream,
	});
	return {stdout, stdin, running, store};
}

/** What is on the terminal after the last clear, as text. */
function screenText(stdout: FakeTtyOut | string): string {
	const written = typeof stdout === 'string' ? stdout : stdout.written;
	// eslint-disable-next-line no-control-regex
	return written.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '');
}

describe('runUi', () => {
	afterEach(() => {
		process.exitCode = undefined;
	});

	it.each([
		['q', 'q'],
		['ctrl-c', '\u0003'],
	])('renders in the alternate screen and restores the terminal on %s', async (_name, key) => {
		const {stdout, stdin, running} = start();
		await until(() => screenText(stdout).includes('APPS 4/4'), 'the apps screen');
		expect(stdout.written.startsWith(enterAlternateScreen)).toBe(true);
		await until(() => stdin.listenerCount('readable') > 0, 'input');
		stdin.write(key);
		await running;
		expect(stdout.written.lastIndexOf(exitAlternateScreen)).toBeGreaterThan(stdout.written.indexOf(enterAlternateScreen));
	});

	it('takes a lone ESC for the Esc key: the help closes', async () => {
		const {stdout, stdin, running} = start();
		await until(() => screenText(stdout).includes('APPS 4/4'), 'the apps screen');
		await until(() => stdin.listenerCount('readable') > 0, 'input');
		stdin.write('?');
		await until(() => screenText(stdout).includes('? or esc closes'), 'the help');
		const before = stdout.written.length;
		stdin.write('\u001B');
		await until(() => screenText(stdout.written.slice(before)).includes('APPS 4/4'), 'the apps screen again');
		stdin.write('q');
		await running;
	});

	it('restores the terminal and resolves on SIGINT', async () => {
		const {stdout, running} = start();
		await until(() => screenText(stdout).includes('APPS 4/4'), 'the apps screen');
		process.emit('SIGINT', 'SIGINT');
		await running;
		expect(stdout.written).toContain(exitAlternateScreen);
		expect(process.listeners('SIGINT').length).toBeLessThan(5);
	});

	it('restores the terminal and rejects when the UI crashes', async () => {
		const {stdout, store, running} = start();
		await until(() => screenText(stdout).includes('APPS 4/4'), 'the apps screen');
		// A snapshot that breaks the contract makes a component throw while rendering.
		store.push(previous => ({...previous, apps: [{name: 'broken'} as unknown as AppView]}));
		await expect(running).rejects.toThrow(TypeError);
		expect(stdout.written.lastIndexOf(exitAlternateScreen)).toBeGreaterThan(stdout.written.indexOf(enterAlternateScreen));
	});

	it('redraws at the new size when the terminal is resized', async () => {
		const {stdout, stdin, running} = start();
		await until(() => screenText(stdout).includes('APPS 4/4'), 'the apps screen');
		stdout.columns = 120;
		stdout.rows = 40;
		const before = stdout.written.length;
		stdout.emit('resize');
		await until(() => stdout.written.length > before && /EXTRA LAST/.test(stdout.written.slice(before)), 'a redraw');
		stdin.write('q');
		await running;
	});
});
