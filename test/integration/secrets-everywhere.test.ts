/**
 * Secret values never leave driftwatch, whatever it is asked. Known values are put in Git (two
 * revisions, `data` and `stringData`), in the live Secret (a value kubectl applied, which stays in
 * the last-applied annotation, then a different one patched in, then another during a watch).
 * Every command is run (status, diff, sync --dry-run, sync, compare, health, watch --no-ui with a
 * notification webhook, revert, rollback, set-image --dry-run, keep of the Secret), as text and as
 * JSON, and the UI is driven in tmux (the app screen, the diff and its full mode, `y` and `K` on the
 * Secret, the timeline, the history, the sync dialog). Everything printed and written is collected: stdout, stderr, JSON,
 * JSON lines, the audit log, the notification bodies, every screen. None of the values may appear
 * in it, plain or in any encoding the code could produce (base64 with and without padding, at any
 * alignment inside a larger base64 text, base64url, base64 of base64, hex).
 */
import {execFile} from 'node:child_process';
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {randomBytes} from 'node:crypto';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, waitFor} from './support/cluster.js';
import {createLabRepo, type LabRepo} from './support/git-repo.js';
import {startHeadless} from './support/headless.js';
import {cliPath, runCli} from './support/run-cli.js';

const execFileAsync = promisify(execFile);
const token = () => randomBytes(9).toString('hex');
/** The values, each distinctive. */
const values = {
	gitFirst: `GitFirstPassword${token()}`,
	gitSecond: `GitSecondPassword${token()}`,
	gitToken: `GitStringDataToken${token()}`,
	lastApplied: `KubectlAppliedPassword${token()}`,
	live: `LivePatchedPassword${token()}`,
	duringWatch: `DuringWatchPassword${token()}`,
};

/** Every way a value could be written out. */
function encodings(value: string): string[] {
	const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
	const forms = [
		value,
		base64(value),
		base64(value).replace(/=+$/, ''),
		Buffer.from(value).toString('base64url'),
		base64(base64(value)),
		Buffer.from(value).toString('hex'),
		Buffer.from(value).toString('hex').toUpperCase(),
	];
	// Inside a larger base64 text the value's bytes are encoded at one of three alignments: the part
	// of each encoding that depends on the value alone.
	for (const offset of [1, 2]) forms.push(base64('\0'.repeat(offset) + value).slice(4, -4));
	return forms;
}

const collected: Array<{where: string; text: string}> = [];
const collect = (where: string, text: string) => collected.push({where, text});

let namespace = '';
let lab: LabRepo;
let dir = '';
let receiver: http.Server;
let hookUrl = '';
let firstSha = '';
let secondSha = '';
const bodies: string[] = [];
const socket = `driftwatch-secrets-${process.pid}`;

const appFlags = () => ['--repo', lab.bare, '--path', 'app', '--namespace', namespace, '--name', 'vault', '--kubeconfig', kubeconfig()];
const env = () => ({DRIFTWATCH_CACHE: path.join(dir, 'cache')});
const auditFile = () => path.join(dir, 'audit.jsonl');

/** Runs a command, collects everything it printed, and returns it. */
async function run(name: string, args: string[]) {
	const result = await runCli(args, env());
	collect(`${name} stdout`, result.stdout);
	collect(`${name} stderr`, result.stderr);
	return result;
}

const secretYaml = (password: string) =>
	[
		'apiVersion: v1',
		'kind: Secret',
		'metadata:',
		'  name: db-credentials',
		'type: Opaque',
		'data:',
		`  password: ${Buffer.from(password).toString('base64')}`,
		'stringData:',
		`  token: ${values.gitToken}`,
		'',
	].join('\n');

