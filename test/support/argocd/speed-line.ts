/**
 * Argo CD's side of the speed line, for `npm run bench`: on a running control plane, start a real
 * Argo CD with a timing profile and measure, from watch events:
 * - drift to OutOfSync: `kubectl scale` returned -> the (manual) Application says OutOfSync;
 * - drift to self-heal: `kubectl scale` returned -> Git's replicas are back on the Deployment (one
 *   Application per sample: Argo CD's self-heal backoff counts per Application, so each sample is a
 *   first heal, as driftwatch's bench measures one heal per object);
 * - commit to OutOfSync and commit to sync: `git push` returned -> the (automated) Application
 *   reports the new revision OutOfSync, then Synced by a finished sync operation.
 * Everything it creates (Argo CD's processes and namespace, the apps' namespace, a Git repository)
 * is removed at the end.
 */
import {execFile} from 'node:child_process';
import {randomBytes} from 'node:crypto';
import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {runChecked} from '../../../source/control-plane/run-checked.js';
import {applicationManifest, ArgoApplicationClient} from './argocd-application.js';
import {type ArgoCdProfile, profileSettings} from './argocd-settings.js';
import {type ArgoCd, startArgoCd} from './argocd-runner.js';
import {timeScaleHealed, watchObject} from './kubectl-watch.js';

const execFileAsync = promisify(execFile);

export interface SpeedLineOptions {
	kubeconfig: string;
	profile: ArgoCdProfile;
	/** Samples per drift measure; default 3. */
	samples?: number;
	/**
	 * Commits to measure; default `samples`. With `shipped`, each waits for Argo CD's Git poll: up to
	 * about 6 minutes (a 3-minute revision cache, then a poll every 120 s plus up to 60 s of jitter).
	 */
	commitSamples?: number;
	/** Longest wait for one event; default 12 minutes. */
	timeoutMs?: number;
	/**
	 * The Git repository of the apps (from createSpeedLineRepo, with at least `samples` heal apps), so
	 * that the bench measures driftwatch on the very same repository; default a repository of its own.
	 */
	repo?: SpeedLineRepo;
	log?: (line: string) => void;
}

export interface ArgoCdLatencies {
	profile: ArgoCdProfile;
	version: string;
	/** What the profile sets, as a user would write it in argocd-cm / argocd-cmd-params-cm. */
	settings: Record<string, Record<string, string>>;
	startSeconds: number;
	/** Milliseconds per sample. */
	driftToOutOfSync: number[];
	driftToSelfHeal: number[];
	commitToOutOfSync: number[];
	commitToSync: number[];
}

