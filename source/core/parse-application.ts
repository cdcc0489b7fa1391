/**
 * Reads Argo CD `Application` and `AppProject` manifests as written (argoproj.io/v1alpha1) into
 * driftwatch's {@link AppDefinition} and {@link AppProjectLimits}. Every problem becomes a
 * {@link ConfigError} naming file, object and field; an app with errors is left out rather than run
 * half-understood. Pure: the caller reads and YAML-parses the files.
 */
import {
	type AppDefinition,
	type AppDestination,
	type AppProjectLimits,
	type AppSource,
	type ConfigError,
	defaultProject,
	defaultRevisionHistoryLimit,
	inClusterServer,
} from './app-definition.js';
import {DriftwatchError} from './errors.js';
import type {IgnoreDifferenceRule} from './ignore-differences.js';
import {parseJqPath} from './jq-paths.js';
import {FieldReader, describeValue, isMapping, joinField, readObjectName} from './manifest-fields.js';
import {parseAppProject} from './parse-app-project.js';
import {parseSource} from './parse-app-source.js';
import {parseSyncPolicy} from './parse-sync-policy.js';

/**
 * What a set of documents defines. A valid app's warnings are in `app.warnings`; `warnings` holds
 * the rest (ignored documents, projects, and apps left out for errors, whose warnings often explain
 * them: a misspelt `sourc` is both "unknown field" and "spec.source: required").
 */
export interface ParsedApplications {
	apps: AppDefinition[];
	projects: AppProjectLimits[];
	errors: ConfigError[];
	warnings: string[];
}

export const argoApiVersion = 'argoproj.io/v1alpha1';

/**
 * Reads every Application and AppProject among `documents` (as YAML-parsed; null documents, as
 * `---` leaves them, are skipped). Other kinds are ignored with a warning.
 * @param origin the file the documents came from, used in every message
 */
export function parseApplications(documents: readonly unknown[], origin: string): ParsedApplications {
	const parsed: ParsedApplications = {apps: [], projects: [], errors: [], warnings: []};
	documents.forEach((document, index) => {
		if (document === null || document === undefined) return;
		const reader = new FieldReader(origin, `document ${index + 1}`);
		if (!isMapping(document)) {
			reader.fail('', `expected a Kubernetes object (a mapping), got ${describeValue(document)}`);
		} else if (isArgoKind(document, reader, 'Application')) {
			const app = parseApplication(document, reader);
			if (app !== undefined && reader.errors.length === 0) {
				parsed.apps.push(app);
				return;
			}
		} else if (isArgoKind(document, reader, 'AppProject')) {
			const project = parseAppProject(document, reader);
			if (project !== undefined && reader.errors.length === 0) parsed.projects.push(project);
		} else if (typeof document['kind'] !== 'string') {
			reader.fail('kind', `expected Application or AppProject, got ${describeValue(document['kind'])}`);
		} else if (reader.errors.length === 0) {
			const name = nameOf(document);
			if (name !== undefined) reader.object = `${reader.object} (${document['kind']}/${name})`;
			reader.warn('', `ignored: only ${argoApiVersion} Application and AppProject objects are read`);
		}
		parsed.errors.push(...reader.errors);
		parsed.warnings.push(...reader.warnings.map(formatConfigError));
	});
	return parsed;
}

/** "apps.yaml: Application/guestbook: spec.destination.namespace: required"; empty parts are left out. */
export function formatConfigError(error: ConfigError): string {
	return [error.origin, error.object, error.field, error.message].filter(part => part !== '').join(': ');
}

/** One error for the CLI to throw when any definition is invalid; the message lists every problem. */
export function configInvalidError(errors: readonly ConfigError[]): DriftwatchError {
	const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
	return new DriftwatchError('config-invalid', `${count} in the app definitions:\n${errors.map(formatConfigError).join('\n')}`, {
		hint: 'fix the fields named above; nothing was compared or applied',
	});
}

function isArgoKind(document: Record<string, unknown>, reader: FieldReader, kind: string): boolean {
	if (document['kind'] !== kind) return false;
	const apiVersion = document['apiVersion'];
	if (apiVersion === argoApiVersion) return true;
	// Another group's Application (app.k8s.io has one) is not ours; an argoproj.io one is a mistake.
	if (typeof apiVersion === 'string' && !apiVersion.startsWith('argoproj.io/')) return false;
	reader.fail('apiVersion', `expected ${argoApiVersion}, got ${describeValue(apiVersion)}`);
	return false;
}

function nameOf(document: Record<string, unknown>): string | undefined {
	const metadata = document['metadata'];
	return isMapping(metadata) && typeof metadata['name'] === 'string' ? metadata['name'] : undefined;
}

function namespaceOf(document: Record<string, unknown>): string {
	const metadata = document['metadata'];
	return isMapping(metadata) && typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '';
}

function parseApplication(document: Record<string, unknown>, reader: FieldReader): AppDefinition | undefined {
	const name = readObjectName(document, reader, 'Application');
	const spec = reader.mapping(document['spec'], 'spec', {required: true});
	if (name === undefined || spec === undefined) return undefined;
	reader.unknownFields(
		spec,
		'spec',
		['project', 'source', 'sources', 'destination', 'syncPolicy', 'ignoreDifferences', 'revisionHistoryLimit'],
		['info', 'sourceHydrator'],
	);
	const app: AppDefinition = {
		name,
		project: reader.string(spec['project'], 'spec.project') || defaultProject,
		sources: readSources(spec, reader),
		destination: readDestination(spec['destination'], reader),
		syncPolicy: parseSyncPolicy(spec['syncPolicy'], reader, 'spec.syncPolicy'),
		ignoreDifferences: readIgnoreDifferences(spec['ignoreDifferences'], reader),
		revisionHistoryLimit: reader.integer(spec['revisionHistoryLimit'], 'spec.revisionHistoryLimit', 0) ?? defaultRevisionHistoryLimit,
		origin: reader.origin,
		warnings: [],
		argoCdApplication: {namespace: namespaceOf(document)},
	};
	app.warnings = reader.warnings.map(formatConfigError);
	return app;
}

