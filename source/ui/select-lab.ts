/**
 * What the lab panel shows, as rows: one line per exercise with its mark, and the selected
 * exercise's steps with what to do, what to expect, the keys it uses in driftwatch, and how the
 * step went. Pure: from the exercises, their progress and the width.
 */
import type {AppView} from '../engine/engine-state.js';
import type {ExerciseProgress, StepProgress, StepStatus} from '../lab/exercises/exercise-progress.js';
import {podsOf} from '../lab/exercises/observations.js';
import type {Exercise} from '../lab/exercises/exercise-types.js';
import type {SecondTerminal} from '../lab/exercises/lab-panel.js';
import type {StyledLine} from './components/text-view.js';
import {bindings, confirmBindings, keysLabel} from './keymap.js';
import {type Color, theme} from './theme.js';
import {wrapWords} from './wrap-words.js';

/** How each step status looks and reads. */
export const stepMarks: Record<StepStatus, {symbol: string; color: Color; word: string}> = {
	todo: {symbol: '○', color: theme.muted, word: 'to do'},
	running: {symbol: '◌', color: theme.info, word: 'making the step…'},
	waiting: {symbol: '◔', color: theme.warning, word: 'made; watching for the outcome…'},
	done: {symbol: '✔', color: theme.success, word: 'done'},
	failed: {symbol: '✖', color: theme.danger, word: 'failed'},
};

/** One exercise's status: failed or busy wins over done steps; done only when every step is. */
export function exerciseStatus(progress: ExerciseProgress | undefined): StepStatus {
	const steps = progress?.steps ?? [];
	for (const status of ['failed', 'running', 'waiting'] as const) if (steps.some(step => step.status === status)) return status;
	if (steps.length > 0 && steps.every(step => step.status === 'done')) return 'done';
	return 'todo';
}

/** "3/9 done". */
export function doneCount(progress: readonly ExerciseProgress[]): string {
	return `${progress.filter(entry => exerciseStatus(entry) === 'done').length}/${progress.length} done`;
}

/** The exercise's row in the list: "✔ 1  Delete a pod and watch it replaced  1/3". */
export function exerciseRow(
	exercise: Exercise,
	index: number,
	progress: ExerciseProgress | undefined,
): {mark: string; color: Color; text: string} {
	const status = exerciseStatus(progress);
	const steps = progress?.steps ?? [];
	const done = steps.filter(step => step.status === 'done').length;
	const partial = steps.length > 1 && done > 0 && done < steps.length ? `  (${done}/${steps.length} steps)` : '';
	return {mark: stepMarks[status].symbol, color: stepMarks[status].color, text: `${index + 1}  ${exercise.title}${partial}`};
}

/** "A auto-sync · s sync · y confirm": the keys of the commands a step uses in driftwatch. */
export function stepKeys(commands: readonly string[]): string {
	const all = [...bindings, ...confirmBindings];
	return commands
		.map(command => all.find(binding => binding.command === command))
		.filter(binding => binding !== undefined)
		.map(binding => `${keysLabel(binding).split('/')[0] ?? ''} ${binding.label.toLowerCase()}`)
		.join(' · ');
}

function wrapped(text: string, width: number, indent: string, color?: Color, maxRows = 3): StyledLine[] {
	return wrapWords(text, Math.max(10, width - indent.length), maxRows).map((row, index) => ({
		text: `${index === 0 ? indent : ' '.repeat(indent.length)}${row}`,
		...(color ? {color} : {}),
	}));
}

function outcomeLines(step: StepProgress, width: number): StyledLine[] {
	const outcome = step.outcome;
	if (step.status === 'running') return [{text: `      ${stepMarks.running.word}`, color: stepMarks.running.color}];
	if (!outcome) return [];
	if (!outcome.ok) return wrapped(`✖ ${outcome.message} — press x to try again`, width, '      ', theme.danger);
	const lines = wrapped(`did: ${outcome.message}`, width, '      ', theme.muted, 2);
	if (step.status === 'waiting') lines.push({text: `      ${stepMarks.waiting.word}`, color: stepMarks.waiting.color});
	return lines;
}

/** The selected exercise in full: title, why, and each step (the current one with what to expect). */
export function exerciseDetail(exercise: Exercise, progress: ExerciseProgress | undefined, namespace: string, width: number): StyledLine[] {
	const lines: StyledLine[] = [{text: exercise.title, bold: true}, ...wrapped(exercise.about, width, '', theme.muted, 2)];
	const steps = progress?.steps ?? [];
	const current = steps.findIndex(step => step.status !== 'done');
	exercise.steps.forEach((definition, index) => {
		const step = steps[index] ?? {status: 'todo'};
		const mark = stepMarks[step.status];
		const label = exercise.steps.length > 1 ? `step ${index + 1}: ` : '';
		const first = wrapped(`${label}${definition.do({namespace})}`, width, `  ${mark.symbol} `, undefined, 2);
		lines.push(...first.map((line, row) => (row === 0 ? {...line, color: mark.color} : line)));
		if (index === current) {
			lines.push(...wrapped(`expect: ${definition.expect}`, width, '      ', undefined, 3));
			const keys = stepKeys(definition.uiCommands);
			if (keys) lines.push({text: `      keys in driftwatch: ${keys}`, color: theme.accent});
		}
		lines.push(...outcomeLines(step, width));
	});
	if (current < 0) lines.push({text: '  ✔ done: driftwatch observed every expected outcome', color: theme.success});
	return lines;
}

/** What a second terminal needs, as `driftwatch lab --print-env` gives it. */
export function secondTerminalLines(terminal: SecondTerminal | undefined): StyledLine[] {
	if (!terminal) return [];
	return [
		{text: `second terminal: export KUBECONFIG=${terminal.kubeconfig}`, color: theme.muted},
		{text: `                 cd ${terminal.clone}`, color: theme.muted},
	];
}

/** "web-…-q6shb Running · web-…-x7k2p ContainerCreating": the app's pods, so a step's effect shows in the panel. */
export function podsLine(view: AppView): string {
	const pods = podsOf(view).map(pod => `${pod.name.replace(/^(.+)-[a-z0-9]+-([a-z0-9]+)$/, '$1-…-$2')} ${pod.liveState || '?'}`);
	return pods.length > 0 ? `pods  ${pods.join(' · ')}` : 'pods  none';
}
