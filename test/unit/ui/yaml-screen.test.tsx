import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {driftedAppWithSecret, fixtureSnapshot, secretValues, webCredentials} from '../../../fixtures/ui/apps.js';
import {renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

/** Every form in which a value could leak: clear, base64, and base64 of the JSON of stringData. */
const leaks = Object.values(secretValues).flatMap(value => [value, btoa(value)]);

async function openSecretYaml(live: unknown) {
	const app = renderApp({initialApp: 'web', snapshot: fixtureSnapshot([driftedAppWithSecret()]), columns: 240, rows: 40});
	app.actions.liveObjects.set('/Secret/web/web-credentials', live);
	await app.waitForText('RESOURCES 10');
	await app.press('j');
	await app.waitForFrame(frame => /▸ +Secret web-credentials/.test(frame));
	await app.press('y');
	return {
		app,
		frame: await app.waitForFrame(frame => frame.includes('Live YAML Secret/web/web-credentials') && frame.includes('type: Opaque')),
	};
}

describe('live YAML screen (y)', () => {
	it('masks a Secret: its data and the last-applied annotation', async () => {
		const {app, frame} = await openSecretYaml(webCredentials());
		// Every frame ever written, not only the last: a value must not flash by either.
		for (const written of app.instance.frames) for (const leak of leaks) expect(written).not.toContain(leak);
		expect(frame).toMatch(/password: \+{8}\n/);
		expect(frame).toMatch(/token: \+{8}\n/);
		// The annotation stays (it exists), masked by the same rule: the values are unchanged since the apply.
		expect(frame).toContain('kubectl.kubernetes.io/last-applied-configuration: |');
		expect(frame).toContain('"data":{"password":"++++++++","token":"++++++++"}');
	});

	it('masks a Secret read without kind and apiVersion, as list items come', async () => {
		const {kind: _kind, apiVersion: _apiVersion, ...bare} = webCredentials();
		const {app, frame} = await openSecretYaml({...bare, type: 'Opaque'});
		for (const written of app.instance.frames) for (const leak of leaks) expect(written).not.toContain(leak);
		expect(frame).toMatch(/password: \+{8}\n/);
	});

	it('prints the object like kubectl get -o yaml: keys sorted, list items not indented', async () => {
		const app = renderApp({initialApp: 'web', rows: 40});
		app.actions.liveObjects.set('apps/Deployment/web/web', {
			kind: 'Deployment',
			apiVersion: 'apps/v1',
			metadata: {namespace: 'web', name: 'web'},
			spec: {template: {spec: {containers: [{name: 'web', image: 'web:1'}]}}, replicas: 5},
		});
		await app.waitForText('RESOURCES 9');
		await app.press('j');
		await app.press('j');
		await app.waitForFrame(frame => /▸ +Deployment web/.test(frame));
		await app.press('y');
		const frame = await app.waitForText('replicas: 5');
		const body = frame.split('\n').slice(frame.split('\n').findIndex(line => line.startsWith('Live YAML')) + 1);
		expect(body.slice(0, 12)).toEqual([
			'apiVersion: apps/v1',
			'kind: Deployment',
			'metadata:',
			'  name: web',
			'  namespace: web',
			'spec:',
			'  replicas: 5',
			'  template:',
			'    spec:',
			'      containers:',
			'      - image: web:1',
			'        name: web',
		]);
	});
});
