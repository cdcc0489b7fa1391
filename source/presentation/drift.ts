/**
 * What drifted on one object, in words: "missing in the cluster", "no longer in Git", or the
 * attributed fields ("spec.replicas changed by kubectl (Update, scale)") and the others by path.
 */
import type {ObjectState} from '../core/app-status.js';
import {describeAttribution} from './attribution.js';
import {fieldPath} from './field-path.js';

/** The drift of one object; `now` (epoch ms) adds ages to attributed fields. */
export function describeDrift(object: Pick<ObjectState, 'drift' | 'attribution' | 'changedPaths'>, now?: number): string {
	if (object.drift === 'missing') return 'missing in the cluster';
	if (object.drift === 'extra') return 'no longer in Git';
	const attributed = object.attribution.map(entry => describeAttribution(entry, now));
	const others = object.changedPaths.filter(path => !object.attribution.some(entry => entry.path === path)).map(fieldPath);
	const rest = others.length > 3 ? ` and ${others.length - 3} more` : '';
	const parts = [...attributed, ...(others.length > 0 ? [`${others.slice(0, 3).join(', ')}${rest} changed`] : [])];
	return parts.join('; ') || 'changed';
}
