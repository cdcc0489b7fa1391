/**
 * The Git-writing keys: K (keep the live change) on the app and diff screens, I (set image) on a
 * workload, E (promote the app's environment), `:set-image` and `:promote`. Each shows the exact file diff before anything is written,
 * scrolls a long one inside 80x24, and is unavailable with a reason in read-only mode.
 */
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {driftedApp, fixtureSnapshot, syncedApp, webDeploymentLive} from '../../../fixtures/ui/apps.js';
import {FakeActions, keepEditView, promoteEditView} from './support/fixture-store.js';
import {keys, renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

const webKey = {group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web'};

async function onWebDeployment(options: Parameters<typeof renderApp>[0] = {}) {
	const app = renderApp({initialApp: 'web', ...options});
	await app.waitForText('RESOURCES 9');
	await app.press('j');
	await app.press('j');
	await app.waitForFrame(frame => /▸ +Deployment web/.test(frame));
	return app;
}

describe('K: keep the live change', () => {
	it('shows the commit and the exact file diff, and keeps on y', async () => {
		const app = await onWebDeployment();
		await app.press('K');
		const frame = await app.waitForText('Keep the live change of Deployment/web/web in Git?');
		expect(frame).toContain('Commit to main of https://github.com/acme/gitops.git, pushed:');
		expect(frame).toContain('Keep live spec.replicas of Deployment/web (changed live by kubectl)');
		expect(frame).toContain('Deployment/web/web spec.replicas: 3 → 5  in apps/web/deployment.yaml (in place)');
		expect(frame).toContain('-  replicas: 3 # raised for the spring sale');
		expect(frame).toContain('+  replicas: 5 # raised for the spring sale');
		expect(frame).toContain('y/enter: go ahead');
		expect(app.actions.callsOf('planKeep')).toEqual([['web', webKey]]);
		expect(app.actions.callsOf('keep')).toEqual([]);
		await app.press('y');
		await app.waitForText('✔ Done.');
		expect(app.actions.callsOf('keep')).toEqual([['web', webKey]]);
	});

	it('cancelling writes nothing and lets self-heal act again', async () => {
		const app = await onWebDeployment();
		await app.press('K');
		await app.waitForText('Keep the live change of Deployment/web/web in Git?');
		await app.press('n');
		await app.waitForText('cancelled, nothing changed');
		expect(app.actions.callsOf('keep')).toEqual([]);
		expect(app.actions.callsOf('releaseKeep')).toEqual([['web', webKey]]);
	});

	it('works from the diff screen; on an object in sync it says what K is for', async () => {
		const app = await onWebDeployment();
		await app.press('d');
		await app.waitForText('Diff Deployment/web/web');
		await app.press('K');
		await app.waitForText('Keep the live change of Deployment/web/web in Git?');
		await app.press(keys.escape);
		await app.waitForText('cancelled, nothing changed');
		await app.press(keys.escape);
		await app.waitForText('RESOURCES 9');
		await app.press('g');
		await app.waitForFrame(frame => !/▸ +Deployment web/.test(frame));
		await app.press('K');
		await app.waitForText('K keeps a live change: put the cursor on a drifted object (~ modified) first.');
	});

	it('a refused plan says why and holds nothing', async () => {
		const actions = new FakeActions();
		actions.planOverrides = {blockedReason: 'no chart value maps to spec.template.spec.containers[1].image of Deployment/web'};
		const app = await onWebDeployment({actions});
		await app.press('K');
		await app.waitForText('not possible, no chart value maps to spec.template.spec.containers[1].image of Deployment/web.');
		expect(actions.callsOf('releaseKeep')).toEqual([['web', webKey]]);
	});

	it('is unavailable with a reason in read-only mode, and when the app follows a commit', async () => {
		const readOnly = await onWebDeployment({snapshot: fixtureSnapshot(undefined, {readOnly: true})});
		await readOnly.press('K');
		await readOnly.waitForText('unavailable, driftwatch runs in read-only mode');
		expect(readOnly.actions.callsOf('planKeep')).toEqual([]);
		cleanup();

		const pinned = driftedApp();
		pinned.source = {...pinned.source, targetRevision: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678'};
		const app = await onWebDeployment({snapshot: fixtureSnapshot([pinned])});
		await app.press('K');
		await app.waitForText('unavailable, the app follows commit a1b2c3d, not a branch: driftwatch commits only to a branch.');
	});

	it('a long diff scrolls inside the dialog at 80x24, the keys to answer stay on screen', async () => {
		const actions = new FakeActions();
		const long = Array.from({length: 40}, (_, index) => `+  line-${index + 1}: added`);
		actions.editView = {
			...keepEditView,
			files: [
				{
					path: 'apps/web/big.yaml',
					created: false,
					diff: ['--- a/apps/web/big.yaml', '+++ b/apps/web/big.yaml', '@@ -1,0 +1,40 @@', ...long].join('\n'),
				},
			],
		};
		const app = await onWebDeployment({actions, columns: 80, rows: 24});
		await app.press('K');
		let frame = await app.waitForText('y/enter: go ahead');
		expect(frame.split('\n')).toHaveLength(24);
		expect(frame).toMatch(/── lines 1-\d+ of 48 · j\/k\/PgDn\/PgUp scroll ──/);
		expect(frame).not.toContain('line-40: added');
		while (!frame.includes('line-40: added')) {
			await app.press(keys.pageDown);
			const previous = frame;
			frame = await app.waitForFrame(current => current !== previous);
		}
		expect(frame).toContain('y/enter: go ahead');
		expect(frame.split('\n')).toHaveLength(24);
		expect(frame).toContain('── lines 37-48 of 48');
		await app.press('k');
		frame = await app.waitForText('── lines 36-47 of 48');
		expect(frame).toContain('y/enter: go ahead');
	});
});

describe('I and :set-image, :promote', () => {
	it('I on a workload opens the prompt filled from the live object; enter plans it for that workload', async () => {
		const actions = new FakeActions();
		actions.liveObjects.set('apps/Deployment/web/web', webDeploymentLive());
		const app = await onWebDeployment({actions});
		await app.press('I');
		await app.waitForText(':set-image Deployment/web web=ghcr.io/acme/web:');
		await app.type('1.4.3');
		await app.press(keys.enter);
		await app.waitForText('Set image web=ghcr.io/acme/web:1.4.3 in Deployment/web?');
		expect(actions.callsOf('planSetImage')).toEqual([['web', ['web=ghcr.io/acme/web:1.4.3'], ['Deployment/web']]]);
		await app.press('y');
		await app.waitForText('✔ Done.');
		expect(actions.callsOf('setImage')).toEqual([['web', ['web=ghcr.io/acme/web:1.4.3'], ['Deployment/web']]]);
	});

	it('I on something that is not a workload says so', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('I');
		await app.waitForText('I sets the image of a workload Git manages');
	});

	it(':promote FROM TO plans the promotion', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press(':');
		await app.type('promote staging prod');
		await app.press(keys.enter);
		await app.waitForText('Promote staging to prod?');
		expect(app.actions.callsOf('planPromote')).toEqual([['web', 'staging', 'prod']]);
	});
});

describe('E: promote the app environment', () => {
	/** The web app as environment `env` of web-ENV, among `others`. */
	function environments(env: string, ...others: string[]) {
		const named = (name: string) => ({...driftedApp(), name});
		return fixtureSnapshot([named(`web-${env}`), ...others.map(named), syncedApp()]);
	}

	it('with exactly two environments, plans this one to the other and shows the diff; y commits it', async () => {
		const actions = new FakeActions();
		actions.editView = promoteEditView;
		const app = renderApp({initialApp: 'web-staging', snapshot: environments('staging', 'web-prod'), actions});
		await app.waitForText('RESOURCES 9');
		await app.press('E');
		const frame = await app.waitForText('Promote staging to prod?');
		expect(frame).toContain('-    newTag: "1.4.2" # promoted from staging');
		expect(frame).toContain('+    newTag: "1.4.3" # promoted from staging');
		expect(frame).toContain('y/enter: go ahead');
		expect(actions.callsOf('planPromote')).toEqual([['web-staging', 'staging', 'prod']]);
		expect(actions.callsOf('promote')).toEqual([]);
		await app.press('y');
		await app.waitForText('✔ Done.');
		expect(actions.callsOf('promote')).toEqual([['web-staging', 'staging', 'prod']]);
	});

	it('from prod it still proposes staging to prod (the usual path); unknown names go from this app to the other', async () => {
		const app = renderApp({initialApp: 'web-prod', snapshot: environments('prod', 'web-staging')});
		await app.waitForText('RESOURCES 9');
		await app.press('E');
		await app.waitForText('Promote staging to prod?');
		expect(app.actions.callsOf('planPromote')).toEqual([['web-prod', 'staging', 'prod']]);
		const unknown = renderApp({initialApp: 'web-blue', snapshot: environments('blue', 'web-green')});
		await unknown.waitForText('RESOURCES 9');
		await unknown.press('E');
		await unknown.waitForText('Promote blue to green?');
		expect(unknown.actions.callsOf('planPromote')).toEqual([['web-blue', 'blue', 'green']]);
	});

	it('with three environments, or none among the apps, opens the :promote prompt for the user to name them', async () => {
		const three = renderApp({initialApp: 'web-dev', snapshot: environments('dev', 'web-staging', 'web-prod')});
		await three.waitForText('RESOURCES 9');
		await three.press('E');
		await three.waitForText(':promote ');
		await three.type('dev prod');
		await three.press(keys.enter);
		await three.waitForText('Promote dev to prod?');
		expect(three.actions.callsOf('planPromote')).toEqual([['web-dev', 'dev', 'prod']]);
		cleanup();

		// One app whose environments are overlays under its path: the view cannot list them.
		const single = renderApp({initialApp: 'web'});
		await single.waitForText('RESOURCES 9');
		await single.press('E');
		await single.waitForFrame(frame => frame.includes(':promote '));
		expect(single.actions.callsOf('planPromote')).toEqual([]);
	});

	it('an environment name that several apps end in is not proposed', async () => {
		// web-prod and api-prod both end in -prod: "prod" would not name one app, so E asks.
		const app = renderApp({initialApp: 'web-staging', snapshot: environments('staging', 'web-prod', 'api-prod')});
		await app.waitForText('RESOURCES 9');
		await app.press('E');
		await app.waitForFrame(frame => frame.includes(':promote '));
		expect(app.actions.callsOf('planPromote')).toEqual([]);
	});

	it('is unavailable with the reason in read-only mode', async () => {
		const snapshot = {...environments('staging', 'web-prod'), readOnly: true};
		const app = renderApp({initialApp: 'web-staging', snapshot});
		await app.waitForText('RESOURCES 9');
		await app.press('E');
		await app.waitForText('unavailable, driftwatch runs in read-only mode');
		expect(app.actions.callsOf('planPromote')).toEqual([]);
	});
});
