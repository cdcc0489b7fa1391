/**
 * Bump an image with auto-sync on, end to end in the engine (fake ports, fake time): set-image
 * commits, the poll sees the new revision, auto-sync applies it, the Deployment's controller rolls
 * it out (played here as the API server and the controller would: the generation goes up on the
 * apply, the status follows), and the timeline tells it in order: commit → sync → rollout →
 * Healthy.
 */
import {afterEach, describe, expect, it} from 'vitest';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {DriftEngine} from '../../../source/engine/drift-engine.js';
import type {AppView, TimelineEvent} from '../../../source/engine/engine-state.js';
import {keepCommitMessage, promoteCommitMessage, setImageCommitMessage} from '../../../source/presentation/source-edit-words.js';
import {describeTimelineEvent} from '../../../source/presentation/timeline.js';
import {FakeClock} from './support/fake-clock.js';
import {destinationOf, FakeGit, FakeRender, FakeWatches, RecordingAuditLog, WatchedCluster} from './support/fake-ports.js';
import {fakeWorkspaces} from './support/fake-workspace.js';
import {appDefinition, configMap, deployed, deployment} from './support/fixtures.js';

const engines: DriftEngine[] = [];
afterEach(() => {
	for (const engine of engines.splice(0)) engine.stop();
});

/** The pod template of a Deployment, as JSON (what a new ReplicaSet is made for). */
function templateOf(object: KubeObject | undefined): string {
	return JSON.stringify((object?.['spec'] as {template?: unknown} | undefined)?.template ?? null);
}

/**
 * The API server's part of an apply that the plain fake leaves out: a Deployment whose pod
 * template changes gets the next generation, and its status (the controller's) still describes the
 * older one, so the workload is Progressing until the controller catches up.
 */
class RollingCluster extends WatchedCluster {
	override async apply(object: KubeObject, options: {dryRun?: boolean; force?: boolean} = {}): Promise<KubeObject> {
		if (options.dryRun || object.kind !== 'Deployment') return super.apply(object, options);
		const live = this.watches.find(`Deployment/${object.metadata.namespace ?? ''}/${object.metadata.name}`);
		const generation = (live?.metadata.generation ?? 1) + (live && templateOf(live) !== templateOf(object) ? 1 : 0);
		return super.apply({...object, metadata: {...object.metadata, generation}}, options);
	}
}

async function start() {
	const render = new FakeRender();
	const git = new FakeGit(render, {remote: true});
	const objects = [deployment('web', 2), configMap('config', {color: 'blue'})];
	git.commit('first', objects);
	const watches = new FakeWatches();
	for (const object of objects) watches.put(deployed(object));
	watches.edit('Deployment/demo/web', web => {
		web.metadata.generation = 1;
		web['status'] = {observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2};
	});
	const cluster = new RollingCluster(watches);
	const clock = new FakeClock();
	const engine = new DriftEngine({
		apps: [{definition: appDefinition(), destination: destinationOf(cluster), policy: {autoSync: true, selfHeal: false, prune: false}}],
		git: () => git,
		render: render.port,
		readOnly: false,
		intervalMs: 3_600_000,
		clock,
		audit: new RecordingAuditLog(),
		sleep: async () => {},
		sourceEdits: {
			openWorkspace: fakeWorkspaces(git),
			messages: {keep: keepCommitMessage, setImage: setImageCommitMessage, promote: promoteCommitMessage},
		},
	});
	engines.push(engine);
	const events: TimelineEvent[] = [];
	engine.onEvent(event => void events.push(event));
	await engine.start();
	await clock.advance(0);
	const app = (): AppView => engine.app('shop');
	const until = async (done: (view: AppView) => boolean, what: string) => clock.advanceUntil(app, done, what);
	/** The Deployment controller: `updated` of 2 replicas run the new template, all of them ready. */
	const rollTo = (updated: number) =>
		watches.edit('Deployment/demo/web', web => {
			const replicas = updated < 2 ? 3 : 2; // a surge pod while old ones still run
			web['status'] = {
				observedGeneration: web.metadata.generation,
				replicas,
				updatedReplicas: updated,
				readyReplicas: 2,
				availableReplicas: 2,
			};
		});
	const liveImage = () =>
		(watches.find('Deployment/demo/web')?.['spec'] as {template: {spec: {containers: Array<{image: string}>}}}).template.spec.containers[0]
			?.image;
	return {git, cluster, clock, engine, app, until, rollTo, liveImage, events};
}

