/**
 * What the header says besides names: the watches' connection summary and the problems to show
 * in place (Git poll and watch errors), in plain words with what the user can do. Pure.
 */
import type {AppView, EngineSnapshot, WatchPhase, WatchState} from '../engine/engine-state.js';

/** Error codes that mean the cluster could not be used (see source/cluster/kube-rest.ts, kube-connection.ts). */
const clusterErrorCodes = new Set(['cluster-unreachable', 'unauthorized', 'forbidden']);

/** At most this many problem lines in the header, so the screen below keeps its room at 80x24. */
export const maxProblemLines = 2;

/** The watches' phases, counted, in the order people care about. */
export function watchCounts(watches: readonly WatchState[]): Array<{phase: WatchPhase; count: number}> {
	const phases: WatchPhase[] = ['failed', 'reconnecting', 'connecting', 'live'];
	return phases.map(phase => ({phase, count: watches.filter(watch => watch.phase === phase).length})).filter(entry => entry.count > 0);
}

function scope(watch: WatchState): string {
	return `${watch.kind}s ${watch.namespace ? `in ${watch.namespace}` : 'in all namespaces'}`;
}

/** Every problem worth a line, most urgent first. */
export function headerProblems(snapshot: EngineSnapshot, app: AppView | undefined): string[] {
	const problems: string[] = [];
	// The cluster's failure (no kubeconfig, refused, TLS, 401/403) comes first: nothing live shows without it.
	if (app?.status.error && clusterErrorCodes.has(app.status.error.code)) {
		const {message, hint} = app.status.error;
		problems.push(`Cluster: ${message}${hint ? `. ${hint}` : ''}. Git's side is shown; driftwatch retries on every poll.`);
	}
	if (app?.poll.error) problems.push(`Git fetch failed: ${app.poll.error}. Showing the last fetched revision; press r to retry now.`);
	if (app?.notifyError) problems.push(`Notification not delivered: ${app.notifyError}. Drift watching goes on; check --notify-webhook.`);
	for (const watch of snapshot.watches) {
		if (watch.phase === 'failed')
			problems.push(`Watch of ${scope(watch)} failed: ${watch.error ?? 'no reason given'}. Check RBAC and the connection; r relists.`);
		else if (watch.error) problems.push(`Watch of ${scope(watch)} ${watch.phase}: ${watch.error}. driftwatch reconnects by itself.`);
	}
	if (problems.length <= maxProblemLines) return problems;
	const shown = problems.slice(0, maxProblemLines - 1);
	return [...shown, `…and ${problems.length - shown.length} more problems with the watches.`];
}
