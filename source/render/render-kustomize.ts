/**
 * Renders a kustomization with `kubectl kustomize DIR` (kustomize v5 is built into kubectl, so one
 * tool covers both). Argo CD runs a standalone `kustomize build`; the output is the same for
 * kustomizations that need no plugins. Exec plugins and Helm inflation stay off (kubectl's
 * defaults); local bases are checked to stay in the repository first, and the git kustomize runs
 * for remote bases may only use network protocols (no `file://` clone of a repository elsewhere
 * on disk, no `ext::` command transport).
 */
import path from 'node:path';
import type {KubeObject} from '../core/kube-object.js';
import {checkKustomizationPaths} from './check-kustomization-paths.js';
import {findTool, toolInstallHints} from './find-tool.js';
import {parseToolOutput} from './parse-tool-output.js';
import {realRoot, resolveInside} from './repository-paths.js';
import {runTool} from './run-tool.js';

export interface KustomizeRender {
	objects: KubeObject[];
	notices: string[];
}

/** The transports git may use for kustomize's remote bases (git's GIT_ALLOW_PROTOCOL). */
export const kustomizeGitProtocols = 'https:http:ssh:git';

/**
 * Builds the kustomization in `dir`.
 *
 * @throws DriftwatchError 'tool-missing' without kubectl; 'render-failed' with kustomize's
 * message when the build fails (a missing resource, a bad patch), or naming the entry of a
 * kustomization that leads outside the repository.
 */
export async function renderKustomize(dir: string, options: {env?: NodeJS.ProcessEnv; repoRoot?: string} = {}): Promise<KustomizeRender> {
	const env = options.env ?? process.env;
	const root = await realRoot(options.repoRoot ?? dir);
	const real = await resolveInside(root, root, dir, path.relative(root, dir) || '.');
	await checkKustomizationPaths(root, real);
	const kubectl = await findTool('kubectl', env);
	const output = await runTool({
		tool: 'kubectl',
		binary: kubectl,
		args: ['kustomize', '--', real],
		installHint: toolInstallHints.kubectl,
		env: {...env, GIT_ALLOW_PROTOCOL: kustomizeGitProtocols},
	});
	return parseToolOutput(output, `kubectl kustomize ${path.relative(root, real) || '.'}`);
}
