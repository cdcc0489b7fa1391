/**
 * Reads one entry of Argo CD's `spec.source` / `spec.sources`: repository, revision, path and the
 * directory, Helm or Kustomize options. Pure: no I/O.
 */
import type {AppSource} from './app-definition.js';
import {type FieldReader, isMapping, joinField} from './manifest-fields.js';
import {releaseNameProblem, repoURLProblem, revisionProblem, valueFileProblem} from './source-values.js';

const helmFields = ['valueFiles', 'values', 'valuesObject', 'parameters', 'releaseName'];
const helmFieldsNotSupported = [
	'fileParameters',
	'passCredentials',
	'ignoreMissingValueFiles',
	'skipCrds',
	'skipTests',
	'skipSchemaValidation',
	'version',
	'namespace',
	'kubeVersion',
	'apiVersions',
];

/** Reads one source; undefined when it is unusable (the reader then holds the errors). */
export function parseSource(value: unknown, reader: FieldReader, field: string): AppSource | undefined {
	const spec = reader.mapping(value, field, {required: true});
	if (spec === undefined) return undefined;
	const errorsBefore = reader.errors.length;
	reader.unknownFields(spec, field, [
		'repoURL',
		'targetRevision',
		'path',
		'directory',
		'helm',
		'kustomize',
		'ref',
		'name',
		'chart',
		'plugin',
	]);
	if (spec['chart'] !== undefined && spec['chart'] !== null) {
		reader.fail(joinField(field, 'chart'), 'charts from Helm repositories are not supported yet; use a chart in Git (path)');
	}
	if (spec['plugin'] !== undefined && spec['plugin'] !== null) {
		reader.fail(
			joinField(field, 'plugin'),
			'config management plugins are not supported; render with Helm, Kustomize or a plain directory',
		);
	}

	const repoURL = reader.string(spec['repoURL'], joinField(field, 'repoURL'), {required: true});
	check(reader, joinField(field, 'repoURL'), repoURL, repoURLProblem);
	// Argo CD reads an empty revision as HEAD and an empty path as the repository root.
	const targetRevision = reader.string(spec['targetRevision'], joinField(field, 'targetRevision'))?.trim() || 'HEAD';
	check(reader, joinField(field, 'targetRevision'), targetRevision, revisionProblem);
	const path = readPath(spec['path'], reader, joinField(field, 'path'));
	const source: AppSource = {repoURL: repoURL ?? '', targetRevision, path};

	const directory = readDirectory(spec['directory'], reader, joinField(field, 'directory'));
	const helm = readHelm(spec['helm'], reader, joinField(field, 'helm'));
	const kustomize = reader.mapping(spec['kustomize'], joinField(field, 'kustomize'));
	if (directory !== undefined) source.directory = directory;
	if (helm !== undefined) source.helm = helm;
	if (kustomize !== undefined) source.kustomize = kustomize;
	const kinds = (['directory', 'helm', 'kustomize'] as const).filter(kind => source[kind] !== undefined);
	if (kinds.length > 1) {
		reader.fail(field, `only one of directory, helm or kustomize may be set, found ${kinds.join(' and ')}`);
	}

	const ref = reader.string(spec['ref'], joinField(field, 'ref'));
	if (ref) source.ref = ref;
	return reader.errors.length === errorsBefore ? source : undefined;
}

function readPath(value: unknown, reader: FieldReader, field: string): string {
	const path = reader.string(value, field);
	if (path === undefined || path === '' || path === '/') return '.';
	if (!isPathInsideRepository(path)) {
		reader.fail(field, `must be a relative path inside the repository, got ${JSON.stringify(path)}`);
	}
	return path;
}

/** False for absolute paths and paths that climb out with '..'; Argo CD refuses both. */
export function isPathInsideRepository(path: string): boolean {
	return !path.startsWith('/') && !path.split('/').includes('..');
}

