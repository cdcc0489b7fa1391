/**
 * An error in place: what went wrong and what the user can do, in plain words (the rows of
 * presentation/error-text.ts, wrapped). The UI keeps running; the engine retries, and the rest of
 * the screen still shows the last known state.
 */
import {Box} from 'ink';
import {errorRows as presentedRows, type ErrorRow} from '../../presentation/error-text.js';
import {toneColors} from '../theme.js';
import {wrapWords} from '../wrap-words.js';
import {Text} from './text.js';

/** One row of a notice, wrapped to the width. */
export type NoticeRow = ErrorRow;

/**
 * The notice as rows wrapped to `width`: the message (two rows at most), then the hint (two rows).
 * `error`: anything thrown, or `{code, message, hint}`; `context` goes before the message.
 */
export function errorRows(error: unknown, width: number, context = ''): NoticeRow[] {
	return presentedRows(error, context).flatMap(row => wrapWords(row.text, width, 2).map((text): NoticeRow => ({text, tone: row.tone})));
}

/** The rows of `errorRows`, colored by tone. */
export function ErrorNotice({rows}: {rows: readonly NoticeRow[]}) {
	return (
		<Box flexDirection="column" flexShrink={0}>
			{rows.map((row, index) => (
				<Text key={index} color={toneColors[row.tone]} wrap="truncate-end">
					{row.text}
				</Text>
			))}
		</Box>
	);
}
