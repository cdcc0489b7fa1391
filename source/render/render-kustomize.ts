/**
 * Renders a kustomization with `kubectl kustomize DIR` (kustomize v5 is built into kubectl, so one
 * tool covers both). Argo CD runs a standalone `kustomize build`; the output is the same for
 * kustomizations that need no plugins.
 */
import type {KubeObject} from '../core/kube-object.js';
import {findTool, toolInstallHints} from './find-tool.js';
import {parseToolOutput} from './parse-tool-output.js';
import {runTool} from './run-tool.js';

export interface KustomizeRender {
	objects: KubeObject[];
	notices: string[];
}

/**
 * Builds the kustomization in `dir`.
 *
 * @throws DriftwatchError 'tool-missing' without kubectl; 'render-failed' with kustomize's
 * message when the build fails (a missing resource, a bad patch).
 */
export async function renderKustomize(dir: string, options: {env?: NodeJS.ProcessEnv} = {}): Promise<KustomizeRender> {
	const env = options.env ?? process.env;
	const kubectl = await findTool('kubectl', env);
	const output = await runTool({
		tool: 'kubectl',
		binary: kubectl,
		args: ['kustomize', dir],
		installHint: toolInstallHints.kubectl,
		env,
	});
	return parseToolOutput(output, `kubectl kustomize ${dir}`);
}
