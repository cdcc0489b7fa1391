/**
 * The kustomization of a Kustomize source: which file it is, what it says, and the names its
 * objects had before this kustomization's `namePrefix` / `nameSuffix` (what its patches, `images`
 * and `replicas` entries refer to). Pure apart from reading through the file edits.
 */
import {isRecord} from '../json-value.js';
import {editRefused} from './edit-types.js';
import type {FileEdits} from './file-edits.js';
import {joinRepoPath} from './repo-path.js';
import {documentValue, parseYamlDocuments} from './yaml-syntax.js';

/** The file names kustomize recognises, in the order it looks for them. */
export const kustomizationFileNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export interface Kustomization {
	/** Repository path of the kustomization file. */
	path: string;
	/** Repository path of its directory. */
	dir: string;
	text: string;
	value: Record<string, unknown>;
}

/**
 * The kustomization in the repository directory `dir`.
 *
 * @throws DriftwatchError 'edit-refused' when there is none, or it is not one YAML mapping.
 */
export async function readKustomization(edits: FileEdits, dir: string): Promise<Kustomization> {
	for (const name of kustomizationFileNames) {
		const path = joinRepoPath(dir, name);
		const text = path === undefined ? undefined : await edits.text(path);
		if (path === undefined || text === undefined) continue;
		const documents = parseYamlDocuments(text);
		const value = documents.length === 1 && documents[0] ? documentValue(documents[0]) : undefined;
		if (!isRecord(value)) throw editRefused(`${path} is not one YAML mapping`);
		return {path, dir, text, value};
	}
	throw editRefused(`no kustomization file in ${dir || 'the repository root'}`);
}

/**
 * The names an object rendered as `name` may have in this kustomization's own patches and entries:
 * without the kustomization's namePrefix and nameSuffix, then as rendered.
 */
export function namesBeforePrefix(kustomization: Kustomization, name: string): string[] {
	const prefix = typeof kustomization.value['namePrefix'] === 'string' ? kustomization.value['namePrefix'] : '';
	const suffix = typeof kustomization.value['nameSuffix'] === 'string' ? kustomization.value['nameSuffix'] : '';
	const names: string[] = [];
	if ((prefix || suffix) && name.startsWith(prefix) && name.endsWith(suffix) && name.length > prefix.length + suffix.length) {
		names.push(name.slice(prefix.length, name.length - suffix.length));
	}
	names.push(name);
	return names;
}

/** A list field of the kustomization ([] when absent or not a list). */
export function listField(kustomization: Kustomization, field: string): unknown[] {
	const value = kustomization.value[field];
	return Array.isArray(value) ? value : [];
}
