/**
 * Timeline events from two consecutive statuses of one app: drift detected (with who changed
 * what), drift resolved, health changed, errors. Pure, so the reconciler's event stream is
 * testable on plain objects.
 */
import type {AppStatus, FieldAttribution, ObjectState} from '../core/app-status.js';
import {displayKey, keyString} from '../core/kube-object.js';
import type {TimelineEvent} from './engine-state.js';

export function statusTransitions(previous: AppStatus | null, next: AppStatus, now: Date): TimelineEvent[] {
	const time = now.toISOString();
	const events: TimelineEvent[] = [];
	const event = (type: TimelineEvent['type'], message: string, extra: Partial<TimelineEvent> = {}) =>
		events.push({time, type, app: next.name, message, ...extra});

	if (next.error && next.error.message !== previous?.error?.message) {
		event('error', next.error.hint ? `${next.error.message} (${next.error.hint})` : next.error.message);
	}
	if (next.error) return events;

	const before = new Map((previous?.objects ?? []).map(object => [keyString(object.key), object]));
	const sameRevision = previous?.revision?.sha === next.revision?.sha;
	for (const object of next.objects) {
		const old = before.get(keyString(object.key));
		const name = displayKey(object.key);
		if (object.syncStatus === 'OutOfSync' && (!old || old.syncStatus === 'Synced' || old.drift !== object.drift)) {
			// At start-up and on a new commit, OutOfSync is Git moving ahead, not someone's drift.
			if (previous && sameRevision && (old || object.drift === 'extra')) {
				event('drift-detected', `${name}: ${describeDrift(object)}`, {object: name, attribution: object.attribution});
			}
		} else if (object.syncStatus === 'Synced' && old?.syncStatus === 'OutOfSync') {
			event('drift-resolved', `${name} is in sync again`, {object: name});
		}
	}
	if (previous && previous.health.status !== next.health.status) {
		const message = next.health.message ? `: ${next.health.message}` : '';
		event('health-changed', `${previous.health.status} → ${next.health.status}${message}`);
	}
	return events;
}

/** "spec.replicas changed by kubectl (Update)", "missing in the cluster", "no longer in Git". */
export function describeDrift(object: ObjectState): string {
	if (object.drift === 'missing') return 'missing in the cluster';
	if (object.drift === 'extra') return 'no longer in Git';
	const attributed = object.attribution.map(entry => formatAttribution(entry));
	const unattributed = object.changedPaths.filter(path => !object.attribution.some(entry => entry.path === path)).map(dotted);
	const parts = [
		...attributed,
		...(unattributed.length > 0
			? [`${unattributed.slice(0, 3).join(', ')}${unattributed.length > 3 ? ` and ${unattributed.length - 3} more` : ''} changed`]
			: []),
	];
	return parts.join('; ') || 'changed';
}

export function formatAttribution(entry: FieldAttribution, now?: Date): string {
	const age = now && entry.time ? ` ${entry.timeObserved ? 'seen ' : ''}${formatAge(now.getTime() - Date.parse(entry.time))} ago` : '';
	return `${dotted(entry.path)} changed by ${entry.manager} (${entry.operation}${entry.subresource ? `, ${entry.subresource}` : ''})${age}`;
}

/** '/spec/template/spec/containers/0/image' -> 'spec.template.spec.containers[0].image' */
export function dotted(pointer: string): string {
	return pointer
		.split('/')
		.slice(1)
		.map(segment => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
		.reduce((path, segment) => (/^\d+$/.test(segment) ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment), '');
}

export function formatAge(ms: number): string {
	const seconds = Math.max(0, Math.round(ms / 1000));
	if (seconds < 60) return `${seconds}s`;
	if (seconds < 3600) return `${Math.floor(seconds / 60)}m${seconds % 60 ? `${seconds % 60}s` : ''}`;
	if (seconds < 86_400) return `${Math.floor(seconds / 3600)}h${Math.floor((seconds % 3600) / 60)}m`;
	return `${Math.floor(seconds / 86_400)}d`;
}
