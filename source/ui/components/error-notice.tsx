/**
 * An app's error in place: what went wrong and what the user can do, in plain words. The UI keeps
 * running; the engine retries, and the rest of the screen still shows the last known state.
 */
import {Box, Text} from 'ink';
import type {AppError} from '../../core/app-status.js';
import {theme} from '../theme.js';
import {wrapWords} from '../wrap-words.js';

/** One row of a notice: the error, or the hint of what to do. */
export interface NoticeRow {
	text: string;
	tone: 'error' | 'hint';
}

/** The notice as rows wrapped to `width`: the message (two rows at most), then the hint. */
export function errorRows(error: AppError, width: number, prefix = ''): NoticeRow[] {
	const message = wrapWords(`✖ ${prefix}${error.message}`, width, 2).map((text): NoticeRow => ({text, tone: 'error'}));
	const hint = error.hint ? wrapWords(`→ ${error.hint}`, width, 2).map((text): NoticeRow => ({text, tone: 'hint'})) : [];
	return [...message, ...hint];
}

/** The rows of `errorRows`, colored by tone. */
export function ErrorNotice({rows}: {rows: readonly NoticeRow[]}) {
	return (
		<Box flexDirection="column" flexShrink={0}>
			{rows.map((row, index) => (
				<Text key={index} color={row.tone === 'hint' ? theme.warning : theme.danger} wrap="truncate-end">
					{row.text}
				</Text>
			))}
		</Box>
	);
}