function readSources(spec: Record<string, unknown>, reader: FieldReader): AppSource[] {
	const hasSources = spec['sources'] !== undefined && spec['sources'] !== null;
	if (!hasSources) {
		if (spec['source'] === undefined || spec['source'] === null) {
			reader.fail('spec.source', 'required (or spec.sources)');
			return [];
		}
		const source = parseSource(spec['source'], reader, 'spec.source');
		if (source !== undefined) checkValueFileRefs(source, reader, 'spec.source');
		return source === undefined ? [] : [source];
	}
	if (spec['source'] !== undefined && spec['source'] !== null) {
		reader.warn('spec.source', 'ignored because spec.sources is set (as in Argo CD)');
	}
	const entries = reader.list(spec['sources'], 'spec.sources') ?? [];
	if (entries.length === 0) {
		if (Array.isArray(spec['sources'])) reader.fail('spec.sources', 'must list at least one source');
		return [];
	}
	const sources: AppSource[] = [];
	let failed = false;
	entries.forEach((entry, index) => {
		const field = `spec.sources[${index}]`;
		const source = parseSource(entry, reader, field);
		if (source === undefined) failed = true;
		else if (source.ref !== undefined && isMapping(entry) && (entry['path'] === undefined || entry['path'] === null)) {
			// Rendering the values repository's root as manifests would be wrong; dropping it is safe
			// because any `$ref/` value file that needs it is an error (checkValueFileRefs).
			reader.warn(field, 'a source with only a ref (Helm value files for other sources) is not supported yet; ignored');
		} else {
			checkValueFileRefs(source, reader, field);
			sources.push(source);
		}
	});
	if (failed) return [];
	if (sources.length === 0) reader.fail('spec.sources', 'nothing to render: every source only has a ref');
	return sources;
}

/**
 * `$values/env/prod.yaml` reads a file from another source in Argo CD. Driftwatch cannot yet, and
 * rendering without the file would produce (and might sync) the wrong objects, so it is an error.
 */
function checkValueFileRefs(source: AppSource, reader: FieldReader, field: string): void {
	source.helm?.valueFiles?.forEach((file, index) => {
		if (file.startsWith('$')) {
			reader.fail(
				`${field}.helm.valueFiles[${index}]`,
				`${JSON.stringify(file)}: value files from another source ($ref/...) are not supported yet`,
			);
		}
	});
}

function readDestination(value: unknown, reader: FieldReader): AppDestination {
	const spec = reader.mapping(value, 'spec.destination', {required: true});
	if (spec === undefined) return {namespace: ''};
	const destination: AppDestination = {
		namespace: reader.string(spec['namespace'], 'spec.destination.namespace', {required: true}) ?? '',
	};
	reader.unknownFields(spec, 'spec.destination', ['namespace', 'server', 'name']);
	const server = reader.string(spec['server'], 'spec.destination.server');
	const name = reader.string(spec['name'], 'spec.destination.name');
	if (server) destination.server = server;
	if (name) destination.name = name;
	if (server && name) reader.fail('spec.destination', 'set server or name, not both');
	if (!server && !name) {
		reader.fail('spec.destination', `one of server or name is required (server: ${inClusterServer} means the current kubeconfig context)`);
	}
	return destination;
}

function readIgnoreDifferences(value: unknown, reader: FieldReader): IgnoreDifferenceRule[] {
	const entries = reader.list(value, 'spec.ignoreDifferences') ?? [];
	const rules: IgnoreDifferenceRule[] = [];
	entries.forEach((entry, index) => {
		const field = `spec.ignoreDifferences[${index}]`;
		const spec = reader.mapping(entry, field, {required: true});
		if (spec === undefined) return;
		const lists = ['jsonPointers', 'jqPathExpressions', 'managedFieldsManagers'] as const;
		reader.unknownFields(spec, field, ['group', 'kind', 'name', 'namespace', ...lists]);
		const kind = reader.string(spec['kind'], joinField(field, 'kind'), {required: true});
		const rule: IgnoreDifferenceRule = {kind: kind ?? ''};
		for (const key of ['group', 'name', 'namespace'] as const) {
			const text = reader.string(spec[key], joinField(field, key));
			if (text !== undefined) rule[key] = text;
		}
		for (const key of lists) {
			const list = reader.stringList(spec[key], joinField(field, key));
			if (list !== undefined) rule[key] = list;
		}
		rule.jsonPointers?.forEach((pointer, pointerIndex) => {
			if (pointer !== '' && !pointer.startsWith('/')) {
				reader.fail(`${field}.jsonPointers[${pointerIndex}]`, `must start with "/", got ${JSON.stringify(pointer)}`);
			}
		});
		rule.jqPathExpressions?.forEach((expression, expressionIndex) => {
			const parsed = parseJqPath(expression);
			if ('error' in parsed) reader.warn(`${field}.jqPathExpressions[${expressionIndex}]`, `${parsed.error}; this rule part is skipped`);
		});
		if (lists.every(key => (rule[key]?.length ?? 0) === 0)) {
			reader.warn(field, 'names no jsonPointers, jqPathExpressions or managedFieldsManagers, so it ignores nothing');
		}
		rules.push(rule);
	});
	return rules;
}
