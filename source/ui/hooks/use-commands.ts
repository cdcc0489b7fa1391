/**
 * Lets the screen on show handle commands first. The root's single input hook resolves keys to
 * commands (keymap.ts) and offers each to the registered handler; unhandled ones fall back to the
 * root. The latest handler is kept in a ref so registering happens once per mount.
 */
import {useEffect, useLayoutEffect, useRef} from 'react';
import {type CommandHandler, useUi} from '../ui-context.js';

/** Registers the screen's command handler for as long as the screen is mounted. */
export function useCommands(handler: CommandHandler): void {
	const {registerCommands} = useUi();
	const latest = useRef(handler);
	// Updated on commit, not during render; keys arrive between commits.
	useLayoutEffect(() => {
		latest.current = handler;
	});
	useEffect(() => registerCommands(command => latest.current(command)), [registerCommands]);
}
