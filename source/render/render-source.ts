/**
 * The one entry point for turning a source directory (already checked out at a revision) into the
 * desired objects: picks the renderer as Argo CD does unless the Application names one.
 */
import type {HelmOptions} from '../core/app-definition.js';
import type {KubeObject} from '../core/kube-object.js';
import {detectSourceType, type SourceType} from './detect-source-type.js';
import {renderDirectory, type DirectoryOptions} from './render-directory.js';
import {renderHelm} from './render-helm.js';
import {renderKustomize} from './render-kustomize.js';

export type {SourceType} from './detect-source-type.js';

export interface RenderRequest {
	/** The source directory: the Application's `path` inside the checked-out tree. */
	dir: string;
	/** Force a renderer; default: detected from the files in `dir`. */
	sourceType?: SourceType;
	/** Argo CD's `spec.source.directory`; used for plain directories. */
	directory?: DirectoryOptions;
	/** Argo CD's `spec.source.helm`; used for charts. */
	helm?: HelmOptions;
	/** The destination namespace; Helm's release namespace. */
	namespace?: string;
	/** The application's name; the default Helm release name. */
	appName?: string;
	/** The repository checkout `dir` is in; nothing outside it is read. Default: `dir` itself. */
	repoRoot?: string;
	/** Let helm fetch http(s) value files. Default false. */
	allowRemoteValues?: boolean;
	/** Helm value files driftwatch wrote itself, outside the repository; see HelmRenderRequest. */
	trustedValueFiles?: string[];
}

export interface RenderResult {
	objects: KubeObject[];
	/** Things the user should know that did not stop the render (skipped files, tool warnings). */
	notices: string[];
	sourceType: SourceType;
	/** For plain directories: the files read, relative to `dir`. */
	files?: string[];
}

/**
 * Renders `request.dir`. Either every object of the source comes back, or it throws: a partial
 * render is never returned as if it were complete.
 *
 * @throws DriftwatchError 'tool-missing', 'render-failed' or 'manifest-invalid'.
 */
export async function renderSource(request: RenderRequest): Promise<RenderResult> {
	const sourceType = request.sourceType ?? (await detectSourceType(request.dir));
	switch (sourceType) {
		case 'kustomize': {
			const {objects, notices} = await renderKustomize(request.dir, {repoRoot: request.repoRoot});
			return {objects, notices, sourceType};
		}
		case 'helm': {
			const {helm, namespace, appName, repoRoot, allowRemoteValues, trustedValueFiles} = request;
			const {objects, notices} = await renderHelm(request.dir, {helm, namespace, appName, repoRoot, allowRemoteValues, trustedValueFiles});
			return {objects, notices, sourceType};
		}
		case 'directory': {
			const {objects, notices, files} = await renderDirectory(request.dir, request.directory, request.repoRoot);
			return {objects, notices, sourceType, files};
		}
	}
}
