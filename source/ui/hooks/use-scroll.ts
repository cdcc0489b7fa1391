/**
 * The first visible line of a long text (diff, YAML, logs), moved by the navigation commands.
 * 'end' pins the view to the bottom: the logs screen follows new lines while it is there, and
 * scrolling up stops following until G is pressed.
 */
import type {CommandId} from '../keymap.js';
import {clamp} from './use-list-cursor.js';
import {useRemembered} from './use-remembered.js';

/** A scroll position and its command handler. */
export interface Scroll {
	/** First visible line. */
	top: number;
	/** True while pinned to the bottom. */
	atEnd: boolean;
	handle: (command: CommandId) => boolean;
}

/** @param start where a first visit starts: 0 for the top, 'end' to follow the bottom. */
export function useScroll(memoryKey: string, lineCount: number, height: number, start: number | 'end' = 0): Scroll {
	const [stored, setStored] = useRemembered<number | 'end'>(memoryKey, start);
	const max = Math.max(0, lineCount - height);
	const top = stored === 'end' ? max : clamp(stored, 0, max);
	const page = Math.max(1, height - 1);
	const handle = (command: CommandId): boolean => {
		const moves: Partial<Record<CommandId, (from: number) => number>> = {
			up: from => from - 1,
			down: from => from + 1,
			top: () => 0,
			bottom: () => max,
			pageUp: from => from - page,
			pageDown: from => from + page,
		};
		const move = moves[command];
		if (move === undefined) return false;
		// Relative to the latest stored value (keys arriving together all count); reaching the
		// bottom by any move pins the view there again.
		setStored(previous => {
			const target = move(previous === 'end' ? max : clamp(previous, 0, max));
			return target >= max ? 'end' : clamp(target, 0, max);
		});
		return true;
	};
	return {top, atEnd: stored === 'end' || top >= max, handle};
}
