/**
 * A real Argo CD (v3.2, built by scripts/argocd/build.sh) as local processes against the project's
 * control plane, the way Argo CD's own developers run it (its Procfile): Redis (miniredis), the repo server and
 * the application controller, no API server, no UI, no Dex. Each start gets its own namespace
 * (`argocd-<random>`), ports and data dir, so runs never see each other; the stop ends every
 * process by process group and removes the data dir, and a watchdog does the same if the test
 * process dies first.
 *
 * Test and bench support only: nothing in source/ starts Argo CD.
 */
import {randomBytes} from 'node:crypto';
import {existsSync} from 'node:fs';
import {mkdir, mkdtemp, rm, symlink, writeFile} from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {freePorts} from '../../../source/control-plane/free-port.js';
import {
	isAlive,
	type ProcessSpec,
	type RunningProcess,
	startProcess,
	stopProcess,
	tailOfLog,
} from '../../../source/control-plane/managed-process.js';
import {probeOnce} from '../../../source/control-plane/readiness.js';
import {runChecked} from '../../../source/control-plane/run-checked.js';
import {type ArgoCdProfile, profileSettings} from './argocd-settings.js';
import {argoCdCrds, argoCdNamespaceObjects} from './install-manifests.js';
import {argoCdCacheDir, argoCdRedisBinary, controlPlaneHelm} from './locate-argocd.js';
import {startReaper} from './reaper.js';

export interface ArgoCdOptions {
	/** The control plane's kubeconfig (its current context is the admin one). */
	kubeconfig: string;
	/** Timing settings: `fast` for tests (default), `shipped` for Argo CD's defaults. */
	profile?: ArgoCdProfile;
	/** Progress lines; default silent. */
	log?: (line: string) => void;
}

export interface ArgoCd {
	/** The namespace of Argo CD's config maps, AppProject and Applications. */
	namespace: string;
	profile: ArgoCdProfile;
	kubeconfig: string;
	/** Data dir: logs (`<name>.log`), repo server workspace. Removed by stop(). */
	dir: string;
	/** `argocd version` of the binary, e.g. "v3.2.6+unknown". */
	version: string;
	processes: RunningProcess[];
	startSeconds: number;
	/** Last lines of a component's log, for failure messages. */
	logTail(name: 'redis' | 'repo-server' | 'application-controller', lines?: number): string;
	/** Stops every process (controller first), deletes the namespace and removes the data dir. */
	stop(): Promise<void>;
}

