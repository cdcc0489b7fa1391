/**
 * Who changed a drifted field, as one sentence: "spec.replicas changed by kubectl (Update, scale)
 * 12s ago". "seen 12s ago" when the time is when driftwatch first saw the change (the API server
 * records no time for some subresource writes, e.g. scale).
 */
import type {FieldAttribution} from '../core/app-status.js';
import {formatDuration} from './duration.js';
import {fieldPath} from './field-path.js';

/** The sentence for one attribution; without `now` (epoch ms) the age is left out. */
export function describeAttribution(entry: FieldAttribution, now?: number): string {
	const how = entry.subresource ? `${entry.operation}, ${entry.subresource}` : entry.operation;
	const time = entry.time ? Date.parse(entry.time) : Number.NaN;
	const age = now !== undefined && !Number.isNaN(time) ? ` ${entry.timeObserved ? 'seen ' : ''}${formatDuration(now - time)} ago` : '';
	return `${fieldPath(entry.path)} changed by ${entry.manager} (${how})${age}`;
}
