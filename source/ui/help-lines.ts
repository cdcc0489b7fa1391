/**
 * The help text, generated from the keymap's tables: every binding with its keys, label and
 * description, the dialog and prompt keys, the ':' commands, and for each action that cannot
 * run now, why. Pure.
 */
import type {AppView, EngineSnapshot} from '../engine/engine-state.js';
import {unavailableReason} from './availability.js';
import type {StyledLine} from './components/text-view.js';
import {
	type Binding,
	bindings,
	colonCommands,
	confirmBindings,
	interruptBindings,
	keysLabel,
	promptBindings,
	type Section,
} from './keymap.js';
import {theme} from './theme.js';

const keyWidth = 16;
const labelWidth = 17;

function bindingLines(binding: Binding<string>, reason: string | null): StyledLine[] {
	const line: StyledLine = {text: `  ${keysLabel(binding).padEnd(keyWidth)}${binding.label.padEnd(labelWidth)}${binding.description}`};
	if (!reason) return [line];
	return [line, {text: `  ${''.padEnd(keyWidth)}✖ unavailable: ${reason}`, color: theme.warning}];
}

function heading(text: string): StyledLine {
	return {text, color: theme.accent, bold: true};
}

/** The help lines; availability is computed for `app` in `snapshot`. */
export function helpLines(snapshot: EngineSnapshot, app: AppView | undefined): StyledLine[] {
	const sections: Section[] = ['Navigation', 'Views', 'Actions'];
	const lines: StyledLine[] = [];
	for (const section of sections) {
		lines.push(heading(section));
		for (const binding of bindings.filter(candidate => candidate.section === section))
			lines.push(...bindingLines(binding, unavailableReason(binding.guard, snapshot, app)));
	}
	lines.push(heading('Anywhere'));
	for (const binding of interruptBindings) lines.push(...bindingLines(binding, null));
	lines.push(heading('In a confirmation'));
	for (const binding of confirmBindings) lines.push(...bindingLines(binding, null));
	lines.push(heading('In the / and : prompts'));
	for (const binding of promptBindings) lines.push(...bindingLines(binding, null));
	lines.push(heading('Commands (after :)'));
	for (const command of colonCommands) lines.push({text: `  ${`${command.usage} `.padEnd(keyWidth + labelWidth)}${command.description}`});
	return lines;
}
