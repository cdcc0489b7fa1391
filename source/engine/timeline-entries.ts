/** Adding entries to an app's bounded, newest-first timeline. Pure. */
import type {AppState} from './app-state.js';
import {timelineLimit} from './app-state.js';
import type {CommitRef, TimelineEvent} from './timeline-event.js';
import type {RevisionInfo} from '../core/app-status.js';

/** Any timeline entry without the fields every entry has. */
export type EntryFields = TimelineEvent extends infer E ? (E extends {type: string} ? Omit<E, 'time' | 'app'> : never) : never;

/** `state` with `entries` (oldest first) added at the top of its timeline, all stamped `time`. */
export function withEntries(state: AppState, time: number, entries: readonly EntryFields[]): AppState {
	if (entries.length === 0) return state;
	const iso = new Date(time).toISOString();
	const stamped: TimelineEvent[] = entries.map(entry => ({time: iso, app: state.name, ...entry})).reverse();
	return {...state, timeline: [...stamped, ...state.timeline].slice(0, timelineLimit), timelineCount: state.timelineCount + entries.length};
}

/** `state` with entries that already carry their time (from statusTransitions), oldest first. */
export function withStampedEntries(state: AppState, entries: readonly TimelineEvent[]): AppState {
	if (entries.length === 0) return state;
	return {
		...state,
		timeline: [...[...entries].reverse(), ...state.timeline].slice(0, timelineLimit),
		timelineCount: state.timelineCount + entries.length,
	};
}

/** A revision as the timeline names it. */
export function commitRef(revision: Pick<RevisionInfo, 'sha' | 'shortSha' | 'subject' | 'author'>): CommitRef {
	return {sha: revision.sha, shortSha: revision.shortSha, subject: revision.subject, author: revision.author};
}
