/**
 * `driftwatch lab` for UI tests: the lab's app (`counter`, as the engine publishes it) in a
 * fixture store, and the real exercise controller on it with fakes of the lab's ports, so a key in
 * the panel makes a (fake) kubectl request or push, and a snapshot pushed into the store ticks it.
 */
import {fixtureSnapshot} from '../../../../fixtures/ui/apps.js';
import type {AppView} from '../../../../source/engine/engine-state.js';
import {LabExercises} from '../../../../source/lab/exercises/lab-exercises.js';
import {FakeCluster, FakeEngine, FakeGit} from '../../lab/support/fake-ports.js';
import {namespace, view} from '../../lab/support/views.js';
import {FixtureStore} from './fixture-store.js';

/** Where a lab's steps start (observations count from here; the fixture views' times are after it). */
export const labStart = Date.parse('2026-01-01T00:00:10.000Z');

export function labFixture(app: AppView = view()) {
	const store = new FixtureStore({...fixtureSnapshot([app]), context: 'driftwatch-admin'});
	const cluster = new FakeCluster();
	const git = new FakeGit();
	const engine = new FakeEngine();
	const lab = new LabExercises({
		app: 'counter',
		store,
		context: {namespace, cluster, git, engine},
		secondTerminal: {kubeconfig: '/dev/shm/driftwatch-cluster-7f3a/kubeconfig', clone: '/dev/shm/driftwatch-cluster-7f3a/git/work'},
		now: () => new Date(labStart),
	});
	/** Publishes the lab's app as the engine would after a change. */
	const publish = (next: AppView) => store.push(previous => ({...previous, apps: [next]}));
	return {store, cluster, git, engine, lab, publish};
}
