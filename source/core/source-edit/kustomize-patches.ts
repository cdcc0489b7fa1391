/**
 * Non-image changes in a Kustomize source: the kustomization's `replicas:` entry, else the patch
 * that sets the field (strategic-merge or JSON 6902, inline or in a file, under `patches`,
 * `patchesStrategicMerge` or `patchesJson6902`), else the resource file of the kustomization that
 * defines the object. Each is only a candidate: the render check decides. Pure apart from reading
 * through the file edits.
 */
import {parsePointer} from '../json-pointer.js';
import {isRecord} from '../json-value.js';
import type {KubeObject} from '../kube-object.js';
import type {FieldChange} from './edit-types.js';
import type {FileEdits} from './file-edits.js';
import {findObjectDocuments} from './find-object-document.js';
import type {Candidate} from './kustomize-images.js';
import {type Kustomization, listField} from './kustomization-file.js';
import {joinRepoPath} from './repo-path.js';
import {resolveMergePath, strategicPath} from './strategic-merge-path.js';
import {setInYaml} from './yaml-edit.js';
import {documentValue, parseYamlDocuments, type YamlPath} from './yaml-syntax.js';

/** A patch's text and where it is written: a file of its own, or a string in the kustomization. */
interface PatchText {
	via: string;
	/** The file that holds the text. */
	file: string;
	/** For inline patches: where the string is in the kustomization. */
	inlineAt?: YamlPath;
	text: string;
}

/** `replicas:` entries (`{name, count}`) that name the object. */
export function replicaCandidates(kustomization: Kustomization, names: readonly string[], change: FieldChange): Candidate[] {
	if (change.path !== '/spec/replicas' || !Number.isInteger(change.to)) return [];
	return listField(kustomization, 'replicas').flatMap((entry, index) => {
		if (!isRecord(entry) || typeof entry['name'] !== 'string' || !names.includes(entry['name'])) return [];
		return [
			{
				via: `replicas entry ${entry['name']}`,
				file: kustomization.path,
				apply: async (edits: FileEdits) => {
					await edits.write(kustomization.path, setInYaml(kustomization.text, 0, ['replicas', index, 'count'], change.to));
				},
			},
		];
	});
}

/** Every patch of the kustomization that already sets the field (or a field above it). */
export async function patchCandidates(
	edits: FileEdits,
	kustomization: Kustomization,
	names: readonly string[],
	change: FieldChange,
	intended: KubeObject,
): Promise<Candidate[]> {
	const candidates: Candidate[] = [];
	for (const patch of await patchTexts(edits, kustomization)) {
		let documents;
		try {
			documents = parseYamlDocuments(patch.text).map(documentValue);
		} catch {
			continue;
		}
		documents.forEach((document, documentIndex) => {
			const path = Array.isArray(document) ? jsonPatchPath(document, change) : mergePatchPath(document, names, change, intended);
			if (path !== undefined) candidates.push(patchCandidate(kustomization, patch, documentIndex, path, change.to));
		});
	}
	return candidates;
}

/** Resource files listed by the kustomization itself that define the object. */
export async function resourceFileCandidates(
	edits: FileEdits,
	kustomization: Kustomization,
	names: readonly string[],
	change: FieldChange,
): Promise<Candidate[]> {
	const candidates: Candidate[] = [];
	for (const entry of listField(kustomization, 'resources')) {
		if (typeof entry !== 'string' || !/\.(?:ya?ml|json)$/.test(entry)) continue;
		const file = joinRepoPath(kustomization.dir, entry);
		const text = file === undefined ? undefined : await edits.text(file);
		if (file === undefined || text === undefined) continue;
		for (const name of names) {
			for (const location of findObjectDocuments(text, {...change.object, name})) {
				candidates.push({
					via: `resource ${entry}`,
					file,
					apply: async target => {
						const path = [...location.prefix, ...parsePointer(change.path)];
						await target.write(file, setInYaml(text, location.documentIndex, path, change.to));
					},
				});
			}
		}
	}
	return candidates;
}

async function patchTexts(edits: FileEdits, kustomization: Kustomization): Promise<PatchText[]> {
	const texts: PatchText[] = [];
	const add = async (via: string, entry: unknown, inlineAt: YamlPath): Promise<void> => {
		const inline = isRecord(entry) ? entry['patch'] : typeof entry === 'string' && entry.includes('\n') ? entry : undefined;
		if (typeof inline === 'string') {
			texts.push({via, file: kustomization.path, inlineAt: isRecord(entry) ? [...inlineAt, 'patch'] : inlineAt, text: inline});
			return;
		}
		const relative = isRecord(entry) ? entry['path'] : entry;
		const file = typeof relative === 'string' ? joinRepoPath(kustomization.dir, relative) : undefined;
		const text = file === undefined ? undefined : await edits.text(file);
		if (file !== undefined && text !== undefined) texts.push({via: `${via} (${relative as string})`, file, text});
	};
	for (const field of ['patches', 'patchesStrategicMerge', 'patchesJson6902']) {
		for (const [index, entry] of listField(kustomization, field).entries()) await add(`${field}[${index}]`, entry, [field, index]);
	}
	return texts;
}

/** In a JSON 6902 patch: the path of the `add`/`replace` operation value that holds the field. */
function jsonPatchPath(operations: unknown[], change: FieldChange): YamlPath | undefined {
	for (const [index, operation] of operations.entries()) {
		if (!isRecord(operation) || (operation['op'] !== 'replace' && operation['op'] !== 'add') || typeof operation['path'] !== 'string')
			continue;
		if (operation['path'] === change.path) return [index, 'value'];
		if (change.path.startsWith(`${operation['path']}/`) && 'value' in operation) {
			return [index, 'value', ...parsePointer(change.path.slice(operation['path'].length))];
		}
	}
	return undefined;
}

/** In a strategic-merge patch of the object: the path that already holds the field. */
function mergePatchPath(document: unknown, names: readonly string[], change: FieldChange, intended: KubeObject): YamlPath | undefined {
	if (!isRecord(document) || document['kind'] !== change.object.kind) return undefined;
	const metadata = document['metadata'];
	if (!isRecord(metadata) || typeof metadata['name'] !== 'string' || !names.includes(metadata['name'])) return undefined;
	const merge = strategicPath(intended, parsePointer(change.path), change.to);
	return resolveMergePath(document, merge.path);
}

function patchCandidate(kustomization: Kustomization, patch: PatchText, documentIndex: number, path: YamlPath, value: unknown): Candidate {
	return {
		via: patch.via,
		file: patch.file,
		apply: async edits => {
			const patched = setInYaml(patch.text, documentIndex, path, value);
			if (patch.inlineAt === undefined) await edits.write(patch.file, patched);
			else
				await edits.write(
					kustomization.path,
					setInYaml((await edits.text(kustomization.path)) ?? kustomization.text, 0, patch.inlineAt, patched),
				);
		},
	};
}
