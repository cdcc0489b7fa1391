/**
 * The files an edit plan changes, kept in memory over the checked-out tree: each planner step reads
 * the current text (edited or original) and writes a new one; a copy can be tried and dropped when a
 * placement does not render as intended. Pure apart from reading through the workspace port.
 */
import {unifiedDiff} from '../line-diff.js';
import type {FileChange} from './edit-types.js';
import type {SourceWorkspace} from './source-workspace.js';

export class FileEdits {
	readonly #workspace: Pick<SourceWorkspace, 'read'>;
	readonly #edited: Map<string, string>;
	readonly #original: Map<string, string | null>;

	constructor(workspace: Pick<SourceWorkspace, 'read'>, edited = new Map<string, string>(), original = new Map<string, string | null>()) {
		this.#workspace = workspace;
		this.#edited = edited;
		this.#original = original;
	}

	/** The file's current text: as edited so far, else as checked out; undefined when it does not exist. */
	async text(path: string): Promise<string | undefined> {
		const edited = this.#edited.get(path);
		if (edited !== undefined) return edited;
		const original = await this.#originalText(path);
		return original ?? undefined;
	}

	/** Replaces (or creates) a file. */
	async write(path: string, text: string): Promise<void> {
		await this.#originalText(path);
		this.#edited.set(path, text);
	}

	/** An independent copy, to try a placement without committing to it. */
	fork(): FileEdits {
		return new FileEdits(this.#workspace, new Map(this.#edited), this.#original);
	}

	/** The edited files, for rendering. */
	get files(): ReadonlyMap<string, string> {
		return this.#edited;
	}

	/** The changes with their diffs, in path order; files edited back to their original text are left out. */
	changes(): FileChange[] {
		return [...this.#edited.entries()]
			.sort(([left], [right]) => (left < right ? -1 : left > right ? 1 : 0))
			.flatMap(([path, after]) => {
				const before = this.#original.get(path) ?? null;
				return before === after ? [] : [{path, before, after, diff: fileDiff(path, before, after)}];
			});
	}

	async #originalText(path: string): Promise<string | null> {
		if (!this.#original.has(path)) this.#original.set(path, (await this.#workspace.read(path)) ?? null);
		return this.#original.get(path) ?? null;
	}
}

/** The change of one file as `git diff` prints it: a/ and b/ labels, /dev/null for a new file. */
export function fileDiff(path: string, before: string | null, after: string): string {
	const lines = unifiedDiff(splitLines(before ?? ''), splitLines(after), {
		leftLabel: before === null ? '/dev/null' : `a/${path}`,
		rightLabel: `b/${path}`,
	});
	return lines.map(line => (line.op === '@' ? line.text : `${line.op}${line.text}`)).join('\n') + (lines.length > 0 ? '\n' : '');
}

function splitLines(text: string): string[] {
	if (text === '') return [];
	const lines = text.split('\n');
	if (text.endsWith('\n')) lines.pop();
	return lines;
}
