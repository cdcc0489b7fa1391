import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {keys, renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

function row(frame: string, name: string): string {
	return (
		frame
			.split('\n')
			.find(line => line.includes(` ${name} `) && (line.includes('Synced') || line.includes('Unknown') || line.includes('OutOfSync'))) ?? ''
	);
}

describe('apps screen', () => {
	it('shows one row per app with badges, revision, counts and last event age', async () => {
		const app = renderApp();
		const frame = await app.waitForText('APPS 4/4');
		expect(row(frame, 'guestbook')).toMatch(/▸ guestbook\s+✔ Synced\s+♥ Healthy\s+3f9a1c2\s+0\s+0\s+0\s+60m/);
		expect(row(frame, 'web')).toMatch(/web\s+↻ OutOfSync\s+♥ Healthy\s+a1b2c3d\s+1\s+0\s+0\s+12s/);
		expect(row(frame, 'api')).toMatch(/api\s+✔ Synced\s+✖ Degraded/);
		expect(row(frame, 'billing !')).toMatch(/billing !\s+\? Unknown\s+\? Unknown/);
	});

	it('shows an app error in place with what to do', async () => {
		const app = renderApp();
		const frame = await app.waitForText('APPS 4/4');
		expect(frame).toContain('✖ billing: Cluster unreachable: dial tcp 10.0.0.1:6443: connect: connection refused.');
		expect(frame).toContain('→ Check that the cluster of context "prod" is up and reachable');
	});

	it('shows the context, the source of the app under the cursor and the poll state in the header', async () => {
		const app = renderApp();
		let frame = await app.waitForText('APPS 4/4');
		expect(frame).toContain('ctx kind-demo');
		expect(frame).toContain('watches ●●●●●● 6 live');
		expect(frame).toContain('guestbook  ⎇ github.com/acme/gitops apps/guestbook @ main (3f9a1c2)');
		expect(frame).toContain('○ auto-sync off  ○ self-heal off  ○ prune off  fetched 12s ago · next in 18s');
		await app.press('j');
		frame = await app.waitForText('apps/web @ main (a1b2c3d)');
		expect(frame).toContain('● auto-sync on  ○ self-heal off  ○ prune off  fetched 12s ago · next in 18s');
	});

	it('filters rows as you type and clears the filter with esc', async () => {
		const app = renderApp();
		await app.waitForText('APPS 4/4');
		await app.press('/');
		await app.waitForText('/▏');
		await app.type('deg');
		let frame = await app.waitForText('APPS 1/4 /deg');
		expect(frame).toContain(' api ');
		expect(frame).not.toMatch(/ guestbook\s+✔/);
		await app.press(keys.enter);
		await app.waitForFrame(current => !current.includes('▏'));
		await app.press(keys.escape);
		frame = await app.waitForText('APPS 4/4');
		expect(frame).toContain('guestbook');
	});

	it('limits apps to a context with :ctx and lists all again with :ctx alone', async () => {
		const app = renderApp();
		await app.waitForText('APPS 4/4');
		await app.press(':');
		await app.type('ctx prod');
		await app.press(keys.enter);
		let frame = await app.waitForText('APPS 1/4');
		expect(frame).toContain('[:ctx prod]');
		expect(frame).toContain('billing');
		await app.press(':');
		await app.type('ctx');
		await app.press(keys.enter);
		frame = await app.waitForText('APPS 4/4');
		expect(frame).toContain('Showing apps of every context.');
	});

	it('drills into an app with enter and comes back with esc, cursor kept', async () => {
		const app = renderApp();
		await app.waitForText('APPS 4/4');
		await app.press(keys.down);
		await app.waitForText('apps/web @ main');
		await app.press(keys.enter);
		await app.waitForText('RESOURCES 9');
		await app.press(keys.escape);
		const frame = await app.waitForText('APPS 4/4');
		expect(frame).toMatch(/▸ web /);
	});

	it('opens an app with :app NAME and refuses unknown names', async () => {
		const app = renderApp();
		await app.waitForText('APPS 4/4');
		await app.press(':');
		await app.type('app nope');
		await app.press(keys.enter);
		await app.waitForText('No app named "nope". Apps: guestbook, web, api, billing.');
		await app.press(':');
		await app.type('app api');
		await app.press(keys.enter);
		await app.waitForText('RESOURCES');
		expect(app.frame()).toContain('CrashLoopBackOff');
	});

	it('says so for an unknown command', async () => {
		const app = renderApp();
		await app.waitForText('APPS 4/4');
		await app.press(':');
		await app.type('frob');
		await app.press(keys.enter);
		await app.waitForText('Unknown command ":frob". Try :apps, :app NAME, :ctx NAME or :q');
	});

	it('refreshes the app under the cursor... or all apps from the list', async () => {
		const app = renderApp();
		await app.waitForText('APPS 4/4');
		await app.press('r');
		await app.waitForText('Refreshing');
		expect(app.actions.callsOf('refresh')).toEqual([[undefined]]);
	});
});
