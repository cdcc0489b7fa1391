/**
 * The app's single input hook. A key goes to the open dialog or prompt if there is one;
 * otherwise it is resolved to a command through the keymap and offered to the screen on show,
 * then to the root. Nothing else in the UI reads raw keys.
 */
import {type RefObject} from 'react';
import {useInput} from 'ink';
import {type CommandId, bindings, confirmBindings, interruptBindings, promptBindings, resolveKey} from '../keymap.js';
import type {UiIntent, UiState} from '../navigation.js';
import type {CommandHandler} from '../ui-context.js';
import type {ActionFlow} from './use-action-flow.js';

/** What the input hook routes keys to. */
export interface KeyDispatch {
	ui: UiState;
	dispatch: (intent: UiIntent) => void;
	flow: ActionFlow;
	screenHandler: RefObject<CommandHandler | null>;
	onGlobal: (command: CommandId) => void;
	onColonCommand: (text: string) => void;
	/** Scrolls the open plan by this many lines (negative: up); the root knows how tall the dialog is. */
	scrollDialog: (lines: number) => void;
	/** Body lines of the plan a page scroll moves. */
	dialogPage: number;
}

/** Printable input for a prompt: no control characters (ink passes '' for special keys). */
function printable(input: string): boolean {
	// eslint-disable-next-line no-control-regex
	return input.length > 0 && !/[\u0000-\u001F\u007F]/.test(input);
}

/** Routes every key press (see the file comment). */
export function useKeyDispatch({ui, dispatch, flow, screenHandler, onGlobal, onColonCommand, scrollDialog, dialogPage}: KeyDispatch): void {
	const handle = (input: string, key: Parameters<Parameters<typeof useInput>[0]>[1]): void => {
		if (resolveKey(interruptBindings, input, key) === 'quit') return onGlobal('quit');
		const {dialog} = flow;
		if (dialog) {
			if (dialog.stage === 'result') return flow.cancel();
			const command = resolveKey(confirmBindings, input, key);
			if (command === 'confirm') flow.confirm();
			else if (command === 'cancel') flow.cancel();
			else if (command === 'scrollDown') scrollDialog(1);
			else if (command === 'scrollUp') scrollDialog(-1);
			else if (command === 'scrollPageDown') scrollDialog(dialogPage);
			else if (command === 'scrollPageUp') scrollDialog(-dialogPage);
			return;
		}
		if (ui.prompt) {
			const command = resolveKey(promptBindings, input, key);
			if (command === 'submit') {
				dispatch({type: 'closePrompt', keepFilter: true});
				if (ui.prompt.mode === 'command') onColonCommand(ui.prompt.text);
			} else if (command === 'cancel') dispatch({type: 'closePrompt', keepFilter: false});
			else if (command === 'erase') dispatch({type: 'erasePrompt'});
			else if (!key.ctrl && !key.meta && printable(input)) dispatch({type: 'typePrompt', text: input});
			return;
		}
		const command = resolveKey(bindings, input, key);
		if (!command) return;
		if (ui.message) dispatch({type: 'notify', message: null});
		if (screenHandler.current?.(command)) return;
		onGlobal(command);
	};

	useInput((input, key) => {
		// Keys typed or repeated faster than a frame (holding j, a pasted "jjj", tmux send-keys) arrive
		// as one string: outside a prompt, each character is its own key press.
		if (!ui.prompt && !flow.dialog && input.length > 1 && !key.ctrl && !key.meta && printable(input)) {
			for (const character of input) handle(character, key);
			return;
		}
		handle(input, key);
	});
}