export async function startArgoCd(options: ArgoCdOptions): Promise<ArgoCd> {
	const log = options.log ?? (() => {});
	const started = Date.now();
	const profile = options.profile ?? 'fast';
	const settings = profileSettings(profile);
	const cacheDir = argoCdCacheDir();
	const base = existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir();
	const dir = await mkdtemp(path.join(base, 'driftwatch-argocd-'));
	const reaper = startReaper(path.join(dir, 'pids'), dir);
	const namespace = `argocd-${randomBytes(3).toString('hex')}`;
	const processes: RunningProcess[] = [];
	const kubectl = async (...args: string[]) => runChecked('kubectl', [`--kubeconfig=${options.kubeconfig}`, ...args], {timeoutMs: 120_000});
	const step = (what: string) => log(`${what} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
	let namespaceCreated = false;

	const stop = async () => {
		for (const running of [...processes].reverse()) await stopProcess(running.pid);
		reaper.dismiss();
		if (namespaceCreated) await kubectl('delete', 'namespace', namespace, '--wait=false').catch(() => '');
		await rm(dir, {recursive: true, force: true});
	};

	try {
		const dirs = await workspace(dir);
		const [redisPort = 0, repoPort = 0, repoMetricsPort = 0, controllerMetricsPort = 0] = await freePorts(4);
		const redisPassword = randomBytes(16).toString('hex');

		const crds = path.join(dir, 'crds.json');
		await writeFile(crds, JSON.stringify({apiVersion: 'v1', kind: 'List', items: await argoCdCrds(cacheDir)}));
		await kubectl('apply', '--server-side', '--force-conflicts', '--field-manager=driftwatch-argocd-runner', '-f', crds);
		await crdsEstablished(kubectl, ['applications.argoproj.io', 'appprojects.argoproj.io']);
		const objects = path.join(dir, 'install.json');
		await writeFile(
			objects,
			JSON.stringify({apiVersion: 'v1', kind: 'List', items: await argoCdNamespaceObjects(cacheDir, namespace, settings)}),
		);
		namespaceCreated = true;
		await kubectl('apply', '--server-side', '--field-manager=driftwatch-argocd-runner', '-f', objects);
		step(`CRDs, config maps and the default project applied in namespace ${namespace}`);

		const launch = (spec: ProcessSpec) => {
			const running = startProcess(spec);
			processes.push(running);
			reaper.watch(running.pid);
			return running;
		};
		const logFile = (name: string) => path.join(dir, `${name}.log`);
		// What the Procfile gives every component: a fake in-cluster config (the in-cluster destination
		// https://kubernetes.default.svc maps to KUBECONFIG), and data paths of our own.
		const common = {
			ARGOCD_FAKE_IN_CLUSTER: 'true',
			KUBECONFIG: options.kubeconfig,
			ARGOCD_TLS_DATA_PATH: dirs.tls,
			ARGOCD_SSH_DATA_PATH: dirs.ssh,
			ARGOCD_GNUPGHOME: dirs.gpgKeys,
			ARGOCD_GPG_DATA_PATH: dirs.gpgSource,
			ARGOCD_GPG_ENABLED: 'false',
			REDIS_PASSWORD: redisPassword,
			// The repo server's checkouts and every temp file stay in the data dir.
			TMPDIR: dirs.tmp,
			HOME: dirs.home,
			PATH: `${dirs.tools}:${process.env['PATH'] ?? '/usr/bin:/bin'}`,
		};

		// Redis is miniredis (Argo CD's tests and `argocd --core` use it), built by scripts/argocd/build.sh;
		// the password comes from REDIS_PASSWORD, as Argo CD's components read it, not from the command line.
		const redis = launch({
			name: 'redis',
			binary: argoCdRedisBinary(),
			logFile: logFile('redis'),
			args: ['-addr', `127.0.0.1:${redisPort}`],
			env: {REDIS_PASSWORD: redisPassword},
		});
		await ready('redis', redis, () => redisPing(redisPort, redisPassword), 30_000);
		step('redis ready');

		const repoServer = launch({
			name: 'repo-server',
			binary: path.join(cacheDir, 'bin', 'argocd'),
			logFile: logFile('repo-server'),
			args: [
				'--address',
				'127.0.0.1',
				'--port',
				String(repoPort),
				'--metrics-address',
				'127.0.0.1',
				'--metrics-port',
				String(repoMetricsPort),
				'--redis',
				`127.0.0.1:${redisPort}`,
				'--loglevel',
				'info',
			],
			env: {...common, ...settings.repoServerEnv, ARGOCD_BINARY_NAME: 'argocd-repo-server'},
		});
		await ready('repo-server', repoServer, () => httpOk(`http://127.0.0.1:${repoMetricsPort}/healthz?full=true`), 60_000);
		step('repo server ready');

		const controller = launch({
			name: 'application-controller',
			binary: path.join(cacheDir, 'bin', 'argocd'),
			logFile: logFile('application-controller'),
			args: [
				`--kubeconfig=${options.kubeconfig}`,
				`--namespace=${namespace}`,
				`--redis=127.0.0.1:${redisPort}`,
				`--repo-server=127.0.0.1:${repoPort}`,
				`--metrics-port=${controllerMetricsPort}`,
				// v3 keeps per-resource health out of the Application unless asked.
				'--persist-resource-health',
				'--loglevel=info',
			],
			env: {...common, ...settings.controllerEnv, ARGOCD_BINARY_NAME: 'argocd-application-controller'},
		});
		await ready('application-controller', controller, () => httpOk(`http://127.0.0.1:${controllerMetricsPort}/healthz`), 90_000);
		step('application controller ready');

		const version = (
			await runChecked(path.join(cacheDir, 'bin', 'argocd'), ['version', '--client', '--short'], {
				env: {...process.env, ARGOCD_BINARY_NAME: 'argocd'},
			}).catch(() => 'unknown')
		)
			.trim()
			.replace(/^argocd: /u, '');
		return {
			namespace,
			profile,
			kubeconfig: options.kubeconfig,
			dir,
			version,
			processes,
			startSeconds: Math.round((Date.now() - started) / 100) / 10,
			logTail: (name, lines = 30) => tailOfLog(logFile(name), lines),
			stop,
		};
	} catch (error) {
		await stop().catch(() => {});
		throw error;
	}
}

