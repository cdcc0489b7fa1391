/**
 * What the planners need from an app source checked out at one commit: its files, and renders of
 * it with some files replaced. source/render/source-workspace.ts implements it with the real
 * renderers; the planners never touch the disk themselves.
 */
import type {AppSource} from '../app-definition.js';
import type {KubeObject} from '../kube-object.js';

/** The renderer a source uses, as detected from its files. */
export type SourceKind = 'directory' | 'kustomize' | 'helm';

export interface RenderedSource {
	objects: KubeObject[];
	/** Plain directories: the manifest files read, repository-relative. */
	files?: string[];
}

export interface SourceWorkspace {
	/** The source as the app defines it; `source.path` is repository-relative. */
	readonly source: AppSource;
	readonly kind: SourceKind;
	/** The destination namespace (Helm's release namespace). */
	readonly namespace: string;
	/** The text of a repository file, or undefined when it is missing, not a file, or outside the repository. */
	read(path: string): Promise<string | undefined>;
	/**
	 * The source rendered with `files` (repository path -> text) in place of the checked-out ones,
	 * and for Helm with `helmValues` (YAML) applied after the app's value files.
	 *
	 * @throws DriftwatchError 'render-failed', 'manifest-invalid' or 'tool-missing'.
	 */
	render(files?: ReadonlyMap<string, string>, helmValues?: string): Promise<RenderedSource>;
}
