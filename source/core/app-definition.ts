/**
 * How driftwatch describes one app, whether it came from command-line flags or from an Argo CD
 * `Application` manifest, plus the limits an `AppProject` puts on apps. Types and defaults only;
 * parsing lives in `parse-application.ts` and `app-from-flags.ts`. Pure: no I/O.
 */
import type {IgnoreDifferenceRule} from './ignore-differences.js';

/** Argo CD's `spec.source.helm`. */
export interface HelmOptions {
	/**
	 * Value files: paths relative to the chart directory, or absolute ones, which (as in Argo CD)
	 * are relative to the repository root; each must be a file of the repository. http(s) URLs
	 * only with `--allow-remote-values`.
	 */
	valueFiles?: string[];
	/** Inline values as a YAML string. */
	values?: string;
	/** Inline values as an object; replaces `values` when both are set, as in Argo CD. */
	valuesObject?: Record<string, unknown>;
	/** `--set` (or `--set-string` with `forceString`) parameters, applied last. */
	parameters?: Array<{name: string; value: string; forceString?: boolean}>;
	/** Default: the application name, else the chart directory's name. Helm's rule: DNS-1123, at most 53 characters. */
	releaseName?: string;
}

/**
 * One place an app's manifests come from, as Argo CD's `spec.source` describes it. At most one of
 * `directory`, `helm` and `kustomize` is set; with none, `path` is read as a plain directory.
 */
export interface AppSource {
	/** Git repository URL (or a local path when the app comes from flags). */
	repoURL: string;
	/** Branch, tag or commit. Default 'HEAD'. */
	targetRevision: string;
	/** Directory inside the repository. Default '.' (the repository root). */
	path: string;
	/** Plain-directory options; `include`/`exclude` are Argo CD globs such as '*.yaml' or '{a.yaml,b.yaml}'. */
	directory?: {recurse?: boolean; include?: string; exclude?: string};
	/** Helm options; value files are paths relative to `path`. */
	helm?: HelmOptions;
	/** Kustomize options, kept as written (namePrefix, images, patches, ...). */
	kustomize?: Record<string, unknown>;
	/**
	 * The name other sources would use for `$<ref>/file` Helm value files. Driftwatch does not
	 * resolve those yet: a source with only a ref is dropped with a warning, `$<ref>/` value files are
	 * an error, and a source with both a ref and a path is rendered from its path like any other.
	 */
	ref?: string;
}

/** How a sync applies objects, from Argo CD's `syncOptions: ["CreateNamespace=true", ...]`. */
export interface SyncOptions {
	/** CreateNamespace=true: create the destination namespace if missing. Default false. */
	createNamespace: boolean;
	/** ServerSideApply=true. Default false. */
	serverSideApply: boolean;
	/** ApplyOutOfSyncOnly=true: skip objects already in sync. Default false. */
	applyOutOfSyncOnly: boolean;
	/** Replace=true: replace instead of apply. Default false. */
	replace: boolean;
	/** PruneLast=true: prune after everything else is applied and healthy. Default false. */
	pruneLast: boolean;
	/** PrunePropagationPolicy=...; default 'foreground'. */
	prunePropagationPolicy: 'foreground' | 'background' | 'orphan';
	/** Validate=false turns off schema validation on apply. Default true. */
	validate: boolean;
	/** Every option as written, in order, including the ones driftwatch does not act on. */
	raw: string[];
}

/** Argo CD's `spec.syncPolicy`, with defaults filled in. */
export interface SyncPolicy {
	/** null: sync only when asked. */
	automated: {prune: boolean; selfHeal: boolean; allowEmpty: boolean} | null;
	syncOptions: SyncOptions;
	/**
	 * null: no retry. A negative limit retries forever (as in Argo CD). Delay for attempt n is
	 * durationMs x factor^n, capped at maxDurationMs. Defaults when `retry` is present: limit 5,
	 * 5s, 2, 3m.
	 */
	retry: {limit: number; backoff: {durationMs: number; factor: number; maxDurationMs: number}} | null;
}

