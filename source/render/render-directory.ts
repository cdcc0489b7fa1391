/**
 * Renders a plain directory of manifests the way Argo CD's `directory` source type does: `.yaml`,
 * `.yml` and `.json` files, in the order Argo CD walks them (names sorted within each directory,
 * subdirectories read where they sort), subdirectories only with `recurse`,
 * filtered by `include` / `exclude` globs on the path relative to the directory. YAML that is not
 * a Kubernetes object (Helm value files, CI configs) is skipped with a notice; a file that does
 * not parse fails the whole render, so a partial set is never compared as if it were complete.
 *
 * Every file is read by its real path, which must be inside the repository: a symlinked file or
 * directory that leads out of it fails the render, naming the link (Argo CD fails such a
 * repository too). Symlinked directories are not descended into, as in Argo CD.
 */
import {readdir, readFile, realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import {DriftwatchError} from '../core/errors.js';
import type {KubeObject} from '../core/kube-object.js';
import {parseManifests} from '../core/parse-manifests.js';
import {globMatch} from '../core/glob-match.js';
import {describeManifestError} from './describe-manifest-error.js';
import {checkFileSize, isInside, outsideRepository, realRoot, resolveInside} from './repository-paths.js';

/** Argo CD's `spec.source.directory`. */
export interface DirectoryOptions {
	/** Descend into subdirectories. Default false. */
	recurse?: boolean;
	/** Only files whose relative path matches this glob, e.g. `{deploy.yaml,svc.yaml}`. */
	include?: string;
	/** Skip files whose relative path matches this glob; applied before `include`. */
	exclude?: string;
}

export interface DirectoryRender {
	objects: KubeObject[];
	notices: string[];
	/** The manifest files read, relative to the directory, with `/` separators. */
	files: string[];
}

const manifestFile = /\.(?:ya?ml|json)$/u;

/** The most manifest bytes one directory source may hold in total: 64 MiB, as for a tool's output. */
export const maxDirectoryBytes = 64 * 1024 * 1024;

/**
 * Reads every manifest file under `dir`; `repoRoot` (default `dir`) is the checkout every file
 * must stay inside.
 *
 * @throws DriftwatchError 'manifest-invalid' naming each file and line that does not parse;
 * 'render-failed' when the directory cannot be read, a file leads outside the repository, or a
 * file (or the whole) is over the size limit.
 */
export async function renderDirectory(dir: string, options: DirectoryOptions = {}, repoRoot?: string): Promise<DirectoryRender> {
	const repository = await realRoot(repoRoot ?? dir);
	const shownDir = path.relative(repository, path.resolve(dir)) || '.';
	const root = await resolveInside(repository, repository, path.resolve(dir), shownDir);
	const notices: string[] = [];
	const files = await listManifestFiles(root, repository, options, notices);
	const objects: KubeObject[] = [];
	const problems: string[] = [];
	let total = 0;
	for (const {relative, real} of files) {
		const size = (await stat(real)).size;
		checkFileSize(size, relative);
		total += size;
		if (total > maxDirectoryBytes) {
			throw new DriftwatchError('render-failed', `${shownDir}: manifests larger than ${maxDirectoryBytes} bytes in total; refused`, {
				hint: 'split the app into several, or narrow it with directory.include / exclude',
			});
		}
		const parsed = parseManifests(await readFile(real, 'utf8'), relative);
		objects.push(...parsed.objects);
		notices.push(...parsed.notices);
		problems.push(...parsed.errors.map(error => describeManifestError(error, {withSource: true})));
	}
	if (problems.length > 0) {
		throw new DriftwatchError('manifest-invalid', `invalid manifest in ${shownDir}: ${problems.join('; ')}`, {
			hint: 'fix the YAML in Git; nothing from this source is compared until it parses',
		});
	}
	return {objects, notices, files: files.map(file => file.relative)};
}

async function listManifestFiles(
	root: string,
	repository: string,
	options: DirectoryOptions,
	notices: string[],
): Promise<Array<{relative: string; real: string}>> {
	const files: Array<{relative: string; real: string}> = [];
	const walk = async (relativeDir: string): Promise<void> => {
		const absoluteDir = path.join(root, relativeDir);
		let entries;
		try {
			entries = await readdir(absoluteDir, {withFileTypes: true});
		} catch (error) {
			throw new DriftwatchError('render-failed', `cannot read ${relativeDir || '.'}`, {cause: error});
		}
		entries.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
		for (const entry of entries) {
			const relative = relativeDir ? `${relativeDir}/${entry.name}` : entry.name;
			if (entry.isDirectory()) {
				if (options.recurse && entry.name !== '.git') await walk(relative);
				continue;
			}
			if (entry.name.endsWith('.jsonnet')) {
				notices.push(`${relative}: skipped, Jsonnet is not supported`);
				continue;
			}
			if (entry.isSymbolicLink()) {
				// Checked before the name filters: a link out of the repository is refused whatever it is called.
				const real = await realpath(path.join(root, relative)).catch(() => undefined);
				if (real === undefined) {
					notices.push(`${relative}: skipped, symlink target is missing`);
					continue;
				}
				if (!isInside(repository, real)) throw outsideRepository(relative);
				const info = await stat(real);
				if (info.isDirectory()) {
					if (options.recurse) notices.push(`${relative}: skipped, symlinked directories are not followed`);
					continue;
				}
				if (!manifestFile.test(entry.name) || !info.isFile() || !selected(relative, options)) continue;
				files.push({relative, real});
				continue;
			}
			if (!entry.isFile() || !manifestFile.test(entry.name) || !selected(relative, options)) continue;
			files.push({relative, real: path.join(root, relative)});
		}
	};
	await walk('');
	return files;
}

function selected(relative: string, options: DirectoryOptions): boolean {
	if (options.exclude && globMatch(options.exclude, relative)) return false;
	return !options.include || globMatch(options.include, relative);
}
