/**
 * Renders a local Helm chart with `helm template`, with the arguments Argo CD passes: value files
 * (relative to the chart, like Argo CD), then inline values, then `--set` / `--set-string`
 * parameters, so later ones win as in Argo CD; `--include-crds`; the release name and namespace.
 */
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type {HelmOptions} from '../core/app-definition.js';
import type {KubeObject} from '../core/kube-object.js';
import {findTool, toolInstallHints} from './find-tool.js';
import {parseToolOutput} from './parse-tool-output.js';
import {runTool} from './run-tool.js';

export interface HelmRenderRequest {
	helm?: HelmOptions;
	/** Passed as `--namespace` (the release namespace, `.Release.Namespace`). */
	namespace?: string;
	appName?: string;
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
 * 'render-failed' with helm's message when templating fails (a `required` value, a missing
 * value file); 'manifest-invalid' when the templates render YAML that does not parse.
 */
export async function renderHelm(dir: string, request: HelmRenderRequest = {}): Promise<HelmRender> {
	const env = request.env ?? process.env;
	const helmOptions = request.helm ?? {};
	const helm = await findTool('helm', env);
	const releaseName = helmOptions.releaseName || request.appName || releaseNameFromDir(dir);
	const scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-helm-'));
	try {
		const args = ['template', releaseName, dir, '--include-crds'];
		if (request.namespace) args.push('--namespace', request.namespace);
		for (const file of helmOptions.valueFiles ?? []) args.push('--values', resolveValueFile(dir, file));
		const inline = inlineValues(helmOptions);
		if (inline !== undefined) {
			const file = path.join(scratch, 'inline-values.yaml');
			await writeFile(file, inline, 'utf8');
			args.push('--values', file);
		}
		for (const parameter of helmOptions.parameters ?? []) {
			args.push(parameter.forceString ? '--set-string' : '--set', `${parameter.name}=${escapeSetValue(parameter.value)}`);
		}
		const output = await runTool({tool: 'helm', binary: helm, args, installHint: toolInstallHints.helm, env});
		return parseToolOutput(output, `helm template ${releaseName} ${dir}`);
	} finally {
		await rm(scratch, {recursive: true, force: true});
	}
}

function resolveValueFile(chartDir: string, file: string): string {
	if (/^https?:\/\//u.test(file)) return file;
	return path.resolve(chartDir, file);
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
