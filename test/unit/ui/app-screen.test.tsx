import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {keys, renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

function line(frame: string, text: string): string {
	return frame.split('\n').find(candidate => candidate.includes(text)) ?? '';
}

describe('app screen', () => {
	it('shows the owner tree with per-object drift, sync, health and pod states', async () => {
		const app = renderApp({initialApp: 'web', rows: 30});
		const frame = await app.waitForText('RESOURCES 9');
		expect(frame).toContain('web  ↻ OutOfSync  ♥ Healthy  ~1 modified -0 missing +0 extra  a1b2c3d web: scale to 3 replicas');
		expect(line(frame, 'Deployment web')).toMatch(/Deployment web\s+~ modified\s+↻ OutOfSync\s+♥ Healthy/);
		expect(line(frame, 'Service web')).toMatch(/Service web\s+✔ Synced\s+♥ Healthy/);
		expect(frame).toContain('└─ ReplicaSet web-7d9f8c6b5');
		expect(line(frame, 'Pod web-7d9f8c6b5-x2k4q')).toMatch(/└─ Pod web-7d9f8c6b5-x2k4q\s+♥ Healthy\s+Running/);
		expect(frame).toMatch(/├─ Pod web-7d9f8c6b5-b9c3d\s+◐ Progressing\s+ContainerCreating/);
		expect(frame).toMatch(/Pod web-7d9f8c6b5-h6j1k\s+◐ Progressing\s+Pending/);
	});

	it('shows CrashLoopBackOff and Terminating pods and explains the object under the cursor', async () => {
		const app = renderApp({initialApp: 'api'});
		const frame = await app.waitForText('RESOURCES 5');
		expect(line(frame, 'Deployment api')).toMatch(/✖ Degraded/);
		expect(frame).toMatch(/Pod api-5c7b9d-x2k4q\s+✖ Degraded\s+CrashLoopBackOff/);
		expect(frame).toMatch(/Pod api-5c7b9d-p5t7w\s+◐ Progressing\s+Terminating/);
		await app.waitForText('Degraded: Deployment "api" exceeded its progress deadline · l: logs');
	});

	it('opens the diff of the drifted object with enter, and its live YAML with y', async () => {
		const app = renderApp({initialApp: 'web'});
		app.actions.liveObjects.set('apps/Deployment/web/web', {
			apiVersion: 'apps/v1',
			kind: 'Deployment',
			metadata: {name: 'web', namespace: 'web'},
			spec: {replicas: 5},
		});
		await app.waitForText('RESOURCES 9');
		await app.press('j');
		await app.press('j');
		await app.waitForFrame(frame => /▸ +Deployment web/.test(frame));
		await app.press(keys.enter);
		await app.waitForText('Diff Deployment/web/web');
		await app.press(keys.escape);
		await app.waitForText('RESOURCES 9');
		await app.press('y');
		const frame = await app.waitForText('replicas: 5');
		expect(frame).toContain('Live YAML Deployment/web/web');
		expect(frame).toContain('kind: Deployment');
		expect(app.actions.callsOf('liveObject')).toEqual([['web', {group: 'apps', kind: 'Deployment', namespace: 'web', name: 'web'}]]);
	});

	it('treats keys that arrive together ("jj", a held key) as separate presses', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('jj');
		await app.waitForFrame(frame => /▸ +Deployment web/.test(frame));
	});

	it('says when a live object does not exist', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('y');
		await app.waitForText('The object does not exist in the cluster');
	});

	it('filters the tree by kind or status', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('/');
		await app.type('service');
		const frame = await app.waitForText('RESOURCES 1 /service');
		expect(frame).toContain('Service web');
		expect(frame).not.toContain('ConfigMap web-config');
	});

	it('opens the logs of the crashing pod from the Degraded Deployment', async () => {
		const app = renderApp({initialApp: 'api'});
		await app.waitForText('RESOURCES 5');
		await app.press('l');
		await app.waitForText('Logs api/api-5c7b9d-x2k4q');
		expect(app.actions.callsOf('followLogs')).toEqual([[{namespace: 'api', name: 'api-5c7b9d-x2k4q', app: 'api'}, 'api']]);
	});

	it('says where logs come from when the object has no pods', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('l');
		await app.waitForText('Logs come from pods');
	});

	it('goes to the timeline with t and the history with h, and back', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('t');
		await app.waitForText('Timeline of web');
		await app.press(keys.escape);
		await app.waitForText('RESOURCES 9');
		await app.press('h');
		await app.waitForText('Git commits of apps/web');
	});

	it('says when the app is gone from the engine', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		app.store.push(previous => ({...previous, apps: previous.apps.filter(candidate => candidate.name !== 'web')}));
		await app.waitForText('The app "web" is not in the engine\'s state (any more)');
	});
});
