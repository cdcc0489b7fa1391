/**
 * Semantic theme tokens: components ask for "the color of OutOfSync" or "the accent", never for
 * "yellow", so a palette change is one edit here. Every status also carries a symbol, because
 * NO_COLOR terminals (https://no-color.org) and screen captures drop the colors.
 */
import type {HealthStatusCode, SyncStatusCode} from '../core/kube-object.js';
import type {DriftKind} from '../core/app-status.js';
import type {TimelineEventType, WatchPhase} from '../engine/engine-state.js';

/** An ink color name. */
export type Color = 'green' | 'yellow' | 'red' | 'blue' | 'cyan' | 'magenta' | 'gray' | 'white';

/** What a status looks like: a symbol that survives NO_COLOR, a word, a color. */
export interface Badge {
	symbol: string;
	label: string;
	color: Color;
}

/** Roles, not colors. */
export const theme = {
	accent: 'cyan',
	muted: 'gray',
	danger: 'red',
	warning: 'yellow',
	success: 'green',
	info: 'blue',
	/** Diff lines: '-' is the live side, '+' the desired (Git) side. */
	diff: {'+': 'green', '-': 'red', '@': 'cyan', ' ': 'white'},
} as const satisfies Record<string, Color | Record<string, Color>>;

/** The marker of the row under the cursor; a glyph so it shows without color or inverse video. */
export const cursorMarker = '▸';
/** The marker of a row picked with space for a partial sync. */
export const selectedMarker = '●';

/** The badge of a sync status; blank for objects Git does not manage. */
export function syncBadge(status: SyncStatusCode | undefined): Badge {
	switch (status) {
		case 'Synced':
			return {symbol: '✔', label: 'Synced', color: 'green'};
		case 'OutOfSync':
			return {symbol: '↻', label: 'OutOfSync', color: 'yellow'};
		case 'Unknown':
			return {symbol: '?', label: 'Unknown', color: 'gray'};
		case undefined:
			// Children that Git does not manage (ReplicaSets, Pods) have no sync status.
			return {symbol: ' ', label: '', color: 'gray'};
	}
}

/** The badge of a health status; blank when there is none. */
export function healthBadge(status: HealthStatusCode | null | undefined): Badge {
	switch (status) {
		case 'Healthy':
			return {symbol: '♥', label: 'Healthy', color: 'green'};
		case 'Progressing':
			return {symbol: '◐', label: 'Progressing', color: 'blue'};
		case 'Degraded':
			return {symbol: '✖', label: 'Degraded', color: 'red'};
		case 'Suspended':
			return {symbol: '⏸', label: 'Suspended', color: 'magenta'};
		case 'Missing':
			return {symbol: '?', label: 'Missing', color: 'yellow'};
		case 'Unknown':
			return {symbol: '?', label: 'Unknown', color: 'gray'};
		case null:
		case undefined:
			return {symbol: ' ', label: '', color: 'gray'};
	}
}

/** The drift marker of an object: '~ modified', '- missing', '+ extra', blank when none. */
export function driftBadge(drift: DriftKind | undefined): Badge {
	switch (drift) {
		case 'modified':
			return {symbol: '~', label: 'modified', color: 'yellow'};
		case 'missing':
			return {symbol: '-', label: 'missing', color: 'red'};
		case 'extra':
			return {symbol: '+', label: 'extra', color: 'magenta'};
		case 'none':
		case undefined:
			return {symbol: ' ', label: '', color: 'gray'};
	}
}

/** Live pod and container states: red for the ones that need attention. */
export function liveStateColor(state: string): Color {
	if (/BackOff|Err|Fail|OOM|Evicted|Unknown/i.test(state)) return 'red';
	if (/Pending|Creating|Terminating|Init/i.test(state)) return 'yellow';
	if (/Running|Completed|Succeeded/i.test(state)) return 'green';
	return 'gray';
}

/** A watch stream's connection state. */
export function watchBadge(phase: WatchPhase): Badge {
	switch (phase) {
		case 'live':
			return {symbol: '●', label: 'live', color: 'green'};
		case 'connecting':
			return {symbol: '◌', label: 'connecting', color: 'blue'};
		case 'reconnecting':
			return {symbol: '↻', label: 'reconnecting', color: 'yellow'};
		case 'failed':
			return {symbol: '✖', label: 'failed', color: 'red'};
	}
}

/** The symbol and word of a timeline event type. */
export function timelineBadge(type: TimelineEventType): Badge {
	switch (type) {
		case 'commit-seen':
			return {symbol: '⎇', label: 'commit', color: 'cyan'};
		case 'drift-detected':
			return {symbol: '↻', label: 'drift', color: 'yellow'};
		case 'drift-resolved':
			return {symbol: '✔', label: 'resolved', color: 'green'};
		case 'sync-started':
			return {symbol: '▶', label: 'sync', color: 'blue'};
		case 'synced':
			return {symbol: '✔', label: 'synced', color: 'green'};
		case 'sync-failed':
			return {symbol: '✖', label: 'sync failed', color: 'red'};
		case 'healed':
			return {symbol: '✚', label: 'healed', color: 'green'};
		case 'heal-backoff':
			return {symbol: '…', label: 'heal backoff', color: 'yellow'};
		case 'pruned':
			return {symbol: '✂', label: 'pruned', color: 'magenta'};
		case 'health-changed':
			return {symbol: '♥', label: 'health', color: 'blue'};
		case 'policy-changed':
			return {symbol: '⚙', label: 'policy', color: 'cyan'};
		case 'reverted':
			return {symbol: '↶', label: 'reverted', color: 'magenta'};
		case 'rolled-back':
			return {symbol: '↶', label: 'rolled back', color: 'magenta'};
		case 'rollout-action':
			return {symbol: '⇢', label: 'rollout', color: 'blue'};
		case 'error':
			return {symbol: '✖', label: 'error', color: 'red'};
	}
}
