/**
 * Where a person is in the lab: per exercise, per step, whether it is to do, running (the human
 * step is being made), waiting (made; the expected outcome not yet observed), done, or failed.
 * Pure: the controller (lab-exercises.ts) feeds it step outcomes and engine snapshots.
 */
import type {AppView} from '../engine/engine-state.js';
import type {Exercise, StepOutcome} from './exercise-types.js';
import {type Observations, observe, startObserving} from './observations.js';

export type StepStatus = 'todo' | 'running' | 'waiting' | 'done' | 'failed';

export interface StepProgress {
	status: StepStatus;
	outcome?: StepOutcome;
	observed?: Observations;
}

export interface ExerciseProgress {
	id: string;
	steps: StepProgress[];
}

export function initialProgress(exercises: readonly Exercise[]): readonly ExerciseProgress[] {
	return exercises.map(exercise => ({id: exercise.id, steps: exercise.steps.map(() => ({status: 'todo'}))}));
}

/** The first step of the exercise that is not done (running, waiting or failed steps count as current). */
export function currentStep(progress: readonly ExerciseProgress[], exerciseId: string): number | undefined {
	const steps = progress.find(exercise => exercise.id === exerciseId)?.steps ?? [];
	const index = steps.findIndex(step => step.status !== 'done');
	return index < 0 ? undefined : index;
}

export function exerciseDone(progress: readonly ExerciseProgress[], exerciseId: string): boolean {
	const steps = progress.find(exercise => exercise.id === exerciseId)?.steps ?? [];
	return steps.length > 0 && steps.every(step => step.status === 'done');
}

function updateStep(
	progress: readonly ExerciseProgress[],
	exerciseId: string,
	index: number,
	update: (step: StepProgress) => StepProgress,
): ExerciseProgress[] {
	return progress.map(exercise =>
		exercise.id === exerciseId ? {...exercise, steps: exercise.steps.map((step, at) => (at === index ? update(step) : step))} : exercise,
	);
}

export function stepStarted(
	progress: readonly ExerciseProgress[],
	exerciseId: string,
	index: number,
	at: string,
): readonly ExerciseProgress[] {
	return updateStep(progress, exerciseId, index, () => ({status: 'running', observed: startObserving(at)}));
}

export function stepFinished(
	progress: readonly ExerciseProgress[],
	exerciseId: string,
	index: number,
	outcome: StepOutcome,
): ExerciseProgress[] {
	return updateStep(progress, exerciseId, index, step => ({...step, outcome, status: outcome.ok ? 'waiting' : 'failed'}));
}

/** Folds a snapshot into every step that runs or waits, and ticks those whose check now holds. */
export function viewChanged(
	progress: readonly ExerciseProgress[],
	exercises: readonly Exercise[],
	view: AppView,
): readonly ExerciseProgress[] {
	const next = progress.map((exercise): ExerciseProgress => {
		const definition = exercises.find(candidate => candidate.id === exercise.id);
		if (!definition || !exercise.steps.some(step => step.status === 'running' || step.status === 'waiting')) return exercise;
		return {
			...exercise,
			steps: exercise.steps.map((step, index): StepProgress => {
				if ((step.status !== 'running' && step.status !== 'waiting') || !step.observed) return step;
				const observed = observe(step.observed, view);
				const check = definition.steps[index];
				const done = step.status === 'waiting' && step.outcome && check ? check.done({view, observed, outcome: step.outcome}) : false;
				return {...step, observed, status: done ? 'done' : step.status};
			}),
		};
	});
	// Unchanged when no step runs or waits, so readers are not woken for nothing.
	return next.every((exercise, index) => exercise === progress[index]) ? progress : next;
}
