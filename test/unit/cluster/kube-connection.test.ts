/**
 * What connect() says before any request when the kubeconfig cannot work: none at all (with the
 * lab hint, instead of client-node's silent fallback to http://localhost:8080), a missing file, a
 * plain-http server.
 */
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {connect} from '../../../source/cluster/kube-connection.js';
import {DriftwatchError} from '../../../source/core/errors.js';

let scratch: string;
let saved: {HOME?: string; KUBECONFIG?: string};

beforeEach(() => {
	scratch = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-kube-connection-'));
	saved = {HOME: process.env['HOME'], KUBECONFIG: process.env['KUBECONFIG']};
	process.env['HOME'] = scratch;
	delete process.env['KUBECONFIG'];
});
afterEach(() => {
	for (const [name, value] of Object.entries(saved)) {
		if (value === undefined) delete process.env[name];
		else process.env[name] = value;
	}
	rmSync(scratch, {recursive: true, force: true});
});

function thrown(action: () => unknown): DriftwatchError {
	try {
		action();
	} catch (error) {
		expect(error).toBeInstanceOf(DriftwatchError);
		return error as DriftwatchError;
	}
	throw new Error('expected connect() to throw');
}

const kubeconfig = (server: string, extra = '') =>
	[
		'apiVersion: v1',
		'kind: Config',
		'current-context: lab',
		`clusters: [{name: local, cluster: {server: "${server}"${extra}}}]`,
		'users: [{name: me, user: {token: t}}]',
		'contexts: [{name: lab, context: {cluster: local, user: me}}]',
	].join('\n');

describe('connect', () => {
	it('no kubeconfig at all: says so, with the lab and KUBECONFIG as the ways out', () => {
		const error = thrown(() => connect());
		expect(error.code).toBe('cluster-unreachable');
		expect(error.message).toBe('no kubeconfig found (KUBECONFIG is not set and ~/.kube/config does not exist)');
		expect(error.hint).toBe('`driftwatch lab` (`npm start` in the driftwatch project) runs a local lab cluster, or set KUBECONFIG');
	});

	it('KUBECONFIG naming only missing files is no kubeconfig; some missing is a configuration error', () => {
		const missing = path.join(scratch, 'nope');
		process.env['KUBECONFIG'] = missing;
		expect(thrown(() => connect()).message).toBe(`no kubeconfig found: KUBECONFIG names ${missing}, which does not exist`);
		const real = path.join(scratch, 'config');
		writeFileSync(real, kubeconfig('https://127.0.0.1:6443'));
		process.env['KUBECONFIG'] = [real, missing].join(path.delimiter);
		expect(thrown(() => connect())).toMatchObject({code: 'config-invalid', message: `KUBECONFIG names ${missing}, which does not exist`});
	});

	it('--kubeconfig naming a missing file', () => {
		const missing = path.join(scratch, 'missing.yaml');
		expect(thrown(() => connect({kubeconfig: missing}))).toMatchObject({
			code: 'config-invalid',
			message: `kubeconfig ${missing} does not exist`,
		});
	});

	it('~/.kube/config is found as kubectl finds it', () => {
		const dir = path.join(scratch, '.kube');
		rmSync(dir, {recursive: true, force: true});
		mkdirSync(dir);
		writeFileSync(path.join(dir, 'config'), kubeconfig('https://127.0.0.1:6443'));
		expect(connect()).toMatchObject({context: 'lab', server: 'https://127.0.0.1:6443', user: 'me', namespace: 'default'});
	});

	it('a plain-http server without insecure-skip-tls-verify: named, before any request', () => {
		const file = path.join(scratch, 'http.yaml');
		writeFileSync(file, kubeconfig('http://localhost:8080'));
		expect(thrown(() => connect({kubeconfig: file}))).toMatchObject({
			code: 'config-invalid',
			message: 'cluster "local" of context "lab" is served over plain http (http://localhost:8080)',
		});
		writeFileSync(file, kubeconfig('http://localhost:8080', ', insecure-skip-tls-verify: true'));
		expect(connect({kubeconfig: file}).server).toBe('http://localhost:8080');
	});
});
