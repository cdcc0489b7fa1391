/**
 * Renders a local Helm chart with `helm template`, with the arguments Argo CD passes: value files
 * (relative to the chart, like Argo CD), then inline values, then `--set` / `--set-string`
 * parameters, so later ones win as in Argo CD; `--include-crds`; the release name and namespace.
 *
 * Everything from the repository or the Application is untrusted: every option is written as
 * `--name=value` and the two positionals (release name and chart) follow `--`, so no value can
 * become a helm option (a release name of `--post-renderer=/bin/sh` would pipe the chart into a
 * shell); the release name is validated as helm's own rule says; value files must be files of the
 * repository after `realpath` (Argo CD's CVE-2022-24348); remote value URLs need an explicit
 * opt-in; the chart is checked for symlinks that lead out of the repository, because helm's
 * loader follows them; and values.schema.json is skipped (helm would follow its `$ref`s anywhere).
 * Needs helm 3.16 or newer (`--skip-schema-validation`).
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {DriftwatchError} from '../core/errors.js';
import type {HelmOptions} from '../core/app-definition.js';
import type {KubeObject} from '../core/kube-object.js';
import {isRemoteValueFile, releaseNameProblem, valueFileProblem} from '../core/source-values.js';
import {checkTreeLinks} from './check-tree-links.js';
import {findTool, toolInstallHints} from './find-tool.js';
import {parseToolOutput} from './parse-tool-output.js';
import {realRoot, resolveInside, resolveRepositoryFile} from './repository-paths.js';
import {runTool} from './run-tool.js';

export interface HelmRenderRequest {
	helm?: HelmOptions;
	/** Passed as `--namespace` (the release namespace, `.Release.Namespace`). */
	namespace?: string;
	appName?: string;
	/** The repository checkout the chart is in; every file read must be inside it. Default: the chart directory. */
	repoRoot?: string;
	/** Let helm fetch http(s) value files (`--allow-remote-values`). Default false: refused. */
	allowRemoteValues?: boolean;
	/**
	 * Value files driftwatch wrote itself (outside the repository, e.g. a source editor's probe),
	 * applied after the repository's; never from a repository or an Application.
	 */
	trustedValueFiles?: string[];
	env?: NodeJS.ProcessEnv;
}

export interface HelmRender {
	objects: KubeObject[];
	notices: string[];
}

/**
 * Templates the chart in `dir`.
 *
 * @throws DriftwatchError 'tool-missing' without helm (hint: `npm run cluster:build`);
 * 'config-invalid' for a release name helm would refuse or a remote value file not allowed;
 * 'render-failed' with helm's message when templating fails (a `required` value, a missing
 * value file), or naming a file that leads outside the repository; 'manifest-invalid' when the
 * templates render YAML that does not parse.
 */
export async function renderHelm(dir: string, request: HelmRenderRequest = {}): Promise<HelmRender> {
	const env = request.env ?? process.env;
	const helmOptions = request.helm ?? {};
	const releaseName = helmOptions.releaseName || request.appName || releaseNameFromDir(dir);
	const problem = releaseNameProblem(releaseName);
	if (problem)
		throw new DriftwatchError('config-invalid', `helm release name: ${problem}`, {
			hint: 'set spec.source.helm.releaseName (or --release) to a valid name',
		});
	const root = await realRoot(request.repoRoot ?? dir);
	const chart = await resolveInside(root, root, dir, path.relative(root, dir) || '.');
	await checkTreeLinks(root, chart);
	const valueFiles: string[] = [];
	for (const file of helmOptions.valueFiles ?? [])
		valueFiles.push(await resolveValueFile(root, chart, file, request.allowRemoteValues ?? false));
	const helm = await findTool('helm', env);
	const scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-helm-'));
	try {
		// A chart's values.schema.json is not run: helm resolves its `$ref`s, which may name any
		// file of this machine (file:///...) or any URL. The API server's dry run still validates objects.
		const options = ['--include-crds', '--skip-schema-validation'];
		if (request.namespace) options.push(`--namespace=${request.namespace}`);
		for (const file of [...valueFiles, ...(request.trustedValueFiles ?? [])]) options.push(`--values=${file}`);
		const inline = inlineValues(helmOptions);
		if (inline !== undefined) {
			const file = path.join(scratch, 'inline-values.yaml');
			await writeFile(file, inline, 'utf8');
			options.push(`--values=${file}`);
		}
		for (const parameter of helmOptions.parameters ?? []) {
			options.push(`${parameter.forceString ? '--set-string' : '--set'}=${parameter.name}=${escapeSetValue(parameter.value)}`);
		}
		const args = ['template', ...options, '--', releaseName, chart];
		const output = await runTool({tool: 'helm', binary: helm, args, installHint: toolInstallHints.helm, env});
		return parseToolOutput(output, `helm template ${releaseName} ${path.relative(root, chart) || '.'}`);
	} finally {
		await rm(scratch, {recursive: true, force: true});
	}
}

/**
 * The path (or URL) helm gets for one value file: a real path inside the repository, relative to
 * the chart, or to the repository root when written absolute (Argo CD's rule).
 */
async function resolveValueFile(root: string, chart: string, file: string, allowRemote: boolean): Promise<string> {
	const problem = valueFileProblem(file);
	if (problem) throw new DriftwatchError('config-invalid', `helm value file ${JSON.stringify(file)}: ${problem}`);
	if (isRemoteValueFile(file)) {
		if (allowRemote) return file;
		// Never repeat credentials a URL may carry (https://user:token@host/...).
		const shown = file.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/iu, '$1***@');
		throw new DriftwatchError('config-invalid', `helm value file ${shown} is a URL; remote value files are refused`, {
			hint: 'put the values in the repository, or run driftwatch with --allow-remote-values to let helm fetch them',
		});
	}
	const base = path.isAbsolute(file) ? root : chart;
	const relative = path.isAbsolute(file) ? `.${path.sep}${path.normalize(file)}` : file;
	const shown = `helm value file ${JSON.stringify(file)}`;
	return resolveRepositoryFile(root, base, relative, shown);
}

function inlineValues(options: HelmOptions): string | undefined {
	// JSON is YAML, so an object can be handed to helm without a YAML serializer.
	if (options.valuesObject !== undefined) return JSON.stringify(options.valuesObject);
	if (options.values !== undefined && options.values.trim() !== '') return options.values;
	return undefined;
}

/**
 * Helm splits `--set` on unescaped commas; like Argo CD, escape them so a value stays one value,
 * except for `{a,b}` list syntax, which is meant to be split.
 */
export function escapeSetValue(value: string): string {
	if (value.startsWith('{') && value.endsWith('}')) return value;
	return value.replace(/(?<!\\),/gu, '\\,');
}

/** Helm release names are DNS-1123 labels of at most 53 characters. */
function releaseNameFromDir(dir: string): string {
	const name = path
		.basename(path.resolve(dir))
		.toLowerCase()
		.replace(/[^a-z0-9-]+/gu, '-')
		.replace(/^-+|-+$/gu, '')
		.slice(0, 53)
		.replace(/-+$/u, '');
	return name || 'release';
}
