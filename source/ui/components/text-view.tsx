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

/** The style of a line: its color and weight. */
export type LineStyle = Omit<StyledLine, 'text'>;

/** Props of TextView; `top` is the first visible line. */
export interface TextViewProps<Line extends {text: string}> {
	lines: readonly Line[];
	/**
	 * The style of a line, asked for the visible lines only (a 10,000-line diff is not copied into
	 * styled lines to show 35 of them); default: the line's own `color` and `bold`.
	 */
	styleOf?: (line: Line) => LineStyle;
	top: number;
	height: number;
}

const ownStyle = (line: StyledLine): LineStyle => line;

/** The visible window of `lines`. */
export function TextView<Line extends {text: string}>({lines, styleOf = ownStyle, top, height}: TextViewProps<Line>) {
	return (
		<WindowedList
			count={lines.length}
			cursor={-1}
			top={top}
			height={height}
			renderRow={index => {
				const line = lines[index];
				if (!line) return null;
				const style = styleOf(line);
				// An empty string renders no row in ink; a space keeps blank lines in place.
				return (
					<Text color={style.color} bold={style.bold} wrap="truncate-end">
						{line.text || ' '}
					</Text>
				);
			}}
		/>
	);
}

/** '12-31/240', the position shown in titles. */
export function positionText(top: number, height: number, total: number): string {
	if (total === 0) return '0/0';
	return `${top + 1}-${Math.min(total, top + height)}/${total}`;
}
