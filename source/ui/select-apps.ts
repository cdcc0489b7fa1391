/**
 * What the apps screen shows: the apps that pass the `/` filter and the `:ctx` context, as rows.
 * Pure selectors over the snapshot.
 */
import type {AppView} from '../engine/engine-state.js';

/** True when every word of the filter occurs in one of the row's words (case-insensitive). */
export function matchesFilter(words: ReadonlyArray<string | undefined>, filter: string): boolean {
	const haystack = words
		.filter(word => word !== undefined)
		.join(' ')
		.toLowerCase();
	return filter
		.toLowerCase()
		.split(/\s+/)
		.filter(Boolean)
		.every(term => haystack.includes(term));
}

/** The words an app is found by: name, namespace, context, statuses, repo, path. */
export function appWords(app: AppView): string[] {
	return [
		app.name,
		app.destination.namespace,
		app.destination.context,
		app.status.syncStatus,
		app.status.health.status,
		app.source.repoURL,
		app.source.path,
		app.status.error ? 'error' : undefined,
	].filter((word): word is string => word !== undefined);
}

/** Apps passing the filter and, when set, deployed to `context`. */
export function visibleApps(apps: readonly AppView[], filter: string, context: string | null): AppView[] {
	return apps.filter(app => (context === null || app.destination.context === context) && matchesFilter(appWords(app), filter));
}

/** The time of the app's newest event, or null. */
export function lastEventTime(app: AppView): string | null {
	return app.timeline[0]?.time ?? null;
}

/**
 * 'github.com/acme/gitops' from 'https://github.com/acme/gitops.git' (fits narrow headers). The
 * user and password of a URL (`https://user:token@host/...`) are left out: the header is on screen.
 */
export function shortRepo(url: string): string {
	return url
		.replace(/^[a-z+]+:\/\/(?:[^/@]*@)?/, '')
		.replace(/^git@([^:]+):/, '$1/')
		.replace(/\.git$/, '');
}

/** The short SHA of the revision the app is compared against, or the target when unresolved. */
export function shortRevision(app: AppView): string {
	return app.status.revision?.shortSha ?? app.source.targetRevision ?? '-';
}
