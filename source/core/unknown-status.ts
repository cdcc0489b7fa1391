/**
 * The status of an app whose state cannot be determined: before its first evaluation ("Not
 * evaluated yet"), or after a Git, render or cluster failure (the error, with its hint). One
 * function, so the one-shot commands and the live engine say it the same way.
 */
import type {AppDefinition} from './app-definition.js';
import {type AppError, type AppStatus, emptyCounts} from './app-status.js';

/** The message of an app not evaluated yet. */
export const notEvaluatedYet = 'Not evaluated yet';

/**
 * Sync and health Unknown. With `error`, health says the error (with its hint) and `error` is set;
 * without, the app is "Not evaluated yet". `previous` keeps what was known (revision, objects).
 */
export function unknownStatus(app: AppDefinition, now: Date, error?: AppError, previous?: AppStatus): AppStatus {
	const base: AppStatus = previous ?? {
		name: app.name,
		syncStatus: 'Unknown',
		health: {status: 'Unknown', message: notEvaluatedYet},
		revision: null,
		revisions: [],
		objects: [],
		counts: emptyCounts(),
		error: null,
		warnings: [...app.warnings],
		notices: [],
		comparedAt: now.toISOString(),
	};
	if (!error) return {...base, syncStatus: 'Unknown', health: {status: 'Unknown', message: notEvaluatedYet}, comparedAt: now.toISOString()};
	return {
		...base,
		syncStatus: 'Unknown',
		health: {status: 'Unknown', message: error.hint ? `${error.message} (${error.hint})` : error.message},
		error,
		comparedAt: now.toISOString(),
	};
}
