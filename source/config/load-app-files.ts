/**
 * Reads Application and AppProject manifests from files and directories given on the command
 * line, and checks apps against the projects found with them. The only config code that touches
 * the file system; the parsing and checks are pure (`core/parse-application.ts`,
 * `core/project-limits.ts`).
 */
import {readFile, readdir, stat} from 'node:fs/promises';
import {extname, join, resolve} from 'node:path';
import {YAMLException, loadAll} from 'js-yaml';
import {type AppDefinition, type AppProjectLimits, type ConfigError, defaultProject} from '../core/app-definition.js';
import {formatConfigError, parseApplications} from '../core/parse-application.js';
import {checkAppAgainstProject} from '../core/project-limits.js';
import {documentLimitProblem, isStackOverflow, maxDocumentDepth} from '../core/document-limits.js';
import {describeError} from '../core/errors.js';

export interface LoadedAppFiles {
	/** Valid apps, in file order; apps with any error are left out. */
	apps: AppDefinition[];
	projects: AppProjectLimits[];
	errors: ConfigError[];
	/** Every warning, formatted: about files and documents, then each app's own (also in `app.warnings`). */
	warnings: string[];
}

const manifestExtensions = new Set(['.yaml', '.yml', '.json']);

/** The largest Application / AppProject file read: 16 MiB, as for manifests in a repository. */
export const maxAppFileBytes = 16 * 1024 * 1024;

/**
 * Loads apps from `paths`: each a file, or a directory whose `.yaml`, `.yml` and `.json` files are
 * read (not its subdirectories), in name order. An app whose `spec.project` names an AppProject
 * in these files is checked against it; the 'default' project, when not given, permits
 * everything (as Argo CD's does); any other missing project is a warning. App and project names
 * must be unique across all files.
 */
export async function loadAppFiles(paths: readonly string[]): Promise<LoadedAppFiles> {
	const errors: ConfigError[] = [];
	const warnings: string[] = [];
	const apps: AppDefinition[] = [];
	const projects: AppProjectLimits[] = [];
	const firstOrigin = new Map<string, string>();

	for (const file of await listFiles(paths, errors, warnings)) {
		const documents = await readDocuments(file, errors);
		if (documents === undefined) continue;
		if (documents.every(document => document === null || document === undefined)) {
			warnings.push(`${file}: no documents`);
			continue;
		}
		const parsed = parseApplications(documents, file);
		errors.push(...parsed.errors);
		warnings.push(...parsed.warnings);
		// Later definitions of a name are the errors: the first one is what the user most likely meant.
		const isFirst = (kind: string, name: string): boolean => {
			const earlier = firstOrigin.get(`${kind}/${name}`);
			if (earlier === undefined) {
				firstOrigin.set(`${kind}/${name}`, file);
				return true;
			}
			const where = earlier === file ? 'earlier in this file' : `in ${earlier}`;
			errors.push({origin: file, object: `${kind}/${name}`, field: 'metadata.name', message: `duplicate name, already defined ${where}`});
			return false;
		};
		apps.push(...parsed.apps.filter(app => isFirst('Application', app.name)));
		projects.push(...parsed.projects.filter(project => isFirst('AppProject', project.name)));
	}

	const checked = apps.filter(app => {
		const project = projects.find(candidate => candidate.name === app.project);
		if (project !== undefined) {
			const problems = checkAppAgainstProject(app, project);
			errors.push(...problems);
			return problems.length === 0;
		}
		if (app.project !== defaultProject) {
			app.warnings.push(
				formatConfigError({
					origin: app.origin,
					object: `Application/${app.name}`,
					field: 'spec.project',
					message: `AppProject ${JSON.stringify(app.project)} is not in the given files, so its limits are not checked`,
				}),
			);
		}
		return true;
	});
	return {apps: checked, projects, errors, warnings: [...warnings, ...checked.flatMap(app => app.warnings)]};
}

/** The files to read, each once, in the order given; directories expand to their manifest files. */
async function listFiles(paths: readonly string[], errors: ConfigError[], warnings: string[]): Promise<string[]> {
	const files: string[] = [];
	const seen = new Set<string>();
	const add = (file: string): void => {
		if (seen.has(resolve(file))) return;
		seen.add(resolve(file));
		files.push(file);
	};
	for (const path of paths) {
		try {
			if (!(await stat(path)).isDirectory()) {
				add(path);
				continue;
			}
			const entries = await readdir(path, {withFileTypes: true});
			const names = entries
				.filter(entry => (entry.isFile() || entry.isSymbolicLink()) && manifestExtensions.has(extname(entry.name).toLowerCase()))
				.map(entry => entry.name)
				.sort();
			if (names.length === 0) warnings.push(`${path}: no .yaml, .yml or .json files`);
			for (const name of names) add(join(path, name));
		} catch (error) {
			errors.push({origin: path, object: '', field: '', message: describeFsError(error)});
		}
	}
	return files;
}

async function readDocuments(file: string, errors: ConfigError[]): Promise<unknown[] | undefined> {
	let text: string;
	try {
		const size = (await stat(file)).size;
		if (size > maxAppFileBytes) {
			errors.push({origin: file, object: '', field: '', message: `${size} bytes, over the ${maxAppFileBytes}-byte limit for one file`});
			return undefined;
		}
		text = await readFile(file, 'utf8');
	} catch (error) {
		errors.push({origin: file, object: '', field: '', message: describeFsError(error)});
		return undefined;
	}
	let documents: unknown[];
	try {
		documents = loadAll(text, {filename: file, maxDepth: maxDocumentDepth});
	} catch (error) {
		if (error instanceof YAMLException) {
			const mark = error.mark;
			const object = mark === undefined ? '' : `line ${mark.line + 1}`;
			const column = mark === undefined ? '' : ` (column ${mark.column + 1})`;
			errors.push({origin: file, object, field: '', message: `invalid YAML: ${error.reason}${column}`});
		} else if (isStackOverflow(error)) {
			errors.push({
				origin: file,
				object: '',
				field: '',
				message: `invalid YAML: nested too deeply (the limit is ${maxDocumentDepth} levels)`,
			});
		} else {
			errors.push({
				origin: file,
				object: '',
				field: '',
				message: `invalid YAML: ${describeError(error)}`,
			});
		}
		return undefined;
	}
	// Refuse a whole file with one oversized document: its other documents may depend on it.
	for (const [index, document] of documents.entries()) {
		const problem = documentLimitProblem(document);
		if (problem !== undefined) {
			errors.push({origin: file, object: `document ${index + 1}`, field: '', message: problem});
			return undefined;
		}
	}
	return documents;
}

/** Classified by the error code Node sets, never by message text. */
function describeFsError(error: unknown): string {
	const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
	switch (code) {
		case 'ENOENT':
			return 'no such file or directory';
		case 'EACCES':
		case 'EPERM':
			return 'permission denied';
		case 'EISDIR':
			return 'is a directory';
		default:
			return describeError(error);
	}
}
