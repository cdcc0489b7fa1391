/**
 * The attribution line of a drifted field: "spec.replicas changed by kubectl (Update) 12s ago".
 * Pure; the data comes from managedFields via the engine.
 */
import type {FieldAttribution} from '../core/app-status.js';
import {parsePointer} from '../core/json-pointer.js';
import {formatAgo} from './format-age.js';

/** '/spec/template/spec/containers/0/image' -> 'spec.template.spec.containers[0].image'. */
export function pointerToPath(pointer: string): string {
	if (pointer === '' || pointer === '/') return '(whole object)';
	return parsePointer(pointer)
		.map((segment, index) => {
			if (/^\d+$/.test(segment)) return `[${segment}]`;
			// Keys with dots (annotations like app.kubernetes.io/name) are quoted to stay unambiguous.
			const text = /[.[\]\s]/.test(segment) ? `["${segment}"]` : segment;
			return index === 0 || text.startsWith('[') ? text : `.${text}`;
		})
		.join('');
}

/** One sentence per attribution: who changed the field, how, and how long ago. */
export function describeAttribution(attribution: FieldAttribution, now: number): string {
	const how = attribution.subresource ? `${attribution.operation} on ${attribution.subresource}` : attribution.operation;
	const when = attribution.time ? ` ${formatAgo(attribution.time, now)}` : '';
	return `${pointerToPath(attribution.path)} changed by ${attribution.manager} (${how})${when}`;
}
