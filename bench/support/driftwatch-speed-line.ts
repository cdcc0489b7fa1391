/**
 * driftwatch's side of the speed line: the same Applications as Argo CD's side (the same manifests,
 * read with `--app`, on the same repository and cluster; only the destination namespace is its own,
 * so the two never touch each other's objects), measured with `watch --no-ui --output jsonl` and
 * the same clocks as test/support/argocd/speed-line.ts:
 * - drift to OutOfSync: `kubectl scale` returned -> the first `status` line saying OutOfSync;
 * - drift to self-heal: `kubectl scale` returned -> Git's replicas are back on the Deployment (seen by
 *   a kubectl watch, as for Argo CD; one process and app per sample, so each sample is a first heal);
 * - commit to OutOfSync and to sync: `git push` returned -> the app at the new revision is OutOfSync
 *   (or auto-sync starts for it), then `status` Synced at that revision.
 */
import {randomBytes} from 'node:crypto';
import path from 'node:path';
import {runChecked} from '../../source/control-plane/run-checked.js';
import {applicationManifest, writeApplicationFile} from '../../test/support/argocd/argocd-application.js';
import {timeScaleHealed} from '../../test/support/argocd/kubectl-watch.js';
import type {SpeedLineRepo} from '../../test/support/argocd/speed-line.js';
import type {BenchContext} from './bench-context.js';
import {JsonlStream, type StreamEvent} from './jsonl-stream.js';

export interface DriftwatchLatencies {
	/** Milliseconds per sample, as ArgoCdLatencies. */
	driftToOutOfSync: number[];
	driftToSelfHeal: number[];
	commitToOutOfSync: number[];
	commitToSync: number[];
}

/** A wait started before the action it waits for: if the action throws first, its later timeout is not an unhandled rejection. */
function armed<T>(wait: Promise<T>): Promise<T> {
	wait.catch(() => {});
	return wait;
}

/** The SHA of an event: `status` carries it as a string, `sync-started` and `commit-seen` as {sha}. */
function revisionOf(event: StreamEvent): string {
	const revision = event['revision'];
	if (typeof revision === 'string') return revision;
	if (revision && typeof revision === 'object' && 'sha' in revision) return String(revision.sha);
	return '';
}

