/** What the engine needs from the renderers (source/render implements it). */
import type {AppSource} from '../core/app-definition.js';
import type {KubeObject} from '../core/kube-object.js';

export interface RenderedManifests {
	objects: KubeObject[];
	/** Things the user should know that did not stop the render (skipped files, tool warnings). */
	notices: string[];
	sourceType: 'directory' | 'kustomize' | 'helm';
}

/** Renders one source checked out at `dir` (the repository root); all objects or a throw, never a part. */
export type RenderPort = (dir: string, source: AppSource, namespace: string, appName: string) => Promise<RenderedManifests>;
