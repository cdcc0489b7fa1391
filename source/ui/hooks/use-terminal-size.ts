/**
 * The terminal's size, following resizes. Ink's own useWindowSize falls back to the size of the
 * process's controlling terminal when the output stream has no size; reading the stream we render
 * to (80x24 when the stream has no size) keeps tests and captures independent of the machine.
 */
import {useEffect, useState} from 'react';
import {useStdout} from 'ink';

/** A terminal size in character cells. */
export interface TerminalSize {
	columns: number;
	rows: number;
}

/** The smallest layout driftwatch is designed for; smaller terminals still render, clipped. */
export const minimumSize: TerminalSize = {columns: 80, rows: 24};

function sizeOf(stream: NodeJS.WritableStream & {columns?: number; rows?: number}): TerminalSize {
	return {columns: stream.columns || minimumSize.columns, rows: stream.rows || minimumSize.rows};
}

/** Columns and rows of the output stream; re-renders on its 'resize' event. */
export function useTerminalSize(): TerminalSize {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => sizeOf(stdout));
	useEffect(() => {
		const onResize = () => {
			const next = sizeOf(stdout);
			setSize(previous => (previous.columns === next.columns && previous.rows === next.rows ? previous : next));
		};
		stdout.on('resize', onResize);
		onResize();
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}
