/**
 * Turns what a rendering tool printed into objects: stdout is a YAML stream, and stderr of a
 * successful run holds warnings (kustomize deprecations) that the user should still see.
 */
import {DriftwatchError} from '../core/errors.js';
import type {KubeObject} from '../core/kube-object.js';
import {parseManifests} from '../core/parse-manifests.js';
import {describeManifestError} from './describe-manifest-error.js';
import type {ToolOutput} from './run-tool.js';

export interface ParsedToolOutput {
	objects: KubeObject[];
	notices: string[];
}

/**
 * Parses `output.stdout`; `source` names the run in messages (e.g. 'helm template web').
 *
 * @throws DriftwatchError 'manifest-invalid' when the tool printed YAML that does not parse (a
 * template that renders broken indentation), rather than returning the documents that did.
 */
export function parseToolOutput(output: ToolOutput, source: string): ParsedToolOutput {
	const parsed = parseManifests(output.stdout, source);
	if (parsed.errors.length > 0) {
		const problems = parsed.errors.map(error => describeManifestError(error, {withSource: false}));
		throw new DriftwatchError('manifest-invalid', `${source} produced invalid YAML: ${problems.join('; ')}`, {
			hint: 'the templates render YAML that does not parse; run the command yourself to see the output',
		});
	}
	const warnings = output.stderr
		.split('\n')
		.map(line => line.replace(/^#\s*/u, '').trim())
		.filter(Boolean)
		.map(line => `${source}: ${line}`);
	return {objects: parsed.objects, notices: [...warnings, ...parsed.notices]};
}
