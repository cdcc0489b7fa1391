/**
 * The engine's RenderPort: one Application source, checked out at `dir` (the repository root),
 * rendered from its `path`, which must stay inside the repository.
 */
import path from 'node:path';
import type {AppSource} from '../core/app-definition.js';
import {DriftwatchError} from '../core/errors.js';
import type {RenderPort} from '../ports/render.js';
import {type RenderResult, renderSource} from './render-source.js';

export const renderAppSource: RenderPort = async (
	dir: string,
	source: AppSource,
	namespace: string,
	appName: string,
): Promise<RenderResult> => {
	const sourceDir = path.resolve(dir, source.path);
	if (sourceDir !== dir && !sourceDir.startsWith(dir + path.sep)) {
		throw new DriftwatchError('config-invalid', `source path "${source.path}" leaves the repository`);
	}
	return renderSource({dir: sourceDir, directory: source.directory, helm: source.helm, namespace, appName});
};
