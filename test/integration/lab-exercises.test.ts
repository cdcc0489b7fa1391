/**
 * The lab's exercises against the real control plane: the demo repository made by demo-repo.ts,
 * its Application read as-is, the engine wired as cli.tsx wires it, and the human steps made
 * through the real adapters wired by connectExercises (LabUserClient as field manager lab-user,
 * WorkingClone as Git author lab-user). Each step must tick from the engine's snapshots alone, in the lab's order.
 */
import {mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {AuditLog} from '../../source/audit/audit-log.js';
import {clusterDestination} from '../../source/cluster/cluster-destination.js';
import {connect} from '../../source/cluster/kube-connection.js';
import {ResourceClient} from '../../source/cluster/resource-client.js';
import {loadAppFiles} from '../../source/config/load-app-files.js';
import {DriftEngine} from '../../source/engine/drift-engine.js';
import type {TimelineEvent} from '../../source/engine/engine-state.js';
import {demoApplicationFile, demoRepoIn, ensureDemoRepo} from '../../source/git/demo-repo.js';
import {gitSources} from '../../source/git/git-sources.js';
import {exerciseDone} from '../../source/lab/exercise-progress.js';
import {connectExercises} from '../../source/lab/connect-exercises.js';
import type {LabExercises} from '../../source/lab/lab-exercises.js';
import type {LabRecord} from '../../source/lab/lab-record.js';
import {systemClock} from '../../source/clock/system-clock.js';
import {Notifier} from '../../source/notify/notifier.js';
import {describeNotification} from '../../source/presentation/notification.js';
import {renderAppSource} from '../../source/render/render-app-source.js';
import {kubeconfig, kubectl, kubectlResult, waitFor} from './support/cluster.js';

let scratch: string;
let engine: DriftEngine;
let lab: LabExercises;
let stopHub: () => void;
let namespace = '';
const events: TimelineEvent[] = [];

beforeAll(async () => {
	scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-lab-exercises-'));
	const repo = await ensureDemoRepo(demoRepoIn(path.join(scratch, 'git')));
	const loaded = await loadAppFiles([path.join(repo.workdir, demoApplicationFile)]);
	const app = loaded.apps[0];
	if (!app) throw new Error(`the demo Application did not load: ${loaded.errors.map(error => error.message).join('; ')}`);
	namespace = app.destination.namespace;
	const admin = connect({kubeconfig: kubeconfig(), context: 'driftwatch-admin'});
	const destination = clusterDestination(new ResourceClient(admin));
	stopHub = () => destination.hub.stop();
	const automated = app.syncPolicy.automated;
	engine = new DriftEngine({
		apps: [
			{
				definition: app,
				destination,
				policy: {autoSync: automated !== null, selfHeal: automated?.selfHeal ?? false, prune: automated?.prune ?? false},
				intervalMs: 500,
			},
		],
		git: gitSources({cacheRoot: path.join(scratch, 'repos')}),
		render: renderAppSource,
		readOnly: false,
		intervalMs: 500,
		audit: new AuditLog(path.join(scratch, 'audit.jsonl')),
		clock: systemClock,
		notifier: new Notifier({describe: describeNotification}),
		heal: {debounceMs: 100},
	});
	engine.onEvent(event => events.push(event));
	// Wired as the UI's lab panel will wire it, from the lab's record.
	lab = connectExercises(
		{
			kubeconfig: kubeconfig(),
			context: 'driftwatch-admin',
			readOnlyContext: 'driftwatch-restricted',
			app: app.name,
			namespace,
			clone: repo.workdir,
		} as LabRecord,
		engine,
	);
	await engine.start();
	await waitFor(
		'the demo to be deployed by its automated sync',
		() => {
			const view = engine.getSnapshot().apps[0];
			return Promise.resolve(view?.status.syncStatus === 'Synced' && view.status.health.status === 'Healthy');
		},
		90_000,
	);
}, 180_000);

afterAll(async () => {
	lab?.stop();
	engine?.stop();
	stopHub?.();
	if (namespace) await kubectlResult(['delete', 'namespace', namespace, '--wait=false']);
	await rm(scratch, {recursive: true, force: true});
});

/** Runs every step of the exercise and waits for each to tick; returns the step statuses. */
async function play(exerciseId: string): Promise<string[]> {
	const exercise = lab.exercises.find(candidate => candidate.id === exerciseId);
	for (const [index] of (exercise?.steps ?? []).entries()) {
		await lab.runStep(exerciseId);
		const step = () => lab.getSnapshot().find(entry => entry.id === exerciseId)?.steps[index];
		expect(step()?.status, step()?.outcome?.message).not.toBe('failed');
		await waitFor(`${exerciseId} step ${index + 1} to tick`, () => Promise.resolve(step()?.status === 'done'), 90_000);
	}
	return (
		lab
			.getSnapshot()
			.find(entry => entry.id === exerciseId)
			?.steps.map(step => step.status) ?? []
	);
}

describe('the lab exercises on a real cluster', () => {
	it('deploys the demo from its Application: chart objects in the namespace it names', async () => {
		const objects = engine
			.getSnapshot()
			.apps[0]?.status.objects.map(object => `${object.key.kind}/${object.key.name}`)
			.sort();
		expect(objects).toEqual(['ConfigMap/web-config', 'Deployment/redis', 'Deployment/web', 'Service/redis', 'Service/web']);
		expect(await kubectl(['get', 'namespace', namespace, '-o', 'name'])).toBe(`namespace/${namespace}\n`);
	});

	it('delete a pod: replaced, and the app is Healthy again', async () => {
		expect(await play('delete-pod')).toEqual(['done']);
	});

	it('scale by hand: the drift names lab-user, and self-heal reverts it', async () => {
		const from = events.length;
		expect(await play('scale-reverted')).toEqual(['done']);
		const drift = events.slice(from).find(event => event.type === 'drift-detected' && event.object === `Deployment/${namespace}/web`);
		expect(drift?.type === 'drift-detected' ? drift.attribution.map(entry => entry.manager) : []).toContain('lab-user');
		expect(JSON.stringify(events.slice(from))).not.toMatch(/"manager":"driftwatch"[^}]*"path":"\/spec\/replicas"/);
		const replicas = await kubectl(['-n', namespace, 'get', 'deployment', 'web', '-o', 'jsonpath={.spec.replicas}']);
		expect(replicas).toBe('2');
	});

	it('a bad image tag in Git: ImagePullBackOff and Degraded, then the revert makes it Healthy', async () => {
		expect(await play('bad-tag')).toEqual(['done', 'done']);
	});

	it('delete the Service: recreated', async () => {
		expect(await play('service-recreated')).toEqual(['done']);
		expect(await kubectl(['-n', namespace, 'get', 'service', 'web', '-o', 'name'])).toBe('service/web\n');
	});

	it('a write as the read-only user: the real 403', async () => {
		expect(await play('read-only-403')).toEqual(['done']);
		const step = lab.getSnapshot().find(entry => entry.id === 'read-only-403')?.steps[0];
		expect(step?.outcome?.message).toContain('User "restricted" cannot patch resource "deployments"');
		expect(exerciseDone(lab.getSnapshot(), 'read-only-403')).toBe(true);
	});

	it('manual sync, prune and rollback, in the lab order', async () => {
		expect(await play('manual-sync')).toEqual(['done', 'done', 'done']);
		expect(await play('prune')).toEqual(['done', 'done']);
		expect(await play('rollback')).toEqual(['done', 'done']);
	});
});
