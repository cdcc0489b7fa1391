/**
 * The engine's RenderPort: one Application source, checked out at `dir` (the repository root),
 * rendered from its `path`, which must stay inside the repository after `realpath` (a `path` that
 * is a symlink to a directory elsewhere is refused, not rendered).
 */
import {realpath} from 'node:fs/promises';
import path from 'node:path';
import type {AppSource} from '../core/app-definition.js';
import {DriftwatchError} from '../core/errors.js';
import type {RenderPort} from '../ports/render.js';
import {isInside, realRoot} from './repository-paths.js';
import {type RenderResult, renderSource} from './render-source.js';

/** What the user allowed on the command line, beyond what a repository may ask for. */
export interface RenderPolicy {
	/** Let helm fetch http(s) value files (`--allow-remote-values`). Default false. */
	allowRemoteValues?: boolean;
}

/** A RenderPort with `policy`; {@link renderAppSource} is the default one (nothing remote). */
export function appSourceRenderer(policy: RenderPolicy = {}): RenderPort {
	return async (dir: string, source: AppSource, namespace: string, appName: string): Promise<RenderResult> => {
		const root = await realRoot(dir);
		const lexical = path.resolve(root, source.path);
		if (!isInside(root, lexical)) throw leaves(source.path, 'climbs out of it');
		let sourceDir: string;
		try {
			sourceDir = await realpath(lexical);
		} catch (error) {
			throw new DriftwatchError('render-failed', `source path "${source.path}" does not exist in the repository`, {
				hint: 'check the source path and the target revision',
				cause: error,
			});
		}
		if (!isInside(root, sourceDir)) throw leaves(source.path, 'is or passes through a symlink to a directory outside it');
		return renderSource({
			dir: sourceDir,
			repoRoot: root,
			directory: source.directory,
			helm: source.helm,
			namespace,
			appName,
			allowRemoteValues: policy.allowRemoteValues ?? false,
		});
	};
}

export const renderAppSource: RenderPort = appSourceRenderer();

function leaves(sourcePath: string, how: string): DriftwatchError {
	return new DriftwatchError('config-invalid', `source path "${sourcePath}" leaves the repository: it ${how}; refused`, {
		hint: 'the source path must name a directory of the repository',
	});
}