/**
 * Where an app deploys to. Driftwatch has no cluster registry, so it maps Argo CD's fields onto
 * kubeconfig contexts (see {@link clusterTargetOf}):
 * - `server: https://kubernetes.default.svc` (Argo CD's "this cluster") and `name: in-cluster`
 *   mean the current kubeconfig context;
 * - any other `name` is the name of a kubeconfig context;
 * - any other `server` is a cluster URL, to be matched against the servers of kubeconfig clusters.
 */
export interface AppDestination {
	namespace: string;
	server?: string;
	name?: string;
}

/** One app: what to render, where to apply it, and how to sync. */
export interface AppDefinition {
	/** `metadata.name`, or from flags `--name` / a name derived from the repo. */
	name: string;
	/** `spec.project`; 'default' when empty (as in Argo CD). */
	project: string;
	/** `spec.source` becomes a one-element list; `spec.sources` is kept in order. */
	sources: AppSource[];
	destination: AppDestination;
	syncPolicy: SyncPolicy;
	ignoreDifferences: IgnoreDifferenceRule[];
	/** How many past syncs to keep. Default 10. */
	revisionHistoryLimit: number;
	/** The file the app was read from, or 'flags'. */
	origin: string;
	/** Things worth telling the user that do not stop the app from working, already formatted. */
	warnings: string[];
}

/** An API group and kind, as AppProject lists write them; both may be globs (`*`). */
export interface GroupKind {
	group: string;
	kind: string;
}

/**
 * What an `AppProject` permits. An absent list and an empty list differ, as in Argo CD: no
 * `namespaceResourceWhitelist` permits every namespaced kind, an empty one permits none.
 */
export interface AppProjectLimits {
	name: string;
	/** Repository URL globs; entries starting with '!' deny. */
	sourceRepos: string[];
	/** Destination globs; any field may start with '!' to deny. */
	destinations: Array<{server?: string; name?: string; namespace: string}>;
	clusterResourceWhitelist?: GroupKind[];
	clusterResourceBlacklist?: GroupKind[];
	namespaceResourceWhitelist?: GroupKind[];
	namespaceResourceBlacklist?: GroupKind[];
}

/**
 * A problem in an app definition, precise enough to find and fix: which file, which object,
 * which field.
 */
export interface ConfigError {
	/** File path, or 'flags'. */
	origin: string;
	/** 'Application/guestbook', 'AppProject/team-a', 'document 3', 'line 4'; may be ''. */
	object: string;
	/** 'spec.source.repoURL', '--set'; '' when the whole object is wrong. */
	field: string;
	message: string;
}

/** Argo CD's address for "the cluster Argo CD runs in"; driftwatch reads it as the current context. */
export const inClusterServer = 'https://kubernetes.default.svc';
/** Argo CD's name for the same cluster. */
export const inClusterName = 'in-cluster';
export const defaultProject = 'default';
export const defaultRevisionHistoryLimit = 10;

/** Which kubeconfig cluster a destination means; see {@link AppDestination}. */
export type ClusterTarget = {kind: 'current-context'} | {kind: 'context'; context: string} | {kind: 'server'; server: string};

export function clusterTargetOf(destination: AppDestination): ClusterTarget {
	if (destination.name !== undefined && destination.name !== inClusterName) {
		return {kind: 'context', context: destination.name};
	}
	if (destination.server !== undefined && destination.server !== inClusterServer) {
		return {kind: 'server', server: destination.server};
	}
	return {kind: 'current-context'};
}

/** Sync options when none are written. */
export function defaultSyncOptions(): SyncOptions {
	return {
		createNamespace: false,
		serverSideApply: false,
		applyOutOfSyncOnly: false,
		replace: false,
		pruneLast: false,
		prunePropagationPolicy: 'foreground',
		validate: true,
		raw: [],
	};
}
