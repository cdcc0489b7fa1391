/**
 * A list that renders only the rows that fit: a diff or a log of 100,000 lines costs the same
 * frame as one of 20. The window follows the cursor with the fewest moves (no re-centering),
 * so scrolling is smooth.
 */
import {useState, type ReactNode} from 'react';
import {Box} from 'ink';
import {clamp} from '../hooks/use-list-cursor.js';

/** Props of WindowedList. */
export interface WindowedListProps {
	count: number;
	/** Index of the row under the cursor; -1 for a list without a cursor (then `top` decides). */
	cursor: number;
	/** Rows available. */
	height: number;
	/** First row to show when there is no cursor. Default 0. */
	top?: number;
	/** Mark the cursor's row as selected; false keeps the window but shows no cursor. Default true. */
	active?: boolean;
	renderRow: (index: number, selected: boolean) => ReactNode;
}

/** The first visible row that keeps `cursor` in view, moving as little as possible from `previous`. */
export function windowStart(previous: number, cursor: number, count: number, height: number): number {
	let start = previous;
	if (cursor < start) start = cursor;
	else if (cursor >= start + height) start = cursor - height + 1;
	return clamp(start, 0, Math.max(0, count - height));
}

/** Renders rows [start, start + height) of a list of `count` rows. */
export function WindowedList({count, cursor, height, top = 0, active = true, renderRow}: WindowedListProps) {
	// The window start is kept from the previous render (React's "adjust state while rendering"):
	// setting it here re-renders once, before anything is drawn.
	const [previous, setPrevious] = useState(0);
	const start = cursor >= 0 ? windowStart(previous, cursor, count, height) : clamp(top, 0, Math.max(0, count - height));
	if (start !== previous) setPrevious(start);
	const rows: ReactNode[] = [];
	for (let index = start; index < Math.min(count, start + Math.max(0, height)); index++)
		rows.push(<Box key={index - start}>{renderRow(index, active && index === cursor)}</Box>);
	return (
		<Box flexDirection="column" height={Math.max(0, height)} overflow="hidden">
			{rows}
		</Box>
	);
}
