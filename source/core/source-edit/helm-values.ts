/**
 * A Helm source's values as layers: the chart's values.yaml, the app's value files in order, then
 * the Application's inline values. Used to list the values a probe may try and to find which file
 * already sets one. Pure apart from reading through the file edits.
 */
import {parse} from 'yaml';
import type {AppSource} from '../app-definition.js';
import {cloneJson, isRecord} from '../json-value.js';
import type {FileEdits} from './file-edits.js';
import {joinRepoPath} from './repo-path.js';
import {documentValue, parseYamlDocuments, yamlParseOptions, type YamlPath} from './yaml-syntax.js';

export interface ValueLayer {
	/** Repository path of the file; undefined for the Application's inline values. */
	file?: string;
	values: Record<string, unknown>;
}

export interface HelmValueFiles {
	/** The chart's own values.yaml. */
	chartValues: string;
	/** The app's value files that are in the repository, in order. */
	appFiles: string[];
	/** Every layer with values, lowest precedence first. */
	layers: ValueLayer[];
}

/**
 * The value layers of `source` (a chart at `source.path`). Value files given as URLs are left out:
 * driftwatch can neither read nor write them.
 */
export async function readHelmValues(edits: FileEdits, source: AppSource): Promise<HelmValueFiles> {
	const chartValues = joinRepoPath(source.path, 'values.yaml') ?? 'values.yaml';
	const appFiles = (source.helm?.valueFiles ?? []).flatMap(file => {
		const path = joinRepoPath(source.path, file);
		return path === undefined ? [] : [path];
	});
	const layers: ValueLayer[] = [];
	for (const file of [chartValues, ...appFiles]) {
		const text = await edits.text(file);
		if (text !== undefined) layers.push({file, values: valuesOf(text)});
	}
	const inline: unknown = source.helm?.valuesObject ?? (source.helm?.values ? parse(source.helm.values, yamlParseOptions) : undefined);
	if (isRecord(inline)) layers.push({values: inline});
	return {chartValues, appFiles, layers};
}

/** The values in a value file's text ({} for an empty file). */
export function valuesOf(text: string): Record<string, unknown> {
	const [document] = parseYamlDocuments(text);
	const value = document ? documentValue(document) : undefined;
	return isRecord(value) ? value : {};
}

/** The layers merged as Helm merges value files: maps key by key, anything else replaced. */
export function mergeValues(layers: readonly ValueLayer[]): Record<string, unknown> {
	const merged: Record<string, unknown> = {};
	for (const layer of layers) mergeInto(merged, layer.values);
	return merged;
}

function mergeInto(target: Record<string, unknown>, source: Record<string, unknown>): void {
	for (const [key, value] of Object.entries(source)) {
		const current = target[key];
		if (isRecord(current) && isRecord(value)) mergeInto(current, value);
		else target[key] = cloneJson(value);
	}
}

/** Every scalar (and null) in `values`, with its path; booleans are left out (they switch templates, they do not fill fields). */
export function valueLeaves(values: unknown, path: YamlPath = []): Array<{path: YamlPath; value: unknown}> {
	if (isRecord(values)) return Object.entries(values).flatMap(([key, value]) => valueLeaves(value, [...path, key]));
	if (Array.isArray(values)) return values.flatMap((value, index) => valueLeaves(value, [...path, index]));
	if (typeof values === 'boolean') return [];
	return [{path, value: values}];
}

/** The value at `path`, or undefined when a step is missing. */
export function valueAtPath(values: unknown, path: YamlPath): unknown {
	let current = values;
	for (const segment of path) {
		if (Array.isArray(current)) current = current[Number(segment)];
		else if (isRecord(current)) current = Object.hasOwn(current, String(segment)) ? current[String(segment)] : undefined;
		else return undefined;
	}
	return current;
}

/** 'image.tag', 'sidecars[0].image' */
export function describeValuePath(path: YamlPath): string {
	return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : index === 0 ? segment : `.${segment}`)).join('');
}
