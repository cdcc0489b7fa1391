/**
 * How a field is named to people: a JSON pointer ('/spec/template/spec/containers/0/image') as the
 * path kubectl users write ('spec.template.spec.containers[0].image'). One function, for the UI,
 * the CLI and the timeline alike.
 */
import {parsePointer} from '../core/json-pointer.js';

/** '/spec/containers/0/image' -> 'spec.containers[0].image'; keys with dots are quoted; '' -> '(whole object)'. */
export function fieldPath(pointer: string): string {
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
