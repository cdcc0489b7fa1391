/**
 * A cursor over `count` rows, moved by the navigation commands and remembered per screen.
 * The stored value is clamped at render time, so rows disappearing under it (a filter, a pod
 * going away) never leave it out of range.
 */
import type {CommandId} from '../keymap.js';
import {useRemembered} from './use-remembered.js';

/** A cursor and its command handler. */
export interface ListCursor {
	cursor: number;
	setCursor: (index: number) => void;
	/** Moves the cursor for a navigation command; false for other commands. */
	handle: (command: CommandId) => boolean;
}

/** `value` limited to [low, high]. */
export function clamp(value: number, low: number, high: number): number {
	return Math.max(low, Math.min(high, value));
}

/**
 * @param memoryKey where the position is remembered ('apps', 'app:web').
 * @param pageSize rows moved by PgUp/PgDn: the visible height.
 */
export function useListCursor(memoryKey: string, count: number, pageSize: number): ListCursor {
	const [stored, setStored] = useRemembered(memoryKey, 0);
	const last = Math.max(0, count - 1);
	const cursor = clamp(stored, 0, last);
	const setCursor = (index: number) => {
		setStored(clamp(index, 0, last));
	};
	const page = Math.max(1, pageSize - 1);
	// Moves are relative to the latest stored value, so several presses handled before the next
	// render (keys arriving together) all count.
	const handle = (command: CommandId): boolean => {
		const moves: Partial<Record<CommandId, (from: number) => number>> = {
			up: from => from - 1,
			down: from => from + 1,
			top: () => 0,
			bottom: () => last,
			pageUp: from => from - page,
			pageDown: from => from + page,
		};
		const move = moves[command];
		if (move === undefined) return false;
		setStored(previous => clamp(move(clamp(previous, 0, last)), 0, last));
		return true;
	};
	return {cursor, setCursor, handle};
}