function readDirectory(value: unknown, reader: FieldReader, field: string): AppSource['directory'] {
	const spec = reader.mapping(value, field);
	if (spec === undefined) return undefined;
	reader.unknownFields(spec, field, ['recurse', 'include', 'exclude'], ['jsonnet']);
	const directory: NonNullable<AppSource['directory']> = {};
	const recurse = reader.boolean(spec['recurse'], joinField(field, 'recurse'));
	const include = reader.string(spec['include'], joinField(field, 'include'));
	const exclude = reader.string(spec['exclude'], joinField(field, 'exclude'));
	if (recurse !== undefined) directory.recurse = recurse;
	if (include !== undefined) directory.include = include;
	if (exclude !== undefined) directory.exclude = exclude;
	return directory;
}

function readHelm(value: unknown, reader: FieldReader, field: string): AppSource['helm'] {
	const spec = reader.mapping(value, field);
	if (spec === undefined) return undefined;
	reader.unknownFields(spec, field, helmFields, helmFieldsNotSupported);
	const helm: NonNullable<AppSource['helm']> = {};

	const valueFiles = reader.stringList(spec['valueFiles'], joinField(field, 'valueFiles'));
	valueFiles?.forEach((file, index) => {
		const problem = valueFileProblem(file);
		if (problem !== undefined) reader.fail(`${joinField(field, 'valueFiles')}[${index}]`, problem);
	});
	if (valueFiles !== undefined) helm.valueFiles = valueFiles;

	const valuesField = joinField(field, 'values');
	if (isMapping(spec['values'])) {
		reader.fail(valuesField, 'expected a string (a YAML block, `values: |`), got a mapping; use valuesObject for a mapping');
	} else {
		const values = reader.string(spec['values'], valuesField);
		if (values !== undefined) helm.values = values;
	}
	const valuesObject = reader.mapping(spec['valuesObject'], joinField(field, 'valuesObject'));
	if (valuesObject !== undefined) {
		helm.valuesObject = valuesObject;
		if (helm.values !== undefined) reader.warn(valuesField, 'ignored because valuesObject is also set (as in Argo CD)');
	}

	const parametersField = joinField(field, 'parameters');
	const parameters = reader.list(spec['parameters'], parametersField);
	if (parameters !== undefined) {
		helm.parameters = [];
		parameters.forEach((entry, index) => {
			const parameter = readParameter(entry, reader, `${parametersField}[${index}]`);
			if (parameter !== undefined) helm.parameters?.push(parameter);
		});
	}

	const releaseName = reader.string(spec['releaseName'], joinField(field, 'releaseName'));
	// Empty means "the default" (the app name), as in Argo CD.
	if (releaseName) check(reader, joinField(field, 'releaseName'), releaseName, releaseNameProblem);
	if (releaseName !== undefined) helm.releaseName = releaseName;
	return helm;
}

/** Records `problem(value)` as an error of `field`; nothing when the value is absent or fine. */
function check(reader: FieldReader, field: string, value: string | undefined, problem: (value: string) => string | undefined): void {
	const found = value === undefined || value === '' ? undefined : problem(value);
	if (found !== undefined) reader.fail(field, found);
}

function readParameter(
	value: unknown,
	reader: FieldReader,
	field: string,
): NonNullable<NonNullable<AppSource['helm']>['parameters']>[number] | undefined {
	const spec = reader.mapping(value, field, {required: true});
	if (spec === undefined) return undefined;
	reader.unknownFields(spec, field, ['name', 'value', 'forceString']);
	const name = reader.string(spec['name'], joinField(field, 'name'), {required: true});
	const parameterValue = reader.string(spec['value'], joinField(field, 'value')) ?? '';
	const forceString = reader.boolean(spec['forceString'], joinField(field, 'forceString'));
	if (name === undefined) return undefined;
	return forceString === undefined ? {name, value: parameterValue} : {name, value: parameterValue, forceString};
}