export async function measureArgoCdLatencies(options: SpeedLineOptions): Promise<ArgoCdLatencies> {
	const log = options.log ?? (() => {});
	const samples = options.samples ?? 3;
	const commitSamples = options.commitSamples ?? samples;
	const timeoutMs = options.timeoutMs ?? 720_000;
	const kubectl = async (...args: string[]) => runChecked('kubectl', [`--kubeconfig=${options.kubeconfig}`, ...args], {timeoutMs: 120_000});
	const scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-speed-line-'));
	const namespace = `speed-${randomBytes(3).toString('hex')}`;
	let argocd: ArgoCd | undefined;
	try {
		argocd = await startArgoCd({kubeconfig: options.kubeconfig, profile: options.profile, log: line => log(`argocd: ${line}`)});
		await kubectl('create', 'namespace', namespace);
		const repo = options.repo ?? (await createSpeedLineRepo(scratch, samples));
		if (repo.healApps < samples) throw new Error(`the speed line's repository has ${repo.healApps} heal apps, ${samples} are needed`);
		const app = (name: string, appPath: string, automated?: {selfHeal?: boolean; prune?: boolean}) =>
			applicationManifest({
				name,
				argoNamespace: argocd?.namespace ?? '',
				repoURL: `file://${repo.bare}`,
				path: appPath,
				namespace,
				...(automated ? {automated} : {}),
			});
		const clients = new Map<string, ArgoApplicationClient>();
		const create = async (manifest: ReturnType<typeof app>) => {
			const client = new ArgoApplicationClient(argocd as ArgoCd, manifest.metadata.name);
			await client.apply(manifest, path.join(scratch, `${manifest.metadata.name}.yaml`));
			clients.set(manifest.metadata.name, client);
			return client;
		};
		const synced = (client: ArgoApplicationClient) =>
			client.waitFor(candidate => candidate.status?.sync?.status === 'Synced', `${client.name} Synced`, timeoutMs);

		// Manual app: drift -> OutOfSync.
		const drift = await create(app('speed-drift', 'drift'));
		const operation = await drift.sync();
		if (operation.phase !== 'Succeeded') throw new Error(`first sync of speed-drift: ${operation.phase} ${operation.message ?? ''}`);
		await synced(drift);
		const driftToOutOfSync: number[] = [];
		const appWatch = (name: string) =>
			watchObject(
				options.kubeconfig,
				['applications.argoproj.io', name, '-n', argocd?.namespace ?? ''],
				'{.status.sync.status}|{.status.sync.revision}|{.status.operationState.phase}|{.status.operationState.syncResult.revision}',
			);
		const driftWatch = appWatch('speed-drift');
		try {
			for (let sample = 0; sample < samples; sample++) {
				const since = performance.now();
				await kubectl('scale', '-n', namespace, 'deployment/speed-drift', '--replicas=2');
				const changed = performance.now();
				const seen = await driftWatch.next(line => line.startsWith('OutOfSync|'), {since, timeoutMs, what: 'speed-drift OutOfSync'});
				driftToOutOfSync.push(Math.max(0, seen.at - changed));
				await kubectl('scale', '-n', namespace, 'deployment/speed-drift', '--replicas=1');
				await driftWatch.next(line => line.startsWith('Synced|'), {
					since: performance.now() - 1,
					timeoutMs,
					what: 'speed-drift Synced again',
				});
			}
		} finally {
			driftWatch.stop();
		}
		log(`drift -> OutOfSync: ${driftToOutOfSync.map(Math.round).join(', ')} ms`);

		// Self-heal apps: one first heal each.
		const driftToSelfHeal: number[] = [];
		for (let sample = 0; sample < samples; sample++) {
			const name = `speed-heal-${sample}`;
			const client = await create(app(name, `heal-${sample}`, {selfHeal: true}));
			await client.waitFor(
				candidate => candidate.status?.sync?.status === 'Synced' && candidate.status.operationState?.phase === 'Succeeded',
				`${name} deployed by auto-sync`,
				timeoutMs,
			);
			driftToSelfHeal.push(await timeScaleHealed(options.kubeconfig, namespace, name, kubectl, timeoutMs));
		}
		log(`drift -> self-heal: ${driftToSelfHeal.map(Math.round).join(', ')} ms`);

		// Automated app: commit -> OutOfSync -> Synced.
		const commit = await create(app('speed-commit', 'commit', {selfHeal: false, prune: false}));
		await commit.waitFor(
			candidate => candidate.status?.sync?.status === 'Synced' && candidate.status.operationState?.phase === 'Succeeded',
			'speed-commit deployed by auto-sync',
			timeoutMs,
		);
		const commitToOutOfSync: number[] = [];
		const commitToSync: number[] = [];
		const commitWatch = appWatch('speed-commit');
		try {
			for (let sample = 0; sample < commitSamples; sample++) {
				const since = performance.now();
				const sha = await repo.changeCommitApp(`argocd-${options.profile}-${sample}`);
				const pushed = performance.now();
				const outOfSync = await commitWatch.next(line => line.startsWith(`OutOfSync|${sha}|`), {
					since,
					timeoutMs,
					what: `speed-commit OutOfSync at ${sha.slice(0, 7)}`,
				});
				const deployed = await commitWatch.next(line => line === `Synced|${sha}|Succeeded|${sha}`, {
					since,
					timeoutMs,
					what: `speed-commit Synced at ${sha.slice(0, 7)}`,
				});
				commitToOutOfSync.push(Math.max(0, outOfSync.at - pushed));
				commitToSync.push(Math.max(0, deployed.at - pushed));
				log(
					`commit ${sample + 1}/${commitSamples}: OutOfSync after ${Math.round(outOfSync.at - pushed)} ms, Synced after ${Math.round(deployed.at - pushed)} ms`,
				);
			}
		} finally {
			commitWatch.stop();
		}
		for (const client of clients.values()) await client.delete();
		return {
			profile: options.profile,
			version: argocd.version,
			settings: profileSettings(options.profile).configMaps,
			startSeconds: argocd.startSeconds,
			driftToOutOfSync,
			driftToSelfHeal,
			commitToOutOfSync,
			commitToSync,
		};
	} finally {
		await argocd?.stop();
		await kubectl('delete', 'namespace', namespace, '--wait=false').catch(() => '');
		await rm(scratch, {recursive: true, force: true});
	}
}

