/**
 * Plain YAML sources: a field is changed in place in the one file and document that holds the
 * object, leaving the rest of the file as it is. Pure apart from reading through the workspace.
 */
import {parsePointer} from '../json-pointer.js';
import {displayKey} from '../kube-object.js';
import {editRefused, type FieldChange, isEditRefused, type PlacedChange} from './edit-types.js';
import type {FileEdits} from './file-edits.js';
import {findObjectDocuments, type ObjectLocation} from './find-object-document.js';
import {setInYaml} from './yaml-edit.js';

/**
 * Writes `change` into the file among `files` (repository paths) that defines its object.
 *
 * @throws DriftwatchError 'edit-refused' when no file or more than one defines the object, or
 * the value cannot be written exactly.
 */
export async function placeInPlainYaml(files: readonly string[], edits: FileEdits, change: FieldChange): Promise<PlacedChange> {
	const found: Array<{file: string; text: string; location: ObjectLocation}> = [];
	for (const file of files) {
		const text = await edits.text(file);
		if (text === undefined) continue;
		for (const location of findObjectDocuments(text, change.object)) found.push({file, text, location});
	}
	const [only, second] = found;
	if (!only) throw editRefused(`${displayKey(change.object)} is not written in any manifest file of the source`);
	if (second) throw editRefused(`${displayKey(change.object)} is written in both ${only.file} and ${second.file}`);
	const path = [...only.location.prefix, ...parsePointer(change.path)];
	try {
		await edits.write(only.file, setInYaml(only.text, only.location.documentIndex, path, change.to));
	} catch (error) {
		throw withFile(error, only.file);
	}
	return {change, file: only.file, via: 'in place'};
}

/** A refusal from the YAML editor, with the file it is about. */
export function withFile(error: unknown, file: string): unknown {
	return isEditRefused(error) ? editRefused(`${file}: ${error.message}`, error.hint) : error;
}