/** `kubectl wait --for=condition=Established` fails on a CRD whose status is still empty: poll instead. */
async function crdsEstablished(kubectl: (...args: string[]) => Promise<string>, names: string[]): Promise<void> {
	type Crd = {metadata: {name: string}; status?: {conditions?: Array<{type: string; status: string}>}};
	const deadline = Date.now() + 60_000;
	for (;;) {
		const {items} = JSON.parse(await kubectl('get', 'crd', ...names, '-o', 'json')) as {items: Crd[]};
		const pending = items.filter(
			crd => !crd.status?.conditions?.some(condition => condition.type === 'Established' && condition.status === 'True'),
		);
		if (items.length === names.length && pending.length === 0) return;
		if (Date.now() > deadline)
			throw new Error(`Argo CD's CRDs were not established within 60s: ${pending.map(crd => crd.metadata.name).join(', ')}`);
		await new Promise(resolve => setTimeout(resolve, 200));
	}
}

/** The data dir's folders; `tools` holds kustomize and helm, first on the repo server's PATH. */
type Workspace = Record<'tls' | 'ssh' | 'gpgKeys' | 'gpgSource' | 'tmp' | 'home' | 'tools', string>;

async function workspace(dir: string): Promise<Workspace> {
	const sub = (name: string) => path.join(dir, name);
	const result: Workspace = {
		tls: sub('tls'),
		ssh: sub('ssh'),
		gpgKeys: sub('gpg/keys'),
		gpgSource: sub('gpg/source'),
		tmp: sub('tmp'),
		home: sub('home'),
		tools: sub('tools'),
	};
	for (const folder of Object.values(result)) await mkdir(folder, {recursive: true, mode: 0o700});
	await symlink(path.join(argoCdCacheDir(), 'bin', 'kustomize'), path.join(result.tools, 'kustomize'));
	await symlink(controlPlaneHelm(), path.join(result.tools, 'helm'));
	return result;
}

async function ready(name: string, running: RunningProcess, probe: () => Promise<void>, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = 'no answer yet';
	while (Date.now() < deadline) {
		if (!isAlive(running.pid))
			throw new Error(`${name} exited before it was ready\n--- last lines of ${running.logFile}:\n${tail(running)}`);
		try {
			await probe();
			return;
		} catch (error) {
			last = (error as Error).message;
		}
		await new Promise(resolve => setTimeout(resolve, 200));
	}
	throw new Error(`${name} was not ready within ${timeoutMs / 1000}s (${last})\n--- last lines of ${running.logFile}:\n${tail(running)}`);
}

function tail(running: RunningProcess): string {
	return existsSync(running.logFile) ? tailOfLog(running.logFile, 20) : '(no log)';
}

async function httpOk(url: string): Promise<void> {
	const {status, body} = await probeOnce({url});
	if (status !== 200) throw new Error(`${url}: HTTP ${status} ${body.slice(0, 200)}`);
}

/** One command in Redis's protocol (RESP): miniredis reads no inline commands. */
function resp(...words: string[]): string {
	return `*${words.length}\r\n${words.map(word => `$${Buffer.byteLength(word)}\r\n${word}\r\n`).join('')}`;
}

/** Redis answers PONG to an authenticated PING. */
async function redisPing(port: number, password: string): Promise<void> {
	const answer = await new Promise<string>((resolve, reject) => {
		const socket = net.connect({host: '127.0.0.1', port});
		let text = '';
		socket.setTimeout(2000, () => socket.destroy(new Error('redis: no answer')));
		socket.on('connect', () => socket.write(`${resp('AUTH', password)}${resp('PING')}`));
		socket.on('data', chunk => {
			text += chunk.toString('utf8');
			if (text.split('\r\n').length > 2) socket.end();
		});
		socket.on('end', () => resolve(text));
		socket.on('error', reject);
	});
	if (!answer.includes('+PONG')) throw new Error(`redis answered ${JSON.stringify(answer.slice(0, 100))}`);
}
