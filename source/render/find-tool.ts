/**
 * Where kubectl and helm are. kubectl is usually installed; helm usually is not, so the project
 * builds it from Go modules into its control-plane cache (`npm run cluster:build`) and we look
 * there last.
 */
import {execFile} from 'node:child_process';
import {constants} from 'node:fs';
import {access} from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {DriftwatchError} from '../core/errors.js';

const execFileAsync = promisify(execFile);

export type ToolName = 'kubectl' | 'helm';

/** Environment variables that name a binary explicitly; they win over every other place. */
export const toolOverrideVariables: Record<ToolName, string> = {
	kubectl: 'DRIFTWATCH_KUBECTL',
	helm: 'DRIFTWATCH_HELM',
};

/** What to tell a user who does not have the tool. */
export const toolInstallHints: Record<ToolName, string> = {
	kubectl: 'install kubectl (it bundles kustomize): https://kubernetes.io/docs/tasks/tools/, or set DRIFTWATCH_KUBECTL to its path',
	helm: 'run `npm run cluster:build` to build helm into the project cache, install helm (https://helm.sh/docs/intro/install/), or set DRIFTWATCH_HELM to its path',
};

// source/render/find-tool.ts and dist/render/find-tool.js are both two levels below the package root.
const buildScript = fileURLToPath(new URL('../../scripts/control-plane/build.sh', import.meta.url));

/**
 * The binary to run for `name`: `$DRIFTWATCH_KUBECTL` / `$DRIFTWATCH_HELM` as given (a wrong
 * override then fails as 'tool-missing' when run), else the first executable on PATH, else (helm
 * only) `bin/helm` in the control-plane cache.
 *
 * @throws DriftwatchError 'tool-missing' with an install hint when it is nowhere.
 */
export async function findTool(name: ToolName, env: NodeJS.ProcessEnv = process.env): Promise<string> {
	const override = env[toolOverrideVariables[name]];
	if (override) return override;
	const onPath = await searchPath(name, env['PATH'] ?? '');
	if (onPath) return onPath;
	if (name === 'helm') {
		const cacheDir = await controlPlaneDir(env);
		const cached = cacheDir ? path.join(cacheDir, 'bin', 'helm') : undefined;
		if (cached && (await isExecutable(cached))) return cached;
	}
	throw new DriftwatchError('tool-missing', `${name} not found on PATH${name === 'helm' ? ' nor in the control-plane cache' : ''}`, {
		hint: toolInstallHints[name],
	});
}

async function searchPath(name: string, searchPathValue: string): Promise<string | undefined> {
	for (const directory of searchPathValue.split(path.delimiter)) {
		if (!directory) continue;
		const candidate = path.join(directory, name);
		if (await isExecutable(candidate)) return candidate;
	}
	return undefined;
}

async function isExecutable(file: string): Promise<boolean> {
	try {
		await access(file, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

let cachedControlPlaneDir: Promise<string | undefined> | undefined;

/**
 * The control-plane cache directory. build.sh computes its key (versions, Go version, platform),
 * so we ask it rather than duplicate the formula; its answer does not change within a process.
 */
async function controlPlaneDir(env: NodeJS.ProcessEnv): Promise<string | undefined> {
	const explicit = env['DRIFTWATCH_CONTROL_PLANE_DIR'];
	if (explicit) return explicit;
	cachedControlPlaneDir ??= execFileAsync('bash', [buildScript, '--print-dir'], {encoding: 'utf8', timeout: 30_000, env})
		.then(({stdout}) => stdout.trim() || undefined)
		// No script (an installed package ships only dist/) or no Go: there is simply no cache.
		.catch(() => undefined);
	return cachedControlPlaneDir;
}
