/**
 * What the UI's lab panel (`L`, `:lab`) is given in `driftwatch lab`: the exercises in order, their
 * progress (an immutable snapshot with a change subscription, like the engine's store), a way to
 * make a step's human action, and what a second terminal needs. With a real cluster the UI gets no
 * LabPanel, and nothing of the lab shows. LabExercises (lab-exercises.ts) implements it.
 */
import type {ExerciseProgress} from './exercise-progress.js';
import type {Exercise} from './exercise-types.js';

/** Where a person finds the lab from another terminal (as `driftwatch lab --print-env` prints it). */
export interface SecondTerminal {
	/** The lab cluster's kubeconfig, for `kubectl`. */
	kubeconfig: string;
	/** The demo's working clone, to edit, commit and `git push`. */
	clone: string;
}

export interface LabPanel {
	/** The lab's app (the demo's Application). */
	readonly app: string;
	/** Its namespace, as the steps' commands name it. */
	readonly namespace: string;
	readonly exercises: readonly Exercise[];
	readonly secondTerminal?: SecondTerminal;
	getSnapshot(): readonly ExerciseProgress[];
	subscribe(listener: () => void): () => void;
	/** Makes the exercise's current step (the first not done) for the person; resolves when it is made. */
	runStep(exerciseId: string): Promise<void>;
}
