/** A window onto a long list of styled lines (diff, YAML, logs): only the visible ones render. */
import {Text} from './text.js';
import type {Color} from '../theme.js';
import {WindowedList} from './windowed-list.js';

/** A line of text with its style. */
export interface StyledLine {
	text: string;
	color?: Color;
	bold?: boolean;
}

/** Props of TextView; `top` is the first visible line. */
export interface TextViewProps {
	lines: readonly StyledLine[];
	top: number;
	height: number;
}

/** The visible window of `lines`. */
export function TextView({lines, top, height}: TextViewProps) {
	return (
		<WindowedList
			count={lines.length}
			cursor={-1}
			top={top}
			height={height}
			renderRow={index => {
				const line = lines[index];
				// An empty string renders no row in ink; a space keeps blank lines in place.
				return line ? (
					<Text color={line.color} bold={line.bold} wrap="truncate-end">
						{line.text || ' '}
					</Text>
				) : null;
			}}
		/>
	);
}

/** '12-31/240', the position shown in titles. */
export function positionText(top: number, height: number, total: number): string {
	if (total === 0) return '0/0';
	return `${top + 1}-${Math.min(total, top + height)}/${total}`;
}
