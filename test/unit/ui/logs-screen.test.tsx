import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, it} from 'vitest';
import {keys, renderApp} from './support/render-app.js';

afterEach(() => {
	cleanup();
});

async function openLogs() {
	const app = renderApp({initialApp: 'api'});
	await app.waitForText('RESOURCES 5');
	await app.press('l');
	await app.waitForText('Logs api/api-5c7b9d-x2k4q');
	const stream = app.actions.logStreams[0];
	if (!stream) throw new Error('no log stream');
	return {app, stream};
}

describe('logs screen', () => {
	it('follows the log lines of the pod', async () => {
		const {app, stream} = await openLogs();
		expect(app.frame()).toContain('container api (c: 1 of 2)  following');
		for (let index = 0; index < 100; index++) stream.emit(`line ${index}`);
		const frame = await app.waitForText('line 99');
		expect(frame).toContain('82-100/100');
		expect(frame).not.toContain('line 80');
	});

	it('stops following when scrolled up, and follows again with G', async () => {
		const {app, stream} = await openLogs();
		for (let index = 0; index < 50; index++) stream.emit(`line ${index}`);
		await app.waitForText('line 49');
		await app.press('k');
		await app.waitForText('paused (G: follow)');
		stream.emit('line 50');
		let frame = await app.waitForText('/51');
		expect(frame).not.toContain('line 50');
		await app.press('G');
		frame = await app.waitForText('following');
		expect(frame).toContain('line 50');
	});

	it('switches container with c and stops the previous stream', async () => {
		const {app, stream} = await openLogs();
		await app.press('c');
		await app.waitForText('container log-shipper (c: 2 of 2)');
		expect(stream.stopped).toBe(true);
		expect(app.actions.callsOf('followLogs').at(-1)).toEqual([{namespace: 'api', name: 'api-5c7b9d-x2k4q', app: 'api'}, 'log-shipper']);
	});

	it("switches to the previous run's log with p, and back", async () => {
		const {app, stream} = await openLogs();
		await app.press('p');
		await app.waitForText('previous run (p: current)');
		expect(stream.stopped).toBe(true);
		expect(app.actions.callsOf('followLogs').at(-1)).toEqual([
			{namespace: 'api', name: 'api-5c7b9d-x2k4q', app: 'api'},
			'api',
			{previous: true},
		]);
		await app.press('p');
		await app.waitForText('following');
		expect(app.actions.callsOf('followLogs').at(-1)).toEqual([{namespace: 'api', name: 'api-5c7b9d-x2k4q', app: 'api'}, 'api']);
	});

	it('says in place when the stream fails', async () => {
		const {app, stream} = await openLogs();
		stream.fail('container "api" in pod "api-5c7b9d-x2k4q" is waiting to start: CrashLoopBackOff');
		await app.waitForText('✖ The log stream stopped: container "api" in pod "api-5c7b9d-x2k4q" is waiting to start');
	});

	it('stops the stream when leaving', async () => {
		const {app, stream} = await openLogs();
		await app.press(keys.escape);
		await app.waitForText('RESOURCES 5');
		expect(stream.stopped).toBe(true);
	});
});
