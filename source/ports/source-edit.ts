/**
 * What the engine needs to plan and word a source edit (keep, set-image, promote): a
 * SourceWorkspace over a checked-out tree, rendering with the real renderers
 * (source/render/source-workspace.ts), and the commit messages, which are words
 * (source/presentation/source-edit-words.ts). cli.tsx wires both.
 */
import type {AppSource} from '../core/app-definition.js';
import type {FieldAttribution} from '../core/app-status.js';
import type {ResourceKey} from '../core/kube-object.js';
import type {PlacedChange} from '../core/source-edit/edit-types.js';
import type {SourceWorkspace} from '../core/source-edit/source-workspace.js';

export type {SourceWorkspace};

export interface WorkspaceRequest {
	/** The checked-out tree (a temporary directory driftwatch owns). */
	root: string;
	source: AppSource;
	/** The destination namespace. */
	namespace: string;
	/** The app name (Helm's default release name). */
	appName: string;
}

/** Opens a workspace over a checkout. */
export type OpenWorkspace = (request: WorkspaceRequest) => Promise<SourceWorkspace>;

/** The commit messages of the three edits. */
export interface CommitMessages {
	keep(object: ResourceKey, placed: readonly PlacedChange[], attribution: readonly FieldAttribution[]): string;
	setImage(assignments: ReadonlyArray<{container: string; image: string}>, placed: readonly PlacedChange[]): string;
	promote(
		from: string,
		to: string,
		placed: readonly PlacedChange[],
		copies: ReadonlyArray<{key: string; value: unknown; file: string}>,
	): string;
}

export interface SourceEditPort {
	openWorkspace: OpenWorkspace;
	messages: CommitMessages;
}
