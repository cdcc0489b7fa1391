import {describe, expect, it} from 'vitest';
import type {AppDefinition, AppProjectLimits} from '../../../source/core/app-definition.js';
import {defaultSyncOptions} from '../../../source/core/app-definition.js';
import {formatConfigError} from '../../../source/core/parse-application.js';
import {
	checkAppAgainstProject,
	isDestinationPermitted,
	isKindPermitted,
	isSourcePermitted,
	normalizeGitUrl,
} from '../../../source/core/project-limits.js';

function project(limits: Partial<AppProjectLimits>): AppProjectLimits {
	return {name: 'team-a', sourceRepos: ['*'], destinations: [{server: '*', namespace: '*'}], ...limits};
}

function app(overrides: Partial<AppDefinition>): AppDefinition {
	return {
		name: 'web',
		project: 'team-a',
		sources: [{repoURL: 'https://github.com/org/web.git', targetRevision: 'HEAD', path: '.'}],
		destination: {server: 'https://kubernetes.default.svc', namespace: 'team-a-web'},
		syncPolicy: {automated: null, syncOptions: defaultSyncOptions(), retry: null},
		ignoreDifferences: [],
		revisionHistoryLimit: 10,
		origin: 'apps.yaml',
		warnings: [],
		...overrides,
	};
}

describe('normalizeGitUrl', () => {
	it.each([
		['https://GitHub.com/Org/Web.git', 'https://github.com/org/web'],
		['git@github.com:org/web.git', 'git@github.com/org/web'],
		['ssh://git@github.com/org/web.git', 'git@github.com/org/web'],
		['  https://github.com/org/web  ', 'https://github.com/org/web'],
	])('%s -> %s', (url, expected) => {
		expect(normalizeGitUrl(url)).toBe(expected);
	});
});

describe('isSourcePermitted', () => {
	it.each([
		[['*'], 'https://github.com/any/thing.git', true],
		[[], 'https://github.com/org/web', false],
		[['https://github.com/org/*'], 'https://github.com/org/web.git', true],
		[['https://github.com/org/*'], 'https://github.com/other/web.git', false],
		[['https://github.com/org/*'], 'https://github.com/org/group/web.git', false],
		[['https://github.com/org/web.git'], 'https://GITHUB.com/org/web', true],
		[['git@github.com:org/*'], 'ssh://git@github.com/org/web.git', true],
		[['*', '!https://github.com/org/secrets'], 'https://github.com/org/secrets.git', false],
		[['*', '!https://github.com/org/secrets'], 'https://github.com/org/web', true],
		[['!https://github.com/org/secrets', '*'], 'https://github.com/org/secrets', false],
		// As in Argo CD: a deny entry alone permits everything it does not deny.
		[['!https://github.com/org/secrets'], 'https://github.com/org/web', true],
	])('%j permits %s: %s', (sourceRepos, url, expected) => {
		expect(isSourcePermitted(project({sourceRepos}), url)).toBe(expected);
	});
});

describe('isDestinationPermitted', () => {
	const inCluster = 'https://kubernetes.default.svc';
	it.each([
		[[{server: '*', namespace: '*'}], {server: inCluster, namespace: 'x'}, true],
		[[], {server: inCluster, namespace: 'x'}, false],
		[[{server: inCluster, namespace: 'team-a-*'}], {server: inCluster, namespace: 'team-a-web'}, true],
		[[{server: inCluster, namespace: 'team-a-*'}], {server: inCluster, namespace: 'team-b-web'}, false],
		[[{server: 'https://prod:6443', namespace: '*'}], {server: inCluster, namespace: 'x'}, false],
		[[{name: 'prod', namespace: '*'}], {name: 'prod', namespace: 'x'}, true],
		[[{name: 'prod', namespace: '*'}], {server: 'https://prod:6443', namespace: 'x'}, false],
		// in-cluster by name and by server are the same cluster.
		[[{server: inCluster, namespace: '*'}], {name: 'in-cluster', namespace: 'x'}, true],
		[[{name: 'in-cluster', namespace: '*'}], {server: inCluster, namespace: 'x'}, true],
		[
			[
				{server: '*', namespace: '!kube-system'},
				{server: '*', namespace: '*'},
			],
			{server: inCluster, namespace: 'kube-system'},
			false,
		],
		[
			[
				{server: '*', namespace: '!kube-system'},
				{server: '*', namespace: '*'},
			],
			{server: inCluster, namespace: 'web'},
			true,
		],
		[
			[
				{server: '!https://prod:6443', namespace: '*'},
				{server: '*', namespace: '*'},
			],
			{server: 'https://prod:6443', namespace: 'web'},
			false,
		],
	])('%j permits %j: %s', (destinations, destination, expected) => {
		expect(isDestinationPermitted(project({destinations}), destination)).toBe(expected);
	});
});