export async function measureDriftwatchLatencies(
	context: BenchContext,
	repo: SpeedLineRepo,
	samples: number,
	timeoutMs: number,
	/** Extra flags of `watch` (the tuned profile's `--interval`). */
	watchFlags: readonly string[] = [],
): Promise<DriftwatchLatencies> {
	const {kubeconfig} = context.state;
	const namespace = `speed-dw-${randomBytes(3).toString('hex')}`;
	const kubectl = async (...args: string[]) => runChecked('kubectl', [`--kubeconfig=${kubeconfig}`, ...args], {timeoutMs: 120_000});
	const appFile = async (name: string, appPath: string, automated?: {selfHeal?: boolean; prune?: boolean}) => {
		const file = path.join(context.scratch, `speed-line-${namespace}-${name}.yaml`);
		const manifest = applicationManifest({
			name,
			argoNamespace: 'argocd',
			repoURL: `file://${repo.bare}`,
			path: appPath,
			namespace,
			...(automated ? {automated} : {}),
		});
		await writeApplicationFile(file, manifest);
		return file;
	};
	const watch = (file: string, label: string) =>
		JsonlStream.start(
			[
				...context.nodeFlags(`speed-line-${label}`),
				context.cli,
				'watch',
				'--no-ui',
				'--output',
				'jsonl',
				'--app',
				file,
				'--kubeconfig',
				kubeconfig,
				'--audit-log',
				path.join(context.scratch, 'speed-line-audit.jsonl'),
				...watchFlags,
			],
			context.cliEnv(),
		);
	const status = (syncStatus: string) => (event: StreamEvent) => event.type === 'status' && event.syncStatus === syncStatus;
	await kubectl('create', 'namespace', namespace);
	try {
		// Manual app: deployed once by a one-shot sync, then drift -> OutOfSync, and back.
		const driftFile = await appFile('speed-drift', 'drift');
		await runChecked(process.execPath, [context.cli, 'sync', '--app', driftFile, '--kubeconfig', kubeconfig, '--output', 'json'], {
			env: context.cliEnv(),
			timeoutMs,
		});
		const driftToOutOfSync: number[] = [];
		const drift = watch(driftFile, 'drift');
		try {
			await drift.next(status('Synced'), timeoutMs);
			for (let sample = 0; sample < samples; sample++) {
				const outOfSync = armed(drift.next(status('OutOfSync'), timeoutMs));
				await kubectl('scale', '-n', namespace, 'deployment/speed-drift', '--replicas=2');
				const changed = performance.now();
				driftToOutOfSync.push(Math.max(0, (await outOfSync) - changed));
				const synced = armed(drift.next(status('Synced'), timeoutMs));
				await kubectl('scale', '-n', namespace, 'deployment/speed-drift', '--replicas=1');
				await synced;
			}
		} finally {
			await drift.stop();
		}
		context.log(`driftwatch ${watchFlags.join(' ')}: drift -> OutOfSync: ${driftToOutOfSync.map(Math.round).join(', ')} ms`);

		// Self-heal apps: one first heal each, each app deployed by auto-sync.
		const driftToSelfHeal: number[] = [];
		for (let sample = 0; sample < samples; sample++) {
			const name = `speed-heal-${sample}`;
			const heal = watch(await appFile(name, `heal-${sample}`, {selfHeal: true}), `heal-${sample}`);
			try {
				await heal.next(status('Synced'), timeoutMs);
				// Timed once the Deployment exists: a watch of a missing object ends at once.
				driftToSelfHeal.push(await timeScaleHealed(kubeconfig, namespace, name, kubectl, timeoutMs));
			} finally {
				await heal.stop();
			}
		}
		context.log(`driftwatch ${watchFlags.join(' ')}: drift -> self-heal: ${driftToSelfHeal.map(Math.round).join(', ')} ms`);

		// Automated app: commit -> OutOfSync -> Synced at the new revision.
		const commitToOutOfSync: number[] = [];
		const commitToSync: number[] = [];
		const commit = watch(await appFile('speed-commit', 'commit', {selfHeal: false, prune: false}), 'commit');
		try {
			let deployed = '';
			await commit.next(event => {
				if (!status('Synced')(event)) return false;
				deployed = revisionOf(event);
				return true;
			}, timeoutMs);
			for (let sample = 0; sample < samples; sample++) {
				const before = deployed;
				let revision = '';
				// The new revision seen OutOfSync, or auto-sync starting for it (it starts only for an OutOfSync app).
				const outOfSync = armed(
					commit.next(event => {
						const at = revisionOf(event);
						const found = at !== before && (status('OutOfSync')(event) || event.type === 'sync-started');
						if (found) revision = at;
						return found;
					}, timeoutMs),
				);
				const synced = armed(
					commit.next(event => {
						const found = status('Synced')(event) && revisionOf(event) !== before;
						if (found) deployed = revisionOf(event);
						return found;
					}, timeoutMs),
				);
				const sha = await repo.changeCommitApp(`driftwatch-${sample}`);
				const pushed = performance.now();
				const [outOfSyncAt, syncedAt] = await Promise.all([outOfSync, synced]);
				if (revision !== sha || deployed !== sha) {
					throw new Error(`driftwatch reported revision ${revision || '-'} / ${deployed || '-'} after the push of ${sha}`);
				}
				commitToOutOfSync.push(Math.max(0, outOfSyncAt - pushed));
				commitToSync.push(Math.max(0, syncedAt - pushed));
				context.log(
					`driftwatch ${watchFlags.join(' ')}: commit ${sample + 1}/${samples}: OutOfSync after ${Math.round(outOfSyncAt - pushed)} ms, Synced after ${Math.round(syncedAt - pushed)} ms`,
				);
			}
		} finally {
			await commit.stop();
		}
		return {driftToOutOfSync, driftToSelfHeal, commitToOutOfSync, commitToSync};
	} finally {
		await kubectl('delete', 'namespace', namespace, '--wait=false').catch(() => '');
	}
}
