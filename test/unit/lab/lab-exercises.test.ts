/**
 * The live exercise controller over a fake engine store: a step runs its human action once,
 * waits, and ticks from later snapshots; a failing action is a failed step with its message.
 */
import {describe, expect, it} from 'vitest';
import type {AppView, EngineSnapshot, EngineStore} from '../../../source/engine/engine-state.js';
import {currentStep, exerciseDone, initialProgress, viewChanged} from '../../../source/lab/exercise-progress.js';
import {exercises} from '../../../source/lab/exercises.js';
import {LabExercises} from '../../../source/lab/lab-exercises.js';
import {FakeCluster, FakeEngine, FakeGit} from './support/fake-ports.js';
import {event, namespace, view} from './support/views.js';

class FakeStore implements EngineStore {
	private listeners = new Set<() => void>();
	private snapshot: EngineSnapshot;
	constructor(app: AppView) {
		this.snapshot = {apps: [app], readOnly: false, user: 'admin', context: 'driftwatch-admin', server: '', watches: [], version: 1};
	}
	publish(app: AppView): void {
		this.snapshot = {...this.snapshot, apps: [app], version: this.snapshot.version + 1};
		for (const listener of this.listeners) listener();
	}
	getSnapshot(): EngineSnapshot {
		return this.snapshot;
	}
	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}
}

function setup() {
	const store = new FakeStore(view());
	const cluster = new FakeCluster();
	let clock = Date.parse('2026-01-01T00:00:10.000Z');
	const lab = new LabExercises({
		app: 'counter',
		store,
		context: {namespace, cluster, git: new FakeGit(), engine: new FakeEngine()},
		now: () => new Date(clock),
	});
	return {store, cluster, lab, tick: () => (clock += 1000)};
}

const status = (lab: LabExercises, id: string) =>
	lab
		.getSnapshot()
		.find(entry => entry.id === id)
		?.steps.map(step => step.status);

describe('LabExercises', () => {
	it('runs the current step, waits, and ticks when a later snapshot shows the outcome', async () => {
		const {store, cluster, lab} = setup();
		let changes = 0;
		lab.subscribe(() => changes++);
		await lab.runStep('scale-reverted');
		expect(cluster.calls).toEqual(['scale counter/web 5']);
		expect(status(lab, 'scale-reverted')).toEqual(['waiting']);
		store.publish(view({timeline: [event('healed', '2026-01-01T00:00:10.500Z', 'Deployment/counter/web')]}));
		expect(status(lab, 'scale-reverted')).toEqual(['done']);
		expect(exerciseDone(lab.getSnapshot(), 'scale-reverted')).toBe(true);
		expect(changes).toBeGreaterThanOrEqual(3);
		// Done: running it again does nothing.
		await lab.runStep('scale-reverted');
		expect(cluster.calls).toHaveLength(1);
	});

	it('moves through an exercise step by step', async () => {
		const {lab} = setup();
		expect(currentStep(lab.getSnapshot(), 'manual-sync')).toBe(0);
		await lab.runStep('manual-sync');
		expect(status(lab, 'manual-sync')).toEqual(['waiting', 'todo', 'todo']);
		// Not done yet: runStep repeats the current step (a person may retry it).
		expect(currentStep(lab.getSnapshot(), 'manual-sync')).toBe(0);
	});

	it('a step whose action throws is failed, with the message', async () => {
		const {cluster, lab} = setup();
		cluster.deleteService = () => Promise.reject(new Error('services "web" not found'));
		await lab.runStep('service-recreated');
		const step = lab.getSnapshot().find(entry => entry.id === 'service-recreated')?.steps[0];
		expect(step).toMatchObject({status: 'failed', outcome: {ok: false, message: 'services "web" not found'}});
	});

	it('does not wake readers when no step runs or waits', () => {
		const progress = initialProgress(exercises);
		expect(viewChanged(progress, exercises, view())).toBe(progress);
	});

	it('stops following the store', async () => {
		const {store, lab} = setup();
		await lab.runStep('scale-reverted');
		lab.stop();
		store.publish(view({timeline: [event('healed', '2026-01-01T00:00:10.500Z', 'Deployment/counter/web')]}));
		expect(status(lab, 'scale-reverted')).toEqual(['waiting']);
	});
});
