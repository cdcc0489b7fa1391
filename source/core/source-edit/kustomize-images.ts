/**
 * Image changes in a Kustomize source go through the kustomization's `images:` entries, as
 * `kustomize edit set image` writes them: `{name, newName, newTag, digest}`, matched by the image
 * name the resources carry. An entry that already produces the current image is changed; otherwise
 * a new entry is added. Pure.
 */
import {cloneJson, isRecord} from '../json-value.js';
import type {FieldChange} from './edit-types.js';
import type {FileEdits} from './file-edits.js';
import {type ImageReference, parseImage} from './image-reference.js';
import {type Kustomization, listField} from './kustomization-file.js';
import {rewriteYamlDocument} from './yaml-edit.js';

/** A way to place a change: the edit it makes, and how to name it. */
export interface Candidate {
	/** 'images entry nginx', 'patches[0]', ... */
	via: string;
	/** The file it writes. */
	file: string;
	apply(edits: FileEdits): Promise<void>;
}

/** True for a pointer to a container's image, in any workload kind's pod template. */
export function isImagePointer(pointer: string): boolean {
	return /\/(?:containers|initContainers|ephemeralContainers)\/\d+\/image$/.test(pointer);
}

/** The `images:` placements of an image change: each entry that yields the current image, then a new entry. */
export function imageCandidates(kustomization: Kustomization, change: FieldChange): Candidate[] {
	if (typeof change.from !== 'string' || typeof change.to !== 'string') return [];
	const from = parseImage(change.from);
	const to = parseImage(change.to);
	const entries = listField(kustomization, 'images');
	const candidates: Candidate[] = [];
	entries.forEach((entry, index) => {
		if (!isRecord(entry) || typeof entry['name'] !== 'string') return;
		const output = typeof entry['newName'] === 'string' ? entry['newName'] : entry['name'];
		if (output !== from.name) return;
		candidates.push(entryCandidate(kustomization, `images entry ${entry['name']}`, entries, index, changedEntry(entry, to)));
	});
	const added = {name: from.name, ...newParts(from.name, to)};
	candidates.push(entryCandidate(kustomization, `new images entry ${from.name}`, entries, entries.length, added));
	return candidates;
}

/** `entry` changed to produce `to`, keeping its name and its other fields. */
function changedEntry(entry: Record<string, unknown>, to: ImageReference): Record<string, unknown> {
	const next = cloneJson(entry);
	delete next['newName'];
	delete next['newTag'];
	delete next['digest'];
	// Keep the order kustomize writes: name, newName, newTag, digest (then anything else).
	const {name, ...rest} = next;
	const parts = newParts(String(name), to);
	const ordered: Record<string, unknown> = {name};
	for (const key of ['newName', 'newTag', 'digest'] as const) {
		if (parts[key] !== undefined) ordered[key] = parts[key];
	}
	return {...ordered, ...rest};
}

function newParts(name: string, to: ImageReference): {newName?: string; newTag?: string; digest?: string} {
	return {
		...(to.name !== name ? {newName: to.name} : {}),
		...(to.tag !== undefined ? {newTag: to.tag} : {}),
		...(to.digest !== undefined ? {digest: to.digest} : {}),
	};
}

function entryCandidate(kustomization: Kustomization, via: string, entries: unknown[], index: number, entry: unknown): Candidate {
	return {
		via,
		file: kustomization.path,
		apply: async edits => {
			const text = (await edits.text(kustomization.path)) ?? kustomization.text;
			const next = cloneJson(entries);
			next[index] = entry;
			await edits.write(kustomization.path, rewriteYamlDocument(text, 0, {...kustomization.value, images: next}));
		},
	};
}
