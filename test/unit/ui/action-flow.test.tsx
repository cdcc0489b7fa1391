import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import type {AppView} from '../../../source/engine/engine-state.js';
import {degradedApp, driftedApp, erroredApp, fixtureSnapshot, syncedApp} from '../../../fixtures/ui/apps.js';
import {FakeActions} from './support/fixture-store.js';
import {keys, renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

function forbidden(app: AppView, verb: 'sync' | 'prune', reason: string): AppView {
	return {...app, permissions: {...app.permissions, [verb]: {allowed: false, reason}}};
}

describe('mutating actions', () => {
	it('syncs the app after showing the exact plan, then shows the result', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('s');
		let frame = await app.waitForText('Sync web?');
		expect(frame).toContain('Apply (1):');
		expect(frame).toContain('Deployment/web/web');
		expect(frame).toContain('Delete: nothing');
		expect(frame).toContain('y/enter: go ahead   n/esc: cancel, nothing changes');
		expect(app.actions.callsOf('planSync')).toEqual([['web', undefined]]);
		expect(app.actions.callsOf('sync')).toEqual([]);
		await app.press('y');
		frame = await app.waitForText('✔ Done. applied as planned');
		expect(frame).toContain('Applied (1):');
		expect(app.actions.callsOf('sync')).toEqual([['web', undefined]]);
		await app.press(keys.space);
		frame = await app.waitForText('✔ Sync web: applied 1, deleted 0 (applied as planned)');
		expect(frame).not.toContain('Press any key to close');
	});

	it('syncs only the objects picked with space', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('j');
		await app.waitForFrame(frame => /▸ +Service web/.test(frame));
		await app.press(keys.space);
		await app.waitForText('1 picked (s syncs them)');
		await app.press('j');
		await app.waitForFrame(frame => /▸ +Deployment web/.test(frame));
		await app.press(keys.space);
		await app.waitForText('2 picked (s syncs them)');
		await app.press('s');
		await app.waitForText('Sync 2 selected objects of web?');
		expect(app.actions.callsOf('planSync')).toEqual([['web', {resources: ['/Service/web/web', 'apps/Deployment/web/web']}]]);
	});

	it('cancels a plan without changing anything', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('s');
		await app.waitForText('Sync web?');
		await app.press(keys.escape);
		await app.waitForText('Sync web: cancelled, nothing changed.');
		expect(app.actions.callsOf('sync')).toEqual([]);
		// esc closed the dialog only; the screen is still the app.
		expect(app.frame()).toContain('RESOURCES 9');
	});

	it('shows a failed sync in plain words', async () => {
		const actions = new FakeActions();
		actions.result = {
			ok: false,
			message: 'dry run rejected the set',
			applied: [],
			deleted: [],
			errors: ['Deployment/web/web: spec.replicas: Invalid value: -1'],
		};
		const app = renderApp({initialApp: 'web', actions});
		await app.waitForText('RESOURCES 9');
		await app.press('s');
		await app.waitForText('Sync web?');
		await app.press(keys.enter);
		const frame = await app.waitForText('✖ Failed: dry run rejected the set');
		expect(frame).toContain('✖ Deployment/web/web: spec.replicas: Invalid value: -1');
		await app.press('q');
		await app.waitForText('✖ Sync web failed: dry run rejected the set');
	});

	it('explains a plan the engine blocks', async () => {
		const actions = new FakeActions();
		actions.planOverrides = {blockedReason: 'pruning would delete every resource and allowEmpty is off'};
		const app = renderApp({initialApp: 'web', actions});
		await app.waitForText('RESOURCES 9');
		await app.press('s');
		await app.waitForText('Sync web: not possible, pruning would delete every resource and allowEmpty is off.');
	});

	it('says why planning failed', async () => {
		const actions = new FakeActions();
		actions.planSync = () => Promise.reject(new Error('render failed: kustomize build exited 1'));
		const app = renderApp({initialApp: 'web', actions});
		await app.waitForText('RESOURCES 9');
		await app.press('s');
		await app.waitForText('Sync web: planning failed, render failed: kustomize build exited 1.');
	});

	it('keeps the keys but says they are unavailable in read-only mode', async () => {
		const app = renderApp({snapshot: fixtureSnapshot(undefined, {readOnly: true}), initialApp: 'web'});
		const frame = await app.waitForText('RESOURCES 9');
		expect(frame).toContain('[read-only]');
		expect(frame).toMatch(/s sync/);
		await app.press('s');
		await app.waitForText('Sync web: unavailable, driftwatch runs in read-only mode: it watches but never changes the cluster or Git.');
		await app.press('H');
		await app.waitForText('Turn self-heal on for web: unavailable, driftwatch runs in read-only mode');
		expect(app.actions.calls.filter(call => call.method !== 'liveObject')).toEqual([]);
	});

	it('says which permission is missing', async () => {
		const web = forbidden(
			forbidden(driftedApp(), 'sync', 'user "viewer" cannot patch deployments.apps in namespace "web"'),
			'prune',
			'user "viewer" cannot delete configmaps in namespace "web"',
		);
		const app = renderApp({snapshot: fixtureSnapshot([syncedApp(), web]), initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('s');
		await app.waitForText('Sync web: unavailable, user "viewer" cannot patch deployments.apps in namespace "web".');
		await app.press('P');
		await app.waitForText('Turn prune on for web: unavailable, user "viewer" cannot delete configmaps in namespace "web".');
		expect(app.actions.callsOf('planSync')).toEqual([]);
	});

	it('toggles self-heal, auto-sync and prune after confirmation', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('H');
		const frame = await app.waitForText('Turn self-heal on for web?');
		expect(frame).toContain('Live changes that drift from Git will be reverted automatically.');
		await app.press('y');
		await app.waitForText('✔ Turn self-heal on for web.');
		await app.press('A');
		await app.waitForText('Turn auto-sync off for web?');
		await app.press('y');
		await app.waitForText('✔ Turn auto-sync off for web.');
		await app.press('P');
		await app.waitForText('Turn prune on for web?');
		await app.press('n');
		await app.waitForText('cancelled, nothing changed');
		expect(app.actions.callsOf('setPolicy')).toEqual([
			['web', {selfHeal: true}],
			['web', {autoSync: false}],
		]);
	});

	it('acts on the app under the cursor on the apps screen', async () => {
		const app = renderApp({snapshot: fixtureSnapshot([syncedApp(), degradedApp(), erroredApp()])});
		await app.waitForText('APPS 3/3');
		await app.press('j');
		await app.waitForText('apps/api @ main');
		await app.press('s');
		await app.waitForText('Sync api?');
		expect(app.actions.callsOf('planSync')).toEqual([['api', undefined]]);
	});
});
