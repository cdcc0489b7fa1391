/**
 * How an error is shown, in the UI and the CLI alike: what happened, then what the user can do.
 * Takes anything thrown (a DriftwatchError keeps its code and hint) or an error already
 * summarised as `{code, message, hint}` (AppError, JSON). Two forms: one line, 'message (hint)',
 * for status lines, dialogs and stderr; and a block, '✖ message' then '→ hint', for notices.
 */
import {errorSummary} from '../core/errors.js';
import type {Tone} from './badges.js';

/** An error as shown: a code for programs, a message, and what to do (may be empty). */
export interface ErrorText {
	code: string;
	message: string;
	hint: string;
}

/** One row of the block form, with its tone: the error (danger) or the hint (warning). */
export interface ErrorRow {
	text: string;
	tone: Extract<Tone, 'danger' | 'warning'>;
}

function isErrorText(value: unknown): value is ErrorText {
	if (typeof value !== 'object' || value === null || value instanceof Error) return false;
	const record = value as Record<string, unknown>;
	return typeof record['message'] === 'string' && typeof record['hint'] === 'string';
}

/** Any thrown value or summarised error as `{code, message, hint}`. */
export function errorText(error: unknown): ErrorText {
	if (isErrorText(error)) return {code: typeof error.code === 'string' ? error.code : 'internal', message: error.message, hint: error.hint};
	return errorSummary(error);
}

/** 'cannot reach the API server (check the VPN)': the message, and the hint when there is one. */
export function errorLine(error: unknown): string {
	const {message, hint} = errorText(error);
	return hint ? `${message} (${hint})` : message;
}

/** '✖ {context}{message}' then, when there is a hint, '→ {hint}'. */
export function errorRows(error: unknown, context = ''): ErrorRow[] {
	const {message, hint} = errorText(error);
	const rows: ErrorRow[] = [{text: `✖ ${context}${message}`, tone: 'danger'}];
	if (hint) rows.push({text: `→ ${hint}`, tone: 'warning'});
	return rows;
}
