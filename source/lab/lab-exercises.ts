/**
 * The lab's exercises as a live object for the UI's lab panel: runs a step's human action on
 * request, follows the engine's snapshots, and ticks steps when their check holds. Readers get an
 * immutable snapshot and a change subscription, like the engine's own store.
 */
import {describeError} from '../core/errors.js';
import type {AppView, EngineStore} from '../engine/engine-state.js';
import {type ExerciseProgress, currentStep, initialProgress, stepFinished, stepStarted, viewChanged} from './exercise-progress.js';
import type {Exercise, StepContext} from './exercise-types.js';
import {exercises as labExercises} from './exercises.js';

export interface LabExercisesOptions {
	app: string;
	store: EngineStore;
	context: Omit<StepContext, 'view' | 'app'>;
	exercises?: readonly Exercise[];
	now?: () => Date;
}

export class LabExercises {
	readonly exercises: readonly Exercise[];
	private progress: readonly ExerciseProgress[];
	private readonly listeners = new Set<() => void>();
	private readonly unsubscribe: () => void;
	private readonly now: () => Date;

	constructor(private readonly options: LabExercisesOptions) {
		this.exercises = options.exercises ?? labExercises;
		this.progress = initialProgress(this.exercises);
		this.now = options.now ?? (() => new Date());
		this.unsubscribe = options.store.subscribe(() => this.onSnapshot());
	}

	getSnapshot(): readonly ExerciseProgress[] {
		return this.progress;
	}

	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Runs the exercise's current step (the first one not done); resolves when its action is made. */
	async runStep(exerciseId: string): Promise<void> {
		const exercise = this.exercises.find(candidate => candidate.id === exerciseId);
		const index = currentStep(this.progress, exerciseId);
		const step = index === undefined ? undefined : exercise?.steps[index];
		if (!exercise || index === undefined || !step) return;
		const status = this.progress.find(entry => entry.id === exerciseId)?.steps[index]?.status;
		if (status === 'running') return;
		const at = this.now().toISOString();
		this.set(stepStarted(this.progress, exerciseId, index, at));
		const context: StepContext = {...this.options.context, app: this.options.app, view: () => this.view()};
		let result;
		try {
			result = await step.run(context);
		} catch (error) {
			result = {ok: false, message: describeError(error), facts: {}};
		}
		this.set(stepFinished(this.progress, exerciseId, index, {...result, at}));
		this.onSnapshot();
	}

	stop(): void {
		this.unsubscribe();
		this.listeners.clear();
	}

	private view(): AppView {
		const view = this.options.store.getSnapshot().apps.find(app => app.name === this.options.app);
		if (!view) throw new Error(`the engine has no app named "${this.options.app}"`);
		return view;
	}

	private onSnapshot(): void {
		const view = this.options.store.getSnapshot().apps.find(app => app.name === this.options.app);
		if (view) this.set(viewChanged(this.progress, this.exercises, view));
	}

	private set(progress: readonly ExerciseProgress[]): void {
		if (progress === this.progress) return;
		this.progress = progress;
		for (const listener of this.listeners) listener();
	}
}
