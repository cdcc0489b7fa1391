/** How a manifest that does not parse is named in messages: where, then what. */
import type {ManifestError} from '../core/parse-manifests.js';

/** 'deployment.yaml line 12 column 10: bad indentation', or 'document 3 line 40: ...' for tool output. */
export function describeManifestError(error: ManifestError, options: {withSource: boolean}): string {
	const where = [
		options.withSource ? error.source : '',
		options.withSource || error.document === undefined ? '' : `document ${error.document}`,
		error.line === undefined ? '' : `line ${error.line}`,
		error.column === undefined ? '' : `column ${error.column}`,
	].filter(Boolean);
	return where.length > 0 ? `${where.join(' ')}: ${error.message}` : error.message;
}
