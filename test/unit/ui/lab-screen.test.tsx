/**
 * The lab panel: only in `driftwatch lab` (no key, hint, help line or :lab elsewhere); the
 * exercises in order with the second terminal's paths; x makes the selected exercise's step
 * through the lab's ports (here fakes) and the row ticks when a later engine snapshot shows the
 * expected outcome; a refused step shows why.
 */
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {exercises} from '../../../source/lab/exercises/exercises.js';
import {event, view} from '../lab/support/views.js';
import {labFixture} from './support/lab-fixture.js';
import {keys, renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

function openLab() {
	const fixture = labFixture();
	const app = renderApp({store: fixture.store, lab: fixture.lab, initialApp: 'counter', columns: 100, rows: 40});
	return {...fixture, app};
}

describe('the lab panel', () => {
	it('is not there with a real cluster: L does nothing, help and :lab do not offer it', async () => {
		const app = renderApp({initialApp: 'web'});
		await app.waitForText('RESOURCES 9');
		await app.press('L');
		await app.press('?');
		const help = await app.waitForText('Help for web');
		expect(help).not.toMatch(/\bLab\b/);
		expect(help).not.toContain(':lab');
		await app.press(keys.escape);
		await app.waitForText('RESOURCES 9');
		expect(app.frame()).not.toContain('LAB');
		expect(app.frame()).not.toMatch(/\bL lab\b/);
		await app.press(':');
		await app.type('lab');
		await app.press(keys.enter);
		await app.waitForText('The lab panel is part of `driftwatch lab`');
	});

	it('opens with L: every exercise in order, and where a second terminal finds the cluster and the clone', async () => {
		const {app} = openLab();
		await app.waitForText('counter');
		await app.press('L');
		const frame = await app.waitForText('LAB');
		let at = -1;
		for (const [index, exercise] of exercises.entries()) {
			const position = frame.indexOf(`${index + 1}  ${exercise.title}`);
			expect(position, exercise.title).toBeGreaterThan(at);
			at = position;
		}
		expect(frame).toContain('0/9 done');
		expect(frame).toContain('export KUBECONFIG=/dev/shm/driftwatch-cluster-7f3a/kubeconfig');
		expect(frame).toContain('cd /dev/shm/driftwatch-cluster-7f3a/git/work');
		expect(frame).toContain('kubectl -n counter delete pod <a web pod>');
		expect(frame).toMatch(/x do the step/);
		await app.press('L');
		await app.waitForFrame(current => !current.includes('LAB') && current.includes('RESOURCES'));
	});

	it('x makes the step as lab-user, waits, and ticks when the engine shows the outcome', async () => {
		const {app, cluster, publish} = openLab();
		await app.press(':');
		await app.type('lab');
		await app.press(keys.enter);
		await app.waitForText('0/9 done');
		await app.press('j');
		await app.waitForText('kubectl -n counter scale deployment web --replicas=5');
		await app.press('x');
		await app.waitForText('watching for the outcome');
		expect(cluster.calls).toEqual(['scale counter/web 5']);
		expect(app.frame()).toContain('did: scaled deployment web to 5 replicas');
		publish(view({timeline: [event('healed', '2026-01-01T00:00:10.500Z', 'Deployment/counter/web')]}));
		const ticked = await app.waitForText('1/9 done');
		expect(ticked).toMatch(/✔ 2 {2}Scale the Deployment by hand/);
		expect(ticked).toContain('done: driftwatch observed every expected outcome');
	});

	it('shows the refusal of a step that could not be made, and x tries again', async () => {
		const {app, cluster} = openLab();
		await app.press('L');
		await app.waitForText('0/9 done');
		cluster.pods = [];
		await app.press('x');
		await app.waitForText('no web pod to delete in counter');
		expect(app.frame()).toMatch(/✖ 1 {2}Delete a pod/);
		cluster.pods = [{name: 'web-5d8f-bbbbb', deleting: false}];
		await app.press('x');
		await app.waitForText('did: deleted pod web-5d8f-bbbbb');
		expect(app.frame()).toMatch(/◔ 1 {2}Delete a pod/);
	});

	it('lists L, x and :lab in help', async () => {
		const {app} = openLab();
		await app.press('L');
		await app.waitForText('0/9 done');
		await app.press('?');
		const help = await app.waitForText('Help for counter');
		expect(help).toMatch(/L\s+Lab\s+The lab's exercises/);
		expect(help).toMatch(/x\s+Do the step\s+Make the selected exercise's next step for you, as lab-user/);
		await app.press('G');
		await app.waitForText(':lab');
	});
});
