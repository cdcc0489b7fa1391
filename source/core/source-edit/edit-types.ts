/**
 * The shapes of a change to an app's source: what should change in the rendered objects (field
 * changes), and how the files in Git change to get there (an edit plan, shown for confirmation
 * before anything is written). Pure types and constructors.
 */
import {DriftwatchError} from '../errors.js';
import type {ResourceKey} from '../kube-object.js';

/** A field of a rendered object that should end with a new value. */
export interface FieldChange {
	/** The object as the renderer produces it; an empty namespace also matches objects without one. */
	object: ResourceKey;
	/** RFC 6901 pointer into the object, e.g. '/spec/replicas'. */
	path: string;
	/** The value the field has now in the rendered source; undefined when absent. */
	from: unknown;
	/** The value it should have; undefined removes the field. */
	to: unknown;
}

/** One file of the repository before and after the edit. */
export interface FileChange {
	/** Repository-relative path with '/' separators. */
	path: string;
	/** null for a new file. */
	before: string | null;
	after: string;
	/** `git diff`-style unified diff of the change (a/ and b/ labels, 3 lines of context). */
	diff: string;
}

/** Where one field change was written, for messages and JSON output. */
export interface PlacedChange {
	change: FieldChange;
	/** The file written, repository-relative. */
	file: string;
	/** How, in a few words: 'images entry registry.example.com/api', 'value image.tag', 'patch patches[0]'. */
	via: string;
}

/** The exact file changes that produce the intended field changes, verified by rendering. */
export interface EditPlan {
	files: FileChange[];
	placed: PlacedChange[];
}

/** A file of the repository as text. */
export interface SourceFile {
	path: string;
	text: string;
}

/** The refusal every planner throws: the change cannot be placed exactly, and nothing is written. */
export function editRefused(message: string, hint = ''): DriftwatchError {
	return new DriftwatchError('edit-refused', message, {hint});
}

/** True for the refusal of {@link editRefused}. */
export function isEditRefused(error: unknown): error is DriftwatchError {
	return error instanceof DriftwatchError && error.code === 'edit-refused';
}
