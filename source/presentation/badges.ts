/**
 * Status badges, defined once for the UI and the CLI: a symbol that survives NO_COLOR terminals
 * (https://no-color.org) and screen captures, a word, and a tone. Tones are roles, not colors:
 * the UI maps them to Ink colors (ui/theme.ts), the CLI to ANSI codes (commands/terminal-style.ts),
 * so "OutOfSync" looks the same in both and a palette change is one edit per surface.
 */
import type {DriftKind} from '../core/app-status.js';
import type {HealthStatusCode, SyncStatusCode} from '../core/kube-object.js';
import type {TimelineEventType, WatchPhase} from '../engine/engine-state.js';

/** The role of a badge or a piece of text; each surface maps it to its own color. */
export type Tone = 'success' | 'warning' | 'danger' | 'info' | 'accent' | 'muted' | 'special';

/** What a status looks like: a symbol that survives NO_COLOR, a word, a tone. An empty word means no status. */
export interface Badge {
	symbol: string;
	word: string;
	tone: Tone;
}

/** The badge of no status: blank symbol and word (rows keep their columns). */
export const noBadge: Badge = {symbol: ' ', word: '', tone: 'muted'};

/** The badge of a sync status; blank for objects Git does not manage. */
export function syncBadge(status: SyncStatusCode | null | undefined): Badge {
	switch (status) {
		case 'Synced':
			return {symbol: '✔', word: 'Synced', tone: 'success'};
		case 'OutOfSync':
			return {symbol: '↻', word: 'OutOfSync', tone: 'warning'};
		case 'Unknown':
			return {symbol: '?', word: 'Unknown', tone: 'muted'};
		case null:
		case undefined:
			// Children that Git does not manage (ReplicaSets, Pods) have no sync status.
			return noBadge;
	}
}

/** The badge of a health status; blank when there is none (kinds without a health check). */
export function healthBadge(status: HealthStatusCode | null | undefined): Badge {
	switch (status) {
		case 'Healthy':
			return {symbol: '♥', word: 'Healthy', tone: 'success'};
		case 'Progressing':
			return {symbol: '◐', word: 'Progressing', tone: 'info'};
		case 'Degraded':
			return {symbol: '✖', word: 'Degraded', tone: 'danger'};
		case 'Suspended':
			return {symbol: '⏸', word: 'Suspended', tone: 'special'};
		case 'Missing':
			return {symbol: '?', word: 'Missing', tone: 'warning'};
		case 'Unknown':
			return {symbol: '?', word: 'Unknown', tone: 'muted'};
		case null:
		case undefined:
			return noBadge;
	}
}

/** The drift of an object: '~ modified', '- missing', '+ extra', blank when none. */
export function driftBadge(drift: DriftKind | undefined): Badge {
	switch (drift) {
		case 'modified':
			return {symbol: '~', word: 'modified', tone: 'warning'};
		case 'missing':
			return {symbol: '-', word: 'missing', tone: 'danger'};
		case 'extra':
			return {symbol: '+', word: 'extra', tone: 'special'};
		case 'none':
		case undefined:
			return noBadge;
	}
}

/** A watch stream's connection state. */
export function watchBadge(phase: WatchPhase): Badge {
	switch (phase) {
		case 'live':
			return {symbol: '●', word: 'live', tone: 'success'};
		case 'connecting':
			return {symbol: '◌', word: 'connecting', tone: 'info'};
		case 'reconnecting':
			return {symbol: '↻', word: 'reconnecting', tone: 'warning'};
		case 'failed':
			return {symbol: '✖', word: 'failed', tone: 'danger'};
	}
}

/** The symbol and word of a timeline event type. */
export function timelineBadge(type: TimelineEventType): Badge {
	switch (type) {
		case 'commit-seen':
			return {symbol: '⎇', word: 'commit', tone: 'accent'};
		case 'drift-detected':
			return {symbol: '↻', word: 'drift', tone: 'warning'};
		case 'drift-resolved':
			return {symbol: '✔', word: 'resolved', tone: 'success'};
		case 'sync-started':
			return {symbol: '▶', word: 'sync', tone: 'info'};
		case 'synced':
			return {symbol: '✔', word: 'synced', tone: 'success'};
		case 'sync-failed':
			return {symbol: '✖', word: 'sync failed', tone: 'danger'};
		case 'healed':
			return {symbol: '✚', word: 'healed', tone: 'success'};
		case 'heal-backoff':
			return {symbol: '…', word: 'heal backoff', tone: 'warning'};
		case 'pruned':
			return {symbol: '✂', word: 'pruned', tone: 'special'};
		case 'health-changed':
			return {symbol: '♥', word: 'health', tone: 'info'};
		case 'policy-changed':
			return {symbol: '⚙', word: 'policy', tone: 'accent'};
		case 'reverted':
			return {symbol: '↶', word: 'reverted', tone: 'special'};
		case 'rolled-back':
			return {symbol: '↶', word: 'rolled back', tone: 'special'};
		case 'rollout-action':
			return {symbol: '⇢', word: 'rollout', tone: 'info'};
		case 'rollout-started':
			return {symbol: '⇢', word: 'rolling out', tone: 'info'};
		case 'rollout-finished':
			return {symbol: '⇥', word: 'rollout end', tone: 'info'};
		case 'source-edited':
			return {symbol: '⎇', word: 'git write', tone: 'accent'};
		case 'error':
			return {symbol: '✖', word: 'error', tone: 'danger'};
	}
}

/**
 * A pod's or container's live state as kubectl prints it (Running, CrashLoopBackOff...), toned by
 * whether it needs attention. No symbol: the word is the state; blank for no state.
 */
export function liveStateBadge(state: string | undefined): Badge {
	if (!state) return noBadge;
	return {symbol: '', word: state, tone: liveStateTone(state)};
}

function liveStateTone(state: string): Tone {
	if (/BackOff|Err|Fail|OOM|Evicted|Unknown/i.test(state)) return 'danger';
	if (/Pending|Creating|Terminating|Init/i.test(state)) return 'warning';
	if (/Running|Completed|Succeeded/i.test(state)) return 'success';
	return 'muted';
}

/** '✔ Synced'; the symbol alone with `word: false`; '' for no status. */
export function badgeText(badge: Badge, options: {word?: boolean} = {}): string {
	if (!badge.word) return '';
	if (options.word === false) return badge.symbol;
	return badge.symbol ? `${badge.symbol} ${badge.word}` : badge.word;
}
