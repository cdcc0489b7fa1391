/**
 * driftwatch's own kubeconfig reader and credentials (source/cluster/kubeconfig.ts,
 * credentials.ts, exec-credential.ts) against the run's real API server, for the kinds the lab's
 * kubeconfig does not use: an exec plugin handing out a client certificate, one handing out a
 * token (refetched once when the API server refuses it), a token file, KUBECONFIG naming two
 * files; and the watch stream (watch-stream.ts) on those credentials.
 */
import {chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse, stringify} from 'yaml';
import {connect} from '../../source/cluster/kube-connection.js';
import {KubeRest} from '../../source/cluster/kube-rest.js';
import {openWatchStream} from '../../source/cluster/watch-stream.js';
import {DriftwatchError} from '../../source/core/errors.js';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, waitFor} from './support/cluster.js';

type Kubeconfig = {
	clusters: Array<{name: string; cluster: Record<string, unknown>}>;
	users: Array<{name: string; user: Record<string, unknown>}>;
	contexts: Array<{name: string; context: Record<string, unknown>}>;
	'current-context': string;
};

let scratch: string;
let namespace: string;
let lab: Kubeconfig;

beforeAll(async () => {
	scratch = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-credentials-'));
	namespace = await createNamespace('credentials');
	lab = parse(readFileSync(kubeconfig(), 'utf8')) as Kubeconfig;
});
afterAll(async () => {
	rmSync(scratch, {recursive: true, force: true});
	await deleteNamespace(namespace);
});

const userOf = (name: string) => lab.users.find(user => user.name === name)?.user ?? {};

/** The lab's kubeconfig with its admin context's user replaced by `user`, written to `name`. */
function withUser(name: string, user: Record<string, unknown>): string {
	const config: Kubeconfig = structuredClone(lab);
	config.users = [{name: 'custom', user}];
	config.contexts = config.contexts.map(context => ({...context, context: {...context.context, user: 'custom'}}));
	const file = path.join(scratch, `${name}.kubeconfig`);
	writeFileSync(file, stringify(config));
	return file;
}

/** A node script as an exec plugin that prints `status` as an ExecCredential (and counts its runs in `counter`). */
function plugin(name: string, body: string): string {
	const file = path.join(scratch, name);
	writeFileSync(file, `#!${process.execPath}\n${body}\n`);
	chmodSync(file, 0o755);
	return file;
}

const credential = (status: Record<string, string>) =>
	`process.stdout.write(JSON.stringify({apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', status: ${JSON.stringify(status)}}));`;

