/**
 * Conditions of an app that last while a fault lasts: the cluster cannot be reached (its watch
 * streams are reconnecting), Git cannot be fetched (the last good revision is still shown), the
 * notification webhook refuses. Each is a status warning while it holds, so `status` lines of the
 * headless stream and JSON say so, with the reason; it goes away when the fault does. Pure.
 */
import type {AppError, AppStatus} from '../core/app-status.js';
import type {WatchState} from '../ports/watch.js';

export interface AppConditions {
	/** The warning while Git cannot be fetched. */
	readonly git: string | null;
	/** The warning while the cluster's watches reconnect. */
	readonly cluster: string | null;
	/** Why the last notification was not delivered (the warning is `notifications failing: ` and this). */
	readonly notify: string | null;
}

export const noConditions: AppConditions = {git: null, cluster: null, notify: null};

const prefixes = {
	cluster: 'cluster unreachable: ',
	watch: 'watch interrupted: ',
	git: 'Git fetch failed: ',
	notify: 'notifications failing: ',
};

/**
 * The cluster problem the watches show, or null: every stream of the cluster reconnecting means
 * the cluster is unreachable; some of them, that those watches were interrupted. The reason is
 * the first stream's error; the status keeps the last state seen meanwhile.
 */
export function clusterProblem(watches: readonly WatchState[]): string | null {
	// A watch refused by RBAC ('failed') says nothing about the connection.
	const streams = watches.filter(watch => watch.phase !== 'failed');
	const down = streams.filter(watch => watch.phase === 'reconnecting');
	const first = [...down].sort((a, b) => a.since.localeCompare(b.since))[0];
	if (!first) return null;
	const reason = first.error ?? 'the stream ended';
	const count = `${down.length} of ${streams.length} watch${streams.length === 1 ? '' : 'es'} reconnecting since ${first.since}`;
	if (down.length === streams.length) return `${prefixes.cluster}${reason} (${count}; the status shows the last state seen)`;
	const scope = first.namespace ? `${first.kind} in ${first.namespace}` : `${first.kind} (all namespaces)`;
	return `${prefixes.watch}${scope}: ${reason} (${count}; changes there are not seen meanwhile)`;
}

/** The Git condition after a failed fetch, when an earlier revision is still shown. */
export function gitProblem(error: AppError, shownSha: string): string {
	const reason = error.hint ? `${error.message} (${error.hint})` : error.message;
	return `${prefixes.git}${reason}; showing ${shownSha.slice(0, 7)}, the last revision fetched`;
}

/** Why a notification was not delivered. */
export function notifyProblem(error: AppError): string {
	return error.hint ? `${error.message} (${error.hint})` : error.message;
}

/** The status warnings the conditions make. */
function conditionWarnings(conditions: AppConditions): string[] {
	const warnings = [conditions.cluster, conditions.git, conditions.notify === null ? null : `${prefixes.notify}${conditions.notify}`];
	return warnings.filter(text => text !== null);
}

/**
 * `status` with the warnings of `previous` conditions taken out and those of `next` added, after
 * the comparison's own warnings. The same status object when nothing changes.
 */
export function withConditions(status: AppStatus, previous: AppConditions, next: AppConditions): AppStatus {
	const old = new Set(conditionWarnings(previous));
	const added = conditionWarnings(next);
	const kept = old.size === 0 ? status.warnings : status.warnings.filter(warning => !old.has(warning));
	const warnings = [...kept, ...added.filter(warning => !kept.includes(warning))];
	if (warnings.length === status.warnings.length && warnings.every((warning, index) => warning === status.warnings[index])) return status;
	return {...status, warnings};
}