describe('set-image with auto-sync on: commit → sync → rollout → Healthy', () => {
	it('auto-sync deploys the commit, the rollout is followed to Healthy, and the timeline says it in that order', async () => {
		const {engine, git, cluster, clock, app, until, rollTo, liveImage, events} = await start();
		expect(app().status).toMatchObject({syncStatus: 'Synced', health: {status: 'Healthy'}});
		const first = git.head.sha;
		events.splice(0);

		const result = await engine.setImage('shop', ['web=nginx:1.28']);
		expect(result.ok, result.message).toBe(true);
		expect(result.message).toBe(`${git.head.shortSha} pushed to main; auto-sync deploys the new commit after the next poll`);
		const commit = git.head;
		expect(commit.sha).not.toBe(first);

		// The poll sees the new revision, auto-sync applies it: the API server bumps the generation,
		// so the Deployment is Progressing until its controller has rolled the new pods out.
		await until(view => view.history[0]?.revision === commit.sha, 'the auto-sync of the new commit');
		expect(app().history[0]).toMatchObject({initiatedBy: 'auto-sync', subject: 'Set image web=nginx:1.28 in Deployment/web'});
		expect(liveImage()).toBe('nginx:1.28');
		expect(cluster.writes()).toContain('apply Deployment/demo/web');
		await until(view => view.status.health.status === 'Progressing', 'Progressing while the controller has not observed the spec');
		expect(app().status.syncStatus).toBe('Synced');
		expect(app().status.health.message).toContain(
			'Waiting for rollout to finish: observed deployment generation less than desired generation',
		);

		rollTo(1);
		await until(view => view.status.health.message.includes('1 out of 2 new replicas have been updated'), 'half rolled out');
		expect(app().timeline.some(entry => entry.type === 'rollout-finished')).toBe(false);
		await clock.advance(5_000); // the controller takes a while
		rollTo(2);
		await until(view => view.status.health.status === 'Healthy', 'Healthy');

		const told = events.map(event => describeTimelineEvent(event));
		expect(told).toEqual([
			`set image of Deployment/demo/web in Git: ${commit.shortSha} "Set image web=nginx:1.28 in Deployment/web" (pushed)`,
			`new commit ${commit.shortSha}: Set image web=nginx:1.28 in Deployment/web (driftwatch)`,
			`synced ${commit.shortSha} (auto-sync): synced: 2 applied, 0 pruned`,
			'Deployment/demo/web: rolling out nginx:1.28',
			'Deployment/demo/web is in sync again',
			'Healthy → Progressing: Caused by Deployment/demo/web: Waiting for rollout to finish: observed deployment generation less than desired generation',
			'Deployment/demo/web: rolled out in 5s: Healthy',
			'Progressing → Healthy',
		]);
		// The order is the point: each step after the one that caused it.
		const order = ['source-edited', 'commit-seen', 'synced', 'rollout-started', 'rollout-finished'].map(type =>
			events.findIndex(event => event.type === type),
		);
		expect(order.every((index, position) => index >= 0 && (position === 0 || index > (order[position - 1] ?? -1)))).toBe(true);
		const finished = events.find(event => event.type === 'rollout-finished');
		expect(finished).toMatchObject({object: 'Deployment/demo/web', health: 'Healthy'});
		expect(app().status).toMatchObject({syncStatus: 'Synced', revision: {sha: commit.sha}});
	});
});
