/**
 * Renders a plain directory of manifests the way Argo CD's `directory` source type does: `.yaml`,
 * `.yml` and `.json` files, in the order Argo CD walks them (names sorted within each directory,
 * subdirectories read where they sort), subdirectories only with `recurse`,
 * filtered by `include` / `exclude` globs on the path relative to the directory. YAML that is not
 * a Kubernetes object (Helm value files, CI configs) is skipped with a notice; a file that does
 * not parse fails the whole render, so a partial set is never compared as if it were complete.
 */
import {readdir, readFile, realpath, stat} from 'node:fs/promises';
import path from 'node:path';
import {DriftwatchError} from '../core/errors.js';
import type {KubeObject} from '../core/kube-object.js';
import {parseManifests} from '../core/parse-manifests.js';
import {globMatch} from '../core/glob-match.js';
import {describeManifestError} from './describe-manifest-error.js';

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

/**
 * Reads every manifest file under `dir`.
 *
 * @throws DriftwatchError 'manifest-invalid' naming each file and line that does not parse;
 * 'render-failed' when the directory cannot be read.
 */
export async function renderDirectory(dir: string, options: DirectoryOptions = {}): Promise<DirectoryRender> {
	const root = path.resolve(dir);
	const notices: string[] = [];
	const files = await listManifestFiles(root, options, notices);
	const objects: KubeObject[] = [];
	const problems: string[] = [];
	for (const file of files) {
		const parsed = parseManifests(await readFile(path.join(root, file), 'utf8'), file);
		objects.push(...parsed.objects);
		notices.push(...parsed.notices);
		problems.push(...parsed.errors.map(error => describeManifestError(error, {withSource: true})));
	}
	if (problems.length > 0) {
		throw new DriftwatchError('manifest-invalid', `invalid manifest in ${root}: ${problems.join('; ')}`, {
			hint: 'fix the YAML in Git; nothing from this source is compared until it parses',
		});
	}
	return {objects, notices, files};
}

async function listManifestFiles(root: string, options: DirectoryOptions, notices: string[]): Promise<string[]> {
	const files: string[] = [];
	const walk = async (relativeDir: string): Promise<void> => {
		const absoluteDir = path.join(root, relativeDir);
		let entries;
		try {
			entries = await readdir(absoluteDir, {withFileTypes: true});
		} catch (error) {
			throw new DriftwatchError('render-failed', `cannot read ${absoluteDir}`, {cause: error});
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
			if (!manifestFile.test(entry.name) || (!entry.isFile() && !entry.isSymbolicLink())) continue;
			if (options.exclude && globMatch(options.exclude, relative)) continue;
			if (options.include && !globMatch(options.include, relative)) continue;
			if (entry.isSymbolicLink() && !(await isFileInside(path.join(root, relative), root, relative, notices))) continue;
			files.push(relative);
		}
	};
	await walk('');
	return files;
}

/**
 * Argo CD follows a symlinked file only when it stays inside the repository, and never a
 * symlinked directory; we hold it to the source directory, which is all we know here.
 */
async function isFileInside(link: string, root: string, relative: string, notices: string[]): Promise<boolean> {
	try {
		const target = await realpath(link);
		const realRoot = await realpath(root);
		if (target !== realRoot && !target.startsWith(realRoot + path.sep)) {
			notices.push(`${relative}: skipped, symlink points outside the source directory`);
			return false;
		}
		return (await stat(target)).isFile();
	} catch {
		notices.push(`${relative}: skipped, symlink target is missing`);
		return false;
	}
}
