/**
 * The render check of a tentative placement: render the source with the candidate files and compare
 * with the intended objects. Fields that differ between two renders of the unchanged source
 * (generated passwords, timestamps) are learned once, on the first mismatch, and not held against
 * an edit. Pure apart from rendering through the workspace.
 */
import type {KubeObject} from '../kube-object.js';
import type {FieldChange, PlacedChange} from './edit-types.js';
import type {FileEdits} from './file-edits.js';
import {renderedDifferences, type RenderedDifference, requireIntended} from './rendered-changes.js';
import type {RenderedSource, SourceWorkspace} from './source-workspace.js';

export class PlacementCheck {
	readonly #workspace: SourceWorkspace;
	readonly #original: RenderedSource;
	readonly #base: ReadonlyMap<string, string>;
	#unstable: Promise<RenderedDifference[]> | undefined;

	/** `original` is the render of `base` (the files edited before this plan; none by default). */
	constructor(workspace: SourceWorkspace, original: RenderedSource, base: ReadonlyMap<string, string> = new Map()) {
		this.#workspace = workspace;
		this.#original = original;
		this.#base = new Map(base);
	}

	/** The unintended differences of rendering `edits` (empty when the render is exactly `intended`). */
	async differences(edits: FileEdits, intended: readonly KubeObject[]): Promise<RenderedDifference[]> {
		const rendered = await this.#workspace.render(edits.files);
		const found = renderedDifferences(intended, rendered.objects);
		if (found.length === 0) return found;
		const unstable = new Set((await this.#unstableFields()).map(difference => `${difference.object} ${difference.path}`));
		return found.filter(difference => !unstable.has(`${difference.object} ${difference.path}`));
	}

	/**
	 * Throws unless rendering `edits` gives exactly `intended`.
	 *
	 * @throws DriftwatchError 'edit-refused' naming what else would change.
	 */
	async require(edits: FileEdits, intended: readonly KubeObject[], what: string): Promise<void> {
		const rendered = await this.#workspace.render(edits.files);
		requireIntended(intended, rendered.objects, what, await this.#unstableIfNeeded(intended, rendered.objects));
	}

	async #unstableIfNeeded(intended: readonly KubeObject[], rendered: readonly KubeObject[]): Promise<RenderedDifference[]> {
		return renderedDifferences(intended, rendered).length === 0 ? [] : this.#unstableFields();
	}

	#unstableFields(): Promise<RenderedDifference[]> {
		this.#unstable ??= this.#workspace.render(this.#base).then(again => renderedDifferences(this.#original.objects, again.objects));
		return this.#unstable;
	}
}

/** Everything a renderer's placer needs to place one field change. */
export interface PlacementStep {
	workspace: SourceWorkspace;
	/** The source as checked out, rendered. */
	original: RenderedSource;
	/** The edits accepted so far (earlier changes of the same plan). */
	edits: FileEdits;
	change: FieldChange;
	/** The objects the render must give once this change is placed. */
	intended: KubeObject[];
	check: PlacementCheck;
	options: PlanOptions;
}

/** A placed change and the edits that place it (a fork of the step's edits). */
export interface Placement {
	edits: FileEdits;
	placed: PlacedChange;
}

/** Choices a caller can make about where edits may go. */
export interface PlanOptions {
	/**
	 * Helm: the value files (repository paths) an edit may write, in the app's order. Default: the
	 * app's value files that are in the repository, else the chart's values.yaml.
	 */
	helmValueFiles?: readonly string[];
}
