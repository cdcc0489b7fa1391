/**
 * The shape of a lab exercise: ordered steps, each with what a person would do, what to expect,
 * a runner that makes the same request or commit for them, and a pure check over the engine's
 * published snapshot that says when the expected outcome has been observed.
 */
import type {AppView} from '../engine/engine-state.js';
import type {LabClusterPort, LabEnginePort, LabGitPort} from './lab-ports.js';
import type {Observations} from './observations.js';

export interface StepOutcome {
	/** When the step started (ISO); observations count from here. */
	at: string;
	/** False when the step itself failed (the request was refused unexpectedly, the push failed...). */
	ok: boolean;
	/** What was done, in words ("deleted pod web-7d9f-x2k4q"), or what failed. */
	message: string;
	/** Facts the step's check needs: the deleted pod, the pushed commit, the refusal's code... */
	facts: Record<string, string>;
}

/** What a step's runner reports; the caller adds the start time. */
export type StepResult = Omit<StepOutcome, 'at'>;

export interface StepContext {
	app: string;
	namespace: string;
	cluster: LabClusterPort;
	git: LabGitPort;
	engine: LabEnginePort;
	/** The app as the engine publishes it now. */
	view(): AppView;
}

export interface StepCheck {
	view: AppView;
	observed: Observations;
	outcome: StepOutcome;
}

export interface ExerciseStep {
	id: string;
	/** What a person would do: a command line, or driftwatch actions (see `uiCommands`). */
	do(where: {namespace: string}): string;
	/** Keymap commands the step uses in driftwatch, so a panel can show their keys. */
	uiCommands: string[];
	/** What to watch for. */
	expect: string;
	run(context: StepContext): Promise<StepResult>;
	/** Pure: has the engine observed what `expect` describes? */
	done(check: StepCheck): boolean;
}

export interface Exercise {
	id: string;
	title: string;
	/** Why the exercise matters, in one or two sentences. */
	about: string;
	steps: ExerciseStep[];
}
