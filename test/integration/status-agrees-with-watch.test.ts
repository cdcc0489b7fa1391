/**
 * `driftwatch status --output json` and the headless watch's first `status` line, on the same
 * cluster state, say the same thing: one engine decides both. Run as the admin (dry runs
 * accepted) and as the read-only user (dry runs refused, Secrets and RBAC kinds not listable),
 * with drift on one object.
 */
import {execFileSync, spawn} from 'node:child_process';
import {cpSync, mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {createInterface} from 'node:readline';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, waitFor} from './support/cluster.js';
import {cliPath, runCli} from './support/run-cli.js';

let repo = '';
let cache = '';
let namespace = '';
const appFlags = () => ['--repo', repo, '--path', 'app', '--namespace', namespace, '--name', 'agree', '--kubeconfig', kubeconfig()];
const env = () => ({DRIFTWATCH_CACHE: cache, HOME: cache});

beforeAll(async () => {
	namespace = await createNamespace('agree');
	repo = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-agree-repo-'));
	cache = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-agree-cache-'));
	cpSync(path.resolve('fixtures/cli-app'), repo, {recursive: true});
	const git = (...args: string[]) =>
		execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {cwd: repo});
	git('init', '-q', '-b', 'main');
	git('add', '.');
	git('commit', '-q', '-m', 'api: first version');
	const sync = await runCli(['sync', ...appFlags(), '--audit-log', path.join(cache, 'audit.jsonl')], env());
	expect(sync.code, sync.stderr + sync.stdout).toBe(0);
	await kubectl(['rollout', 'status', '-n', namespace, 'deployment/api', '--timeout=60s']);
	// Drift someone else made: the ConfigMap's data, attributed to kubectl.
	await kubectl(['patch', '-n', namespace, 'configmap', 'api-settings', '--type', 'merge', '-p', '{"data":{"mode":"debug"}}']);
});

afterAll(async () => {
	await deleteNamespace(namespace);
	rmSync(repo, {recursive: true, force: true});
	rmSync(cache, {recursive: true, force: true});
});

/** One object as both outputs name it and judge it. */
interface ObjectVerdict {
	group: string;
	kind: string;
	namespace: string;
	name: string;
	status: string;
	drift: string;
	health: unknown;
}

/** What both must agree on. */
interface Verdict {
	syncStatus: string;
	health: unknown;
	revision: string | null;
	counts: Record<string, number>;
	error: unknown;
	warnings: string[];
	objects: ObjectVerdict[];
}

/** An app of `status --output json` (the fields compared). */
type StatusApp = Omit<Verdict, 'revision' | 'objects'> & {
	revision: {sha: string} | null;
	objects: Array<ObjectVerdict & Record<string, unknown>>;
};

/** A line of the JSON-lines stream. */
type Line = Partial<Verdict> & {type: string};

/** The first `status` line of `watch --no-ui --output jsonl`, then SIGINT. */
async function firstWatchStatus(extra: string[]): Promise<Line> {
	const lines: Line[] = [];
	let stderr = '';
	const child = spawn(
		process.execPath,
		[cliPath, 'watch', '--no-ui', '--output', 'jsonl', ...appFlags(), ...extra, '--audit-log', path.join(cache, 'watch-audit.jsonl')],
		{
			env: {...process.env, ...env(), NO_COLOR: '1'},
			stdio: ['ignore', 'pipe', 'pipe'],
		},
	);
	child.stderr?.on('data', chunk => (stderr += String(chunk)));
	createInterface({input: child.stdout}).on('line', line => lines.push(JSON.parse(line) as Line));
	try {
		return await waitFor('the first status line', () => Promise.resolve(lines.find(line => line.type === 'status')), 60_000).catch(
			(error: unknown) => {
				throw new Error(`${(error as Error).message}\nlines: ${lines.map(line => JSON.stringify(line)).join('\n')}\nstderr: ${stderr}`);
			},
		);
	} finally {
		const exited = new Promise(resolve => child.once('exit', resolve));
		child.kill('SIGINT');
		await exited;
	}
}

/** What both must agree on, from `status --output json`'s app. */
function fromStatus(app: StatusApp): Verdict {
	return {
		syncStatus: app.syncStatus,
		health: app.health,
		revision: app.revision?.sha ?? null,
		counts: app.counts,
		error: app.error,
		warnings: app.warnings,
		objects: app.objects.map(({group, kind, namespace: ns, name, status, drift, health}) => ({
			group,
			kind,
			namespace: ns,
			name,
			status,
			drift,
			health,
		})),
	};
}

function fromWatch(line: Line): Partial<Verdict> {
	const {syncStatus, health, revision, counts, error, warnings, objects} = line;
	return {syncStatus, health, revision, counts, error, warnings, objects};
}

describe('status and the headless watch agree', () => {
	it.each([
		['the admin', []],
		['the read-only user', ['--context', 'driftwatch-restricted']],
	])('as %s', async (_who, extra) => {
		const status = await runCli(['status', ...appFlags(), ...extra, '--output', 'json'], env());
		expect(status.code, status.stderr).toBe(0);
		const [app] = (JSON.parse(status.stdout) as {apps: StatusApp[]}).apps;
		if (!app) throw new Error(`no app in ${status.stdout}`);
		const watched = await firstWatchStatus(extra);
		const expected = fromStatus(app);
		expect(fromWatch(watched)).toEqual(expected);
		// And what they agree on is the cluster's state.
		expect(expected.syncStatus).toBe('OutOfSync');
		expect(expected.counts).toEqual({synced: 1, modified: 1, missing: 0, extra: 0});
		expect(expected.objects.find(object => object.kind === 'ConfigMap')).toMatchObject({status: 'OutOfSync', drift: 'modified'});
		if (extra.length > 0) {
			// Only the drifted ConfigMap needs a dry run: the Deployment is in sync, which is certain without one.
			expect(expected.warnings.some(warning => warning.startsWith('server-side dry run refused ('))).toBe(true);
			expect(expected.warnings).toEqual(
				expect.arrayContaining([expect.stringMatching(new RegExp(`^cannot list Secret in ${namespace}: .*forbidden`))]),
			);
		} else {
			expect(expected.warnings).toEqual([]);
		}
	});
});