beforeAll(async () => {
	namespace = await createNamespace('secrets');
	dir = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-secrets-'));
	const fixture = path.join(dir, 'fixture');
	mkdirSync(fixture);
	writeFileSync(path.join(fixture, 'secret.yaml'), secretYaml(values.gitFirst));
	writeFileSync(
		path.join(fixture, 'deployment.yaml'),
		readFileSync(path.resolve('fixtures/cli-app/app/deployment.yaml'), 'utf8').replace('name: api\n', 'name: vault\n'),
	);
	lab = await createLabRepo({fixtureDir: fixture});
	firstSha = await lab.remoteHead();
	await lab.write('app/secret.yaml', secretYaml(values.gitSecond));
	secondSha = await lab.commitAndPush('rotate the database password');

	// Live: applied by kubectl with one value (kept in last-applied), then patched to another.
	await kubectl(['apply', '-n', namespace, '-f', '-'], {
		input: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials\nstringData:\n  password: ${values.lastApplied}\n  token: ${values.lastApplied}\n`,
	});
	await patchLivePassword();

	receiver = http.createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			bodies.push(Buffer.concat(chunks).toString('utf8'));
			response.end('ok');
		});
	});
	await new Promise<void>(resolve => receiver.listen(0, '127.0.0.1', resolve));
	hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/T0/B0/x`;
}, 180_000);

afterAll(async () => {
	await execFileAsync('tmux', ['-L', socket, 'kill-server']).catch(() => undefined);
	receiver?.closeAllConnections();
	await new Promise(resolve => receiver?.close(resolve));
	await deleteNamespace(namespace);
	await lab?.dispose();
	rmSync(dir, {recursive: true, force: true});
});

/** Sets the live Secret's password to `values.live`, neither Git's value nor last-applied's. */
async function patchLivePassword(): Promise<void> {
	const patch = JSON.stringify({data: {password: Buffer.from(values.live).toString('base64')}});
	await kubectl(['patch', 'secret', 'db-credentials', '-n', namespace, '-p', patch]);
}
describe('Secret values, everywhere driftwatch writes', () => {
	it('never appear in what the one-shot commands print, as text or JSON', async () => {
		for (const output of ['text', 'json']) {
			const status = await run(`status -o ${output}`, ['status', ...appFlags(), '--output', output]);
			expect(status.code, status.stderr).toBe(0);
			const diff = await run(`diff -o ${output}`, ['diff', ...appFlags(), '--output', output]);
			expect(diff.code, diff.stderr).toBe(1);
			const dryRun = await run(`sync --dry-run -o ${output}`, [
				'sync',
				'--dry-run',
				...appFlags(),
				'--audit-log',
				auditFile(),
				'--output',
				output,
			]);
			expect(dryRun.code, dryRun.stderr).toBe(0);
		}
		// The drift is there, masked: the diff says the password changed without saying it.
		const json = collected.find(entry => entry.where === 'diff -o json stdout')?.text ?? '';
		expect(json).toContain('db-credentials');
		expect(json).toContain('++++++++');

		// Offline: the live Secret as kubectl prints it (with its last-applied annotation) against Git's.
		const live = await kubectl(['get', 'secret', 'db-credentials', '-n', namespace, '-o', 'yaml']);
		writeFileSync(path.join(dir, 'live.yaml'), live);
		// The control: the detector below finds the values where kubectl prints them (data, last-applied).
		expect(encodings(values.live).some(form => live.includes(form))).toBe(true);
		expect(encodings(values.lastApplied).some(form => live.includes(form))).toBe(true);
		writeFileSync(
			path.join(dir, 'desired.yaml'),
			secretYaml(values.gitSecond).replace('name: db-credentials', `name: db-credentials\n  namespace: ${namespace}`),
		);
		for (const output of ['text', 'json']) {
			const compare = await run(`compare -o ${output}`, [
				'compare',
				'--desired',
				path.join(dir, 'desired.yaml'),
				'--live',
				path.join(dir, 'live.yaml'),
				'--output',
				output,
			]);
			expect(compare.code, compare.stderr).toBe(1);
			const health = await run(`health -o ${output}`, [
				'health',
				path.join(dir, 'live.yaml'),
				path.join(dir, 'desired.yaml'),
				'--output',
				output,
			]);
			expect(health.code, health.stderr).toBe(0);
		}
		const sync = await run('sync -o json', ['sync', ...appFlags(), '--audit-log', auditFile(), '--output', 'json']);
		expect(sync.code, sync.stdout + sync.stderr).toBe(0);
	}, 600_000);

	it('never appear in the JSON-lines stream, the audit log or the notification bodies of a watch', async () => {
		const watcher = startHeadless([...appFlags(), '--self-heal', '--notify-webhook', hookUrl, '--audit-log', auditFile()], env());
		try {
			await watcher.find(line => line.type === 'status' && line.syncStatus === 'Synced', 'Synced', {timeoutMs: 90_000});
			const since = watcher.lines.length;
			await kubectl([
				'patch',
				'secret',
				'db-credentials',
				'-n',
				namespace,
				'-p',
				JSON.stringify({data: {password: Buffer.from(values.duringWatch).toString('base64')}}),
			]);
			await watcher.find(line => line.type === 'healed', 'the heal of the Secret', {since, timeoutMs: 90_000});
			const notified = () => Promise.resolve(bodies.length >= 2 && bodies.some(body => body.includes('Healed')));
			await waitFor('the notifications', notified, 60_000);
		} finally {
			await watcher.stop();
			collect('watch jsonl', watcher.lines.map(line => JSON.stringify(line)).join('\n'));
			collect('watch stray stdout', watcher.stray.join('\n'));
			collect('watch stderr', watcher.stderr());
		}
		expect(bodies.some(body => body.includes('db-credentials'))).toBe(true);
	}, 300_000);

	it('never appear in revert, rollback and set-image outputs', async () => {
		const revert = await run('revert -o json', ['revert', secondSha, ...appFlags(), '--audit-log', auditFile(), '--output', 'json']);
		expect(revert.code, revert.stdout + revert.stderr).toBe(0);
		const rollback = await run('rollback -o json', ['rollback', secondSha, ...appFlags(), '--audit-log', auditFile(), '--output', 'json']);
		expect(rollback.code, rollback.stdout + rollback.stderr).toBe(0);
		const rollbackText = await run('rollback', ['rollback', firstSha, ...appFlags(), '--audit-log', auditFile()]);
		expect(rollbackText.code, rollbackText.stdout + rollbackText.stderr).toBe(0);
		const setImage = await run('set-image --dry-run', ['set-image', 'api=nginx:1.28', '--dry-run', ...appFlags()]);
		expect(setImage.code, setImage.stdout + setImage.stderr).toBe(0);
		const setImageJson = await run('set-image --dry-run -o json', [
			'set-image',
			'api=nginx:1.28',
			'--dry-run',
			'--output',
			'json',
			...appFlags(),
		]);
		expect(setImageJson.code, setImageJson.stdout + setImageJson.stderr).toBe(0);
	}, 600_000);

	it('never appear on any screen of the UI', async () => {
		// A live value that is neither Git's nor last-applied, so the screens have a drift to show.
		await patchLivePassword();
		// keep refuses a Secret (its values never go to Git); the refusal leaks nothing either.
		for (const output of ['text', 'json']) {
			const keep = await run(`keep Secret -o ${output}`, ['keep', 'Secret/db-credentials', '--dry-run', '--output', output, ...appFlags()]);
			expect(keep.code, keep.stdout + keep.stderr).toBe(1);
			expect(keep.stdout + keep.stderr).toContain('is a Secret: driftwatch does not write secret values to Git');
		}
		const tmux = async (...args: string[]) => (await execFileAsync('tmux', ['-L', socket, ...args])).stdout;
		const screen = async () => tmux('capture-pane', '-p', '-t', 'ui');
		const press = async (...keys: string[]) => {
			for (const key of keys) {
				await tmux('send-keys', '-t', 'ui', key);
				await new Promise(resolve => setTimeout(resolve, key === 'Escape' ? 700 : 200));
			}
		};
		const shown = async (what: string, predicate: (text: string) => boolean) => {
			const text = await waitFor(
				what,
				async () => {
					const current = await screen();
					return predicate(current) ? current : undefined;
				},
				60_000,
				250,
			).catch(async (error: Error) => {
				throw new Error(`${error.message}\n--- screen:\n${await screen().catch(() => '')}`);
			});
			collect(`screen: ${what}`, text);
			return text;
		};
		const command = [
			'env',
			`PATH=${path.dirname(process.execPath)}:${process.env['PATH'] ?? ''}`,
			`DRIFTWATCH_CACHE=${path.join(dir, 'cache')}`,
			'TERM=xterm-256color',
			process.execPath,
			cliPath,
			...appFlags(),
			'--audit-log',
			auditFile(),
			'--notify-webhook',
			hookUrl,
		]
			.map(part => `'${part.replace(/'/g, `'\\''`)}'`)
			.join(' ');
		await tmux('new-session', '-d', '-s', 'ui', '-x', '160', '-y', '50', command);
		await shown('the app screen, OutOfSync', text => text.includes('↻ OutOfSync') && text.includes('Secret db-credentials'));
		// The cursor onto the Secret.
		for (let step = 0; step < 10 && !/▸\s+Secret db-credentials/.test(await screen()); step++) await press('Down');
		await shown('the Secret selected', text => /▸\s+Secret db-credentials/.test(text));
		await press('d');
		await shown('the diff of the Secret', text => text.includes('password') && text.includes('++++'));
		await press('f');
		await shown('the full diff of the Secret', text => text.includes('password') && text.includes('token'));
		await press('Escape');
		await shown('back on the app screen', text => /▸\s+Secret db-credentials/.test(text));
		// K says why a Secret cannot be kept, in place: the cursor stays on the Secret.
		await press('K');
		await shown('keep of the Secret, refused', text => text.includes('is a Secret') && /▸\s+Secret db-credentials/.test(text));
		await press('y');
		await shown('the live YAML of the Secret', text => text.includes('kind: Secret') && text.includes('password'));
		await press('Escape', 't');
		await shown('the timeline', text => /timeline/i.test(text));
		await press('Escape', 'h');
		await shown('the history', text => /history/i.test(text));
		await press('Tab');
		await shown('the history, other pane', text => /history/i.test(text));
		await press('Escape', 's');
		await shown('the sync dialog', text => /y\/enter/.test(text));
		await press('n', 'Escape');
		await shown('the apps screen', text => text.includes('vault'));
		await press('q');
	}, 300_000);

	it('appear nowhere at all: outputs, JSON lines, audit log, notifications, screens', () => {
		collect('audit log', readFileSync(auditFile(), 'utf8'));
		for (const [index, body] of bodies.entries()) collect(`notification ${index}`, body);
		expect(collected.length).toBeGreaterThan(30);
		const leaks: string[] = [];
		for (const [name, value] of Object.entries(values)) {
			for (const form of encodings(value)) {
				for (const {where, text} of collected) {
					if (text.includes(form)) leaks.push(`${name} (as ${JSON.stringify(form)}) in ${where}`);
				}
			}
		}
		expect(leaks).toEqual([]);
	});
});