function deployment(name: string): string {
	return [
		'apiVersion: apps/v1',
		'kind: Deployment',
		`metadata: {name: ${name}}`,
		`spec: {replicas: 1, selector: {matchLabels: {app: ${name}}}, template: {metadata: {labels: {app: ${name}}}, spec: {containers: [{name: web, image: nginx:1.27}]}}}`,
		'',
	].join('\n');
}

function configMap(name: string, value: string): string {
	return ['apiVersion: v1', 'kind: ConfigMap', `metadata: {name: ${name}}`, `data: {value: ${value}}`, ''].join('\n');
}

/** The apps' Git repository: a bare remote (the repoURL) and a working clone that pushes to it. */
export interface SpeedLineRepo {
	bare: string;
	work: string;
	/** Apps heal-0 ... heal-(healApps - 1). */
	healApps: number;
	/** Commits a new value for the commit app's ConfigMap (unique per call) and pushes it; returns the SHA. */
	changeCommitApp(tag: string): Promise<string>;
}

/**
 * A bare remote and a working clone under `scratch` with the apps drift/ (Deployment speed-drift),
 * heal-N/ (Deployment speed-heal-N, one per self-heal sample) and commit/ (ConfigMap speed-commit).
 */
export async function createSpeedLineRepo(scratch: string, samples: number): Promise<SpeedLineRepo> {
	const bare = path.join(scratch, 'remote.git');
	const work = path.join(scratch, 'work');
	const git = async (cwd: string, ...args: string[]) =>
		(
			await execFileAsync(
				'git',
				['-c', 'user.name=speed line', '-c', 'user.email=bench@localhost', '-c', 'commit.gpgsign=false', ...args],
				{
					cwd,
				},
			)
		).stdout.trim();
	await git(scratch, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
	await git(scratch, 'clone', '--quiet', bare, work);
	await git(work, 'symbolic-ref', 'HEAD', 'refs/heads/main');
	const put = async (file: string, text: string) => {
		await mkdir(path.dirname(path.join(work, file)), {recursive: true});
		await writeFile(path.join(work, file), text);
	};
	await put('drift/deployment.yaml', deployment('speed-drift'));
	for (let sample = 0; sample < samples; sample++) await put(`heal-${sample}/deployment.yaml`, deployment(`speed-heal-${sample}`));
	await put('commit/configmap.yaml', configMap('speed-commit', 'initial'));
	const commitAndPush = async (message: string) => {
		await git(work, 'add', '--all');
		await git(work, 'commit', '--quiet', '-m', message);
		await git(work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
		return git(work, 'rev-parse', 'HEAD');
	};
	await commitAndPush('speed line apps');
	let changes = 0;
	const changeCommitApp = async (tag: string) => {
		changes++;
		await put('commit/configmap.yaml', configMap('speed-commit', `${tag}-${changes}`));
		return commitAndPush(`speed line: ${tag}`);
	};
	return {bare, work, healApps: samples, changeCommitApp};
}