describe('isKindPermitted', () => {
	it.each([
		['cluster kinds are denied by default', {}, '', 'Namespace', false, false],
		['a whitelisted cluster kind', {clusterResourceWhitelist: [{group: '', kind: 'Namespace'}]}, '', 'Namespace', false, true],
		['a whitelist by glob', {clusterResourceWhitelist: [{group: '*', kind: '*'}]}, 'rbac.authorization.k8s.io', 'ClusterRole', false, true],
		[
			'whitelisted and blacklisted',
			{clusterResourceWhitelist: [{group: '*', kind: '*'}], clusterResourceBlacklist: [{group: '', kind: 'Namespace'}]},
			'',
			'Namespace',
			false,
			false,
		],
		[
			'the group must match too',
			{clusterResourceWhitelist: [{group: '', kind: 'ClusterRole'}]},
			'rbac.authorization.k8s.io',
			'ClusterRole',
			false,
			false,
		],
		['namespaced kinds are allowed by default', {}, 'apps', 'Deployment', true, true],
		['a blacklisted namespaced kind', {namespaceResourceBlacklist: [{group: '', kind: 'ResourceQuota'}]}, '', 'ResourceQuota', true, false],
		[
			'a namespaced whitelist that lists the kind',
			{namespaceResourceWhitelist: [{group: 'apps', kind: '*'}]},
			'apps',
			'Deployment',
			true,
			true,
		],
		['a namespaced whitelist that does not', {namespaceResourceWhitelist: [{group: 'apps', kind: '*'}]}, '', 'ConfigMap', true, false],
		['an empty namespaced whitelist permits none', {namespaceResourceWhitelist: []}, 'apps', 'Deployment', true, false],
		[
			'cluster lists do not affect namespaced kinds',
			{clusterResourceBlacklist: [{group: '*', kind: '*'}]},
			'apps',
			'Deployment',
			true,
			true,
		],
	])('%s', (_label, limits, group, kind, namespaced, expected) => {
		expect(isKindPermitted(project(limits), group, kind, namespaced)).toBe(expected);
	});
});

describe('checkAppAgainstProject', () => {
	it('passes an app the project permits', () => {
		expect(checkAppAgainstProject(app({}), project({sourceRepos: ['https://github.com/org/*']}))).toEqual([]);
	});

	it.each([
		[
			'a repository outside sourceRepos',
			app({}),
			project({sourceRepos: ['https://github.com/other/*']}),
			[
				'apps.yaml: Application/web: spec.source.repoURL: repository "https://github.com/org/web.git" is not permitted by AppProject "team-a" (sourceRepos: https://github.com/other/*)',
			],
		],
		[
			'a project without sourceRepos',
			app({}),
			project({sourceRepos: []}),
			[
				'apps.yaml: Application/web: spec.source.repoURL: repository "https://github.com/org/web.git" is not permitted by AppProject "team-a" (it permits no repositories)',
			],
		],
		[
			'the second of two sources',
			app({
				sources: [
					{repoURL: 'https://github.com/org/web.git', targetRevision: 'HEAD', path: '.'},
					{repoURL: 'https://github.com/org/secrets.git', targetRevision: 'HEAD', path: '.'},
				],
			}),
			project({sourceRepos: ['*', '!https://github.com/org/secrets']}),
			[
				'apps.yaml: Application/web: spec.sources[1].repoURL: repository "https://github.com/org/secrets.git" is not permitted by AppProject "team-a" (sourceRepos: *, !https://github.com/org/secrets)',
			],
		],
		[
			'a namespace outside the destinations',
			app({destination: {server: 'https://kubernetes.default.svc', namespace: 'kube-system'}}),
			project({destinations: [{server: '*', namespace: 'team-a-*'}]}),
			[
				'apps.yaml: Application/web: spec.destination: destination namespace "kube-system" on server "https://kubernetes.default.svc" is not permitted by AppProject "team-a"',
			],
		],
		[
			'a cluster outside the destinations',
			app({destination: {name: 'prod', namespace: 'web'}}),
			project({destinations: [{name: 'staging', namespace: '*'}]}),
			[
				'apps.yaml: Application/web: spec.destination: destination namespace "web" on cluster "prod" is not permitted by AppProject "team-a"',
			],
		],
	])('%s', (_label, definition, limits, expected) => {
		expect(checkAppAgainstProject(definition, limits).map(formatConfigError)).toEqual(expected);
	});
});
