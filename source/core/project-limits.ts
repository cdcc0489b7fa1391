/**
 * AppProject limits, checked the way Argo CD checks them, so a project written for Argo CD permits
 * and denies the same apps and kinds here. Pure: no I/O.
 */
import {
	type AppDefinition,
	type AppDestination,
	type AppProjectLimits,
	type ConfigError,
	type GroupKind,
	inClusterName,
	inClusterServer,
} from './app-definition.js';
import {globMatch} from './glob-match.js';

/**
 * Errors for every source repository and the destination that `project` does not permit. The
 * field names `spec.source` for a one-source app and `spec.sources[i]` otherwise.
 */
export function checkAppAgainstProject(app: AppDefinition, project: AppProjectLimits): ConfigError[] {
	const errors: ConfigError[] = [];
	const error = (field: string, message: string): void => {
		errors.push({origin: app.origin, object: `Application/${app.name}`, field, message});
	};
	const projectName = `AppProject ${JSON.stringify(project.name)}`;
	app.sources.forEach((source, index) => {
		if (isSourcePermitted(project, source.repoURL)) return;
		const field = app.sources.length === 1 ? 'spec.source.repoURL' : `spec.sources[${index}].repoURL`;
		const permitted = project.sourceRepos.length === 0 ? 'it permits no repositories' : `sourceRepos: ${project.sourceRepos.join(', ')}`;
		error(field, `repository ${JSON.stringify(source.repoURL)} is not permitted by ${projectName} (${permitted})`);
	});
	if (!isDestinationPermitted(project, app.destination)) {
		error('spec.destination', `${describeDestination(app.destination)} is not permitted by ${projectName}`);
	}
	return errors;
}

/**
 * Argo CD's rule: the URL must match some entry, and must not match any '!' entry. URLs are
 * compared normalized (lowercase, no '.git', scp-style SSH as a path); `*` stays within one path
 * segment and `**` crosses them.
 */
export function isSourcePermitted(project: AppProjectLimits, repoURL: string): boolean {
	const url = normalizeGitUrl(repoURL);
	let anyMatched = false;
	for (const entry of project.sourceRepos) {
		const deny = entry.startsWith('!');
		const pattern = normalizeGitUrl(deny ? entry.slice(1) : entry);
		const matched = pattern === '*' || globMatch(pattern, url, '/');
		// A deny entry counts as a match for every URL it does not deny (as in Argo CD), so a list
		// of only '!' entries permits everything else.
		if (deny ? !matched : matched) anyMatched = true;
		else if (deny) return false;
	}
	return anyMatched;
}

/**
 * Argo CD's rule: some entry matches the cluster (server or name) and the namespace, and no entry
 * with a '!' field rejects it. Globs here match across '/'. `https://kubernetes.default.svc` and
 * `in-cluster` name the same cluster, as they do in Argo CD.
 */
export function isDestinationPermitted(project: AppProjectLimits, destination: AppDestination): boolean {
	const server = destination.server ?? (destination.name === inClusterName ? inClusterServer : '');
	const name = destination.name ?? (destination.server === inClusterServer ? inClusterName : '');
	let anyMatched = false;
	for (const entry of project.destinations) {
		const nameMatched = name !== '' && matchWithNegation(entry.name ?? '', name);
		const serverMatched = server !== '' && matchWithNegation(entry.server ?? '', server);
		const namespaceMatched = matchWithNegation(entry.namespace, destination.namespace);
		if ((serverMatched || nameMatched) && namespaceMatched) {
			anyMatched = true;
		} else if (
			(!nameMatched && isDeny(entry.name)) ||
			(!serverMatched && isDeny(entry.server)) ||
			(!namespaceMatched && isDeny(entry.namespace))
		) {
			return false;
		}
	}
	return anyMatched;
}

/**
 * Whether a project lets an app manage objects of this kind, as Argo CD decides: cluster-scoped
 * kinds must be whitelisted and not blacklisted; namespaced kinds are permitted unless blacklisted,
 * or unless a namespaced whitelist exists and does not list them (an empty whitelist permits
 * none). Entries are globs ('*').
 */
export function isKindPermitted(project: AppProjectLimits, group: string, kind: string, namespaced: boolean): boolean {
	const inList = (list: readonly GroupKind[] | undefined): boolean =>
		(list ?? []).some(entry => globMatch(entry.kind, kind, '/') && globMatch(entry.group, group, '/'));
	if (namespaced) {
		const whitelisted = project.namespaceResourceWhitelist === undefined || inList(project.namespaceResourceWhitelist);
		return whitelisted && !inList(project.namespaceResourceBlacklist);
	}
	return inList(project.clusterResourceWhitelist) && !inList(project.clusterResourceBlacklist);
}

function describeDestination(destination: AppDestination): string {
	const cluster =
		destination.name !== undefined ? `cluster ${JSON.stringify(destination.name)}` : `server ${JSON.stringify(destination.server ?? '')}`;
	return `destination namespace ${JSON.stringify(destination.namespace)} on ${cluster}`;
}

function isDeny(pattern: string | undefined): boolean {
	return pattern?.startsWith('!') ?? false;
}

function matchWithNegation(pattern: string, value: string): boolean {
	if (isDeny(pattern)) return !globMatch(pattern.slice(1), value);
	return pattern === '*' || globMatch(pattern, value);
}

/** Argo CD's git.NormalizeGitURL: the same repository written two ways compares equal. */
export function normalizeGitUrl(url: string): string {
	let repo = url.trim().toLowerCase();
	// scp-style `git@host:org/repo`: the first ':' separates host and path, not a port.
	if (!repo.includes('://') && /^[\w.-]+@[\w.-]+:/.test(repo)) repo = repo.replace(':', '/');
	if (repo.endsWith('.git')) repo = repo.slice(0, -'.git'.length);
	return repo.startsWith('ssh://') ? repo.slice('ssh://'.length) : repo;
}
