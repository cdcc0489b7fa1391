/**
 * An app defined on the command line (`driftwatch --repo ... --path ...`) instead of by an
 * Application manifest. Produces the same {@link AppDefinition}, with the same defaults, so the
 * rest of driftwatch never asks where an app came from. Pure: the CLI parses argv.
 */
import {
	type AppDefinition,
	type AppSource,
	type ConfigError,
	defaultProject,
	defaultRevisionHistoryLimit,
	defaultSyncOptions,
	inClusterServer,
} from './app-definition.js';
import {FieldReader, invalidNameMessage, isValidObjectName} from './manifest-fields.js';
import {isPathInsideRepository} from './parse-app-source.js';
import {formatConfigError} from './parse-application.js';
import {parseSyncOptions} from './parse-sync-policy.js';
import {releaseNameProblem, repoURLProblem, revisionProblem, valueFileProblem} from './source-values.js';

/** The flags that define an app; every one is optional here so that missing ones become errors. */
export interface AppFlags {
	/** Git repository URL or local path. Required. */
	repo?: string;
	/** Default 'HEAD'. */
	revision?: string;
	/** Default '.'. */
	path?: string;
	/** Destination namespace. Default 'default'. */
	namespace?: string;
	/** Default: derived from the repo and path, see {@link appNameFromRepo}. */
	name?: string;
	recurse?: boolean;
	/** Helm value files. */
	values?: string[];
	/** Helm `name=value` parameters. */
	set?: string[];
	/** Helm `name=value` parameters always read as strings. */
	setString?: string[];
	/** Helm release name. Default: the app name. */
	release?: string;
	prune?: boolean;
	selfHeal?: boolean;
	autoSync?: boolean;
	/** Argo CD sync options such as 'CreateNamespace=true'. */
	syncOption?: string[];
}

/**
 * The app the flags describe. Destination is the current kubeconfig context (Argo CD's
 * `https://kubernetes.default.svc`), project 'default', no retry. `app` is absent when there are
 * errors; each error names the flag at fault.
 */
export function appFromFlags(flags: AppFlags): {app?: AppDefinition; errors: ConfigError[]} {
	const reader = new FieldReader('flags', '');
	const repo = flags.repo?.trim() ?? '';
	if (repo === '') reader.fail('--repo', 'required: the Git repository to watch (a URL or a local path)');
	const repoProblem = repo === '' ? undefined : repoURLProblem(repo);
	if (repoProblem) reader.fail('--repo', repoProblem);
	const path = flags.path?.trim() || '.';
	if (!isPathInsideRepository(path)) reader.fail('--path', `must be a relative path inside the repository, got ${JSON.stringify(path)}`);
	const name = flags.name ?? appNameFromRepo(repo, path);
	if (!isValidObjectName(name)) reader.fail('--name', invalidNameMessage(name));
	const namespace = flags.namespace?.trim() || 'default';

	const source: AppSource = {repoURL: repo, targetRevision: flags.revision?.trim() || 'HEAD', path};
	const revision = revisionProblem(source.targetRevision);
	if (revision) reader.fail('--revision', revision);
	for (const file of flags.values ?? []) {
		const problem = valueFileProblem(file);
		if (problem) reader.fail('--values', problem);
	}
	const release = flags.release === undefined ? undefined : releaseNameProblem(flags.release);
	if (release) reader.fail('--release', release);
	const parameters = [
		...readParameters(flags.set ?? [], '--set', false, reader),
		...readParameters(flags.setString ?? [], '--set-string', true, reader),
	];
	const usesHelm = parameters.length > 0 || (flags.values?.length ?? 0) > 0 || flags.release !== undefined;
	if (usesHelm) {
		source.helm = {};
		if (flags.values?.length) source.helm.valueFiles = [...flags.values];
		if (parameters.length > 0) source.helm.parameters = parameters;
		if (flags.release !== undefined) source.helm.releaseName = flags.release;
	}
	if (flags.recurse) {
		if (usesHelm)
			reader.fail('--recurse', 'is for plain directories and cannot be combined with --values, --set, --set-string or --release');
		source.directory = {recurse: true};
	}

	const autoSync = flags.autoSync ?? false;
	if (!autoSync && (flags.prune || flags.selfHeal)) {
		reader.warn(flags.prune ? '--prune' : '--self-heal', 'only acts on automated sync; add --auto-sync to turn it on');
	}
	const syncOptions = flags.syncOption ? parseSyncOptions(flags.syncOption, reader, () => '--sync-option') : defaultSyncOptions();
	if (reader.errors.length > 0) return {errors: reader.errors};
	return {
		app: {
			name,
			project: defaultProject,
			sources: [source],
			destination: {namespace, server: inClusterServer},
			syncPolicy: {
				automated: autoSync ? {prune: flags.prune ?? false, selfHeal: flags.selfHeal ?? false, allowEmpty: false} : null,
				syncOptions,
				retry: null,
			},
			ignoreDifferences: [],
			revisionHistoryLimit: defaultRevisionHistoryLimit,
			origin: 'flags',
			warnings: reader.warnings.map(formatConfigError),
		},
		errors: [],
	};
}

function readParameters(
	entries: readonly string[],
	flag: string,
	forceString: boolean,
	reader: FieldReader,
): Array<{name: string; value: string; forceString?: boolean}> {
	const parameters: Array<{name: string; value: string; forceString?: boolean}> = [];
	for (const entry of entries) {
		const equals = entry.indexOf('=');
		if (equals <= 0) {
			reader.fail(flag, `expected name=value, got ${JSON.stringify(entry)}`);
			continue;
		}
		const parameter = {name: entry.slice(0, equals), value: entry.slice(equals + 1)};
		parameters.push(forceString ? {...parameter, forceString: true} : parameter);
	}
	return parameters;
}

/**
 * A name for an app from its repository and path: the repository's last segment, plus the path's
 * last segment unless the path is the root, as a DNS label ('https://github.com/org/Guest_Book.git'
 * + 'apps/web' -> 'guest-book-web'). 'app' when nothing usable is left.
 */
export function appNameFromRepo(repo: string, path: string): string {
	const lastSegment = (text: string): string =>
		text
			.replace(/[/\\]+$/, '')
			.replace(/\.git$/i, '')
			.split(/[/\\:]/)
			.filter(segment => segment !== '' && segment !== '.' && segment !== '..')
			.at(-1) ?? '';
	const parts = [lastSegment(repo), lastSegment(path)].filter(part => part !== '');
	const label = parts
		.join('-')
		.toLowerCase()
		.replace(/[^a-z0-9-]+/g, '-')
		.replace(/-+/g, '-')
		.replace(/^-+/, '')
		.slice(0, 63)
		.replace(/-+$/, '');
	return label === '' ? 'app' : label;
}
