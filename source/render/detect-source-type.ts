/**
 * Which renderer a source directory needs, decided as Argo CD's repo server does
 * (util/app/discovery): only files directly in the directory count; a kustomization wins over a
 * Chart.yaml (Argo CD walks names in byte order and the last match wins, and `Kustomization` /
 * `kustomization.yaml` sort after `Chart.yaml`); anything else is a plain directory.
 */
import {readdir} from 'node:fs/promises';
import {DriftwatchError} from '../core/errors.js';

export type SourceType = 'directory' | 'kustomize' | 'helm';

/** The file names kustomize recognises, in the order it looks for them. */
export const kustomizationFileNames = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** The file that makes a directory a Helm chart. */
export const helmChartFileName = 'Chart.yaml';

/**
 * The source type of `dir`.
 *
 * @throws DriftwatchError 'render-failed' when `dir` does not exist or is not a directory: the
 * Application's path is missing at this revision.
 */
export async function detectSourceType(dir: string): Promise<SourceType> {
	let names: string[];
	try {
		const entries = await readdir(dir, {withFileTypes: true});
		names = entries.filter(entry => entry.isFile() || entry.isSymbolicLink()).map(entry => entry.name);
	} catch (error) {
		throw new DriftwatchError('render-failed', `source path ${dir} does not exist or is not a directory`, {
			hint: 'check the source path and the target revision',
			cause: error,
		});
	}
	const present = new Set(names);
	if (kustomizationFileNames.some(name => present.has(name))) return 'kustomize';
	if (present.has(helmChartFileName)) return 'helm';
	return 'directory';
}