describe('credentials against the API server', () => {
	it('an exec plugin handing out the admin client certificate', async () => {
		const admin = userOf('driftwatch-admin');
		const decode = (field: string) => Buffer.from(String(admin[field]), 'base64').toString('utf8');
		const command = plugin(
			'cert-plugin',
			credential({clientCertificateData: decode('client-certificate-data'), clientKeyData: decode('client-key-data')}),
		);
		const rest = new KubeRest(
			connect({
				kubeconfig: withUser('cert', {exec: {apiVersion: 'client.authentication.k8s.io/v1', command}}),
				context: 'driftwatch-admin',
			}),
		);
		const list = await rest.request<{items: unknown[]}>('GET', `/api/v1/namespaces/${namespace}/configmaps`);
		expect(Array.isArray(list.items)).toBe(true);
	});

	it('an exec token refused once (401) is fetched again, and the request succeeds', async () => {
		const counter = path.join(scratch, 'runs');
		writeFileSync(counter, '0');
		const token = String(userOf('restricted')['token']);
		const command = plugin(
			'token-plugin',
			[
				`const fs = require('node:fs');`,
				`const runs = Number(fs.readFileSync(${JSON.stringify(counter)}, 'utf8')) + 1;`,
				`fs.writeFileSync(${JSON.stringify(counter)}, String(runs));`,
				`const token = runs === 1 ? 'stale-token' : ${JSON.stringify(token)};`,
				credential({token: '__TOKEN__'}).replace('"__TOKEN__"', 'token'),
			].join('\n'),
		);
		const rest = new KubeRest(
			connect({
				kubeconfig: withUser('token', {exec: {apiVersion: 'client.authentication.k8s.io/v1', command}}),
				context: 'driftwatch-admin',
			}),
		);
		const list = await rest.request<{items: unknown[]}>('GET', `/api/v1/namespaces/${namespace}/configmaps`);
		expect(Array.isArray(list.items)).toBe(true);
		expect(readFileSync(counter, 'utf8')).toBe('2');
		// The read-only user may read but not write: the refusal is classified, not retried forever.
		const refused = await rest
			.request('POST', `/api/v1/namespaces/${namespace}/configmaps`, {body: {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'no'}}})
			.catch((error: unknown) => error);
		expect(refused).toBeInstanceOf(DriftwatchError);
		expect((refused as DriftwatchError).code).toBe('forbidden');
	});

	it('a token file, and KUBECONFIG naming two files (the first one wins)', async () => {
		const tokenFile = path.join(scratch, 'token');
		writeFileSync(tokenFile, `${String(userOf('restricted')['token'])}\n`);
		const first = withUser('token-file', {tokenFile});
		const second = path.join(scratch, 'second.kubeconfig');
		writeFileSync(second, stringify({...lab, users: [{name: 'custom', user: {token: 'not-a-token'}}], 'current-context': 'nowhere'}));
		const saved = process.env['KUBECONFIG'];
		process.env['KUBECONFIG'] = [first, second].join(path.delimiter);
		try {
			const connection = connect();
			expect(connection.context).toBe('driftwatch-admin');
			const list = await new KubeRest(connection).request<{items: unknown[]}>('GET', `/api/v1/namespaces/${namespace}/configmaps`);
			expect(Array.isArray(list.items)).toBe(true);
		} finally {
			if (saved === undefined) delete process.env['KUBECONFIG'];
			else process.env['KUBECONFIG'] = saved;
		}
	});

	it('the watch stream on exec credentials: events in order, a clean abort', async () => {
		const token = String(userOf('restricted')['token']);
		const command = plugin('watch-plugin', credential({token}));
		const rest = new KubeRest(
			connect({
				kubeconfig: withUser('watch', {exec: {apiVersion: 'client.authentication.k8s.io/v1', command}}),
				context: 'driftwatch-admin',
			}),
		);
		const list = await rest.request<{metadata: {resourceVersion: string}}>('GET', `/api/v1/namespaces/${namespace}/configmaps`);
		const seen: string[] = [];
		let ended: unknown = 'not yet';
		const stream = await openWatchStream(
			rest,
			`/api/v1/namespaces/${namespace}/configmaps`,
			{resourceVersion: list.metadata.resourceVersion},
			(type, object) => seen.push(`${type}:${(object as {metadata: {name: string}}).metadata.name}`),
			error => (ended = error),
		);
		await kubectl(['create', 'configmap', 'watched', '-n', namespace, '--from-literal=a=1']);
		await kubectl(['delete', 'configmap', 'watched', '-n', namespace]);
		await waitFor('the delete event', async () => seen.includes('DELETED:watched'));
		expect(seen).toEqual(['ADDED:watched', 'DELETED:watched']);
		stream.abort();
		expect((ended as Error).name).toBe('AbortError');
	});

	it('a watch the server refuses ends with the classified error and its status code', async () => {
		const rest = new KubeRest(connect({kubeconfig: kubeconfig(), context: 'driftwatch-restricted'}));
		const ended = await new Promise<unknown>(resolve => {
			void openWatchStream(rest, '/api/v1/namespaces/kube-system/secrets', {}, () => {}, resolve);
		});
		expect(ended).toBeInstanceOf(DriftwatchError);
		expect((ended as DriftwatchError).code).toBe('forbidden');
		expect((ended as {statusCode?: number}).statusCode).toBe(403);
	});
});
