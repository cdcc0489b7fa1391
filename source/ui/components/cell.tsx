/** One column of a table row: fixed width (or growing), truncated, never wrapping. */
import type {ReactNode} from 'react';
import {Box} from 'ink';
import {Text} from './text.js';
import type {Color} from '../theme.js';

/** Props of Cell. */
export interface CellProps {
	/** Fixed width in columns; omit to take the remaining space. */
	width?: number;
	color?: Color;
	bold?: boolean;
	dim?: boolean;
	children: ReactNode;
}

/** A table cell. */
export function Cell({width, color, bold, dim, children}: CellProps) {
	const sizing = width === undefined ? {flexGrow: 1, flexShrink: 1, minWidth: 8} : {width, flexShrink: 0};
	return (
		<Box {...sizing} paddingRight={1} overflow="hidden">
			<Text color={color} bold={bold} dimColor={dim} wrap="truncate-end">
				{children}
			</Text>
		</Box>
	);
}
