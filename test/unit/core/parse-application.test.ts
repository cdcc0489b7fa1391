import {readFileSync} from 'node:fs';
import {loadAll} from 'js-yaml';
import {describe, expect, it} from 'vitest';
import {configInvalidError, formatConfigError, parseApplications} from '../../../source/core/parse-application.js';

/** Parses one YAML string as an apps file called `apps.yaml`. */
function parseYaml(text: string): ReturnType<typeof parseApplications> {
	return parseApplications(loadAll(text), 'apps.yaml');
}

function parseFixture(name: string): ReturnType<typeof parseApplications> {
	const path = `fixtures/apps/${name}`;
	return parseApplications(loadAll(readFileSync(path, 'utf8')), path);
}

/** A valid Application with `spec` lines replaced or added (YAML, indented under spec). */
function application(specLines: string, name = 'web'): string {
	return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
spec:
${specLines}`;
}

const validSpec = `  source:
    repoURL: https://github.com/example/web.git
    path: deploy
  destination:
    server: https://kubernetes.default.svc
    namespace: web
`;

describe('parseApplications: valid fixtures', () => {
	it('reads a plain-directory app with every default filled in', () => {
		const {apps, errors, warnings} = parseFixture('guestbook.yaml');
		expect(errors).toEqual([]);
		expect(warnings).toEqual([]);
		expect(apps).toEqual([
			{
				name: 'guestbook',
				project: 'default',
				sources: [{repoURL: 'https://github.com/argoproj/argocd-example-apps.git', targetRevision: 'HEAD', path: 'guestbook'}],
				destination: {server: 'https://kubernetes.default.svc', namespace: 'guestbook'},
				syncPolicy: {
					automated: null,
					syncOptions: {
						createNamespace: false,
						serverSideApply: false,
						applyOutOfSyncOnly: false,
						replace: false,
						pruneLast: false,
						prunePropagationPolicy: 'foreground',
						validate: true,
						raw: [],
					},
					retry: null,
				},
				ignoreDifferences: [],
				revisionHistoryLimit: 10,
				origin: 'fixtures/apps/guestbook.yaml',
				warnings: [],
				argoCdApplication: {namespace: 'argocd'},
			},
		]);
	});

	it('reads several apps and a project from one file, ignoring other kinds with a warning', () => {
		const {apps, projects, errors, warnings} = parseFixture('team-apps.yaml');
		expect(errors).toEqual([]);
		expect(apps.map(app => app.name)).toEqual(['team-a-web', 'team-a-api']);
		expect(warnings).toEqual([
			'fixtures/apps/team-apps.yaml: document 4 (ConfigMap/notes): ignored: only argoproj.io/v1alpha1 Application and AppProject objects are read',
		]);
		expect(projects).toEqual([
			{
				name: 'team-a',
				sourceRepos: ['https://github.com/example/*', '!https://github.com/example/secrets'],
				destinations: [{server: 'https://kubernetes.default.svc', namespace: 'team-a-*'}],
				clusterResourceWhitelist: [{group: '', kind: 'Namespace'}],
				namespaceResourceBlacklist: [{group: '', kind: 'ResourceQuota'}],
			},
		]);
		const [web, api] = apps;
		expect(web?.syncPolicy).toEqual({
			automated: {prune: true, selfHeal: true, allowEmpty: false},
			syncOptions: expect.objectContaining({createNamespace: true, pruneLast: true, prunePropagationPolicy: 'background'}),
			retry: {limit: 3, backoff: {durationMs: 10_000, factor: 3, maxDurationMs: 3_720_000}},
		});
		expect(web?.sources[0]?.directory).toEqual({recurse: true, exclude: '{secrets/*,*.json}'});
		expect(web?.destination).toEqual({name: 'in-cluster', namespace: 'team-a-web'});
		expect(web?.ignoreDifferences).toEqual([{group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas']}]);
		expect(web?.revisionHistoryLimit).toBe(3);
		expect(api?.sources[0]?.targetRevision).toBe('v1.2.0');
		expect(api?.syncPolicy.syncOptions.raw).toEqual(['ServerSideApply=true', 'RespectIgnoreDifferences=true']);
		expect(api?.warnings).toEqual([
			'fixtures/apps/team-apps.yaml: Application/team-a-api: spec.syncPolicy.syncOptions[1]: "RespectIgnoreDifferences=true" is not supported by driftwatch yet; kept but not acted on',
		]);
	});

	it('reads a multi-source app and skips a ref-only source with a warning', () => {
		const {apps, errors} = parseFixture('multi-source.yaml');
		expect(errors).toEqual([]);
		expect(apps[0]?.sources).toEqual([
			{repoURL: 'https://github.com/example/platform.git', targetRevision: 'main', path: 'base'},
			{
				repoURL: 'https://github.com/example/platform-addons.git',
				targetRevision: 'v2.0.0',
				path: 'addons',
				kustomize: {namePrefix: 'addons-'},
			},
		]);
		expect(apps[0]?.warnings).toEqual([
			'fixtures/apps/multi-source.yaml: Application/platform: spec.sources[2]: a source with only a ref (Helm value files for other sources) is not supported yet; ignored',
		]);
	});

	it('reads Helm value files, inline values and parameters; automated: {} turns auto-sync on', () => {
		const {apps, errors} = parseFixture('helm.yaml');
		expect(errors).toEqual([]);
		expect(apps[0]?.sources[0]?.helm).toEqual({
			releaseName: 'podinfo-prod',
			valueFiles: ['values.yaml', 'values-prod.yaml'],
			values: 'replicaCount: 2\n',
			parameters: [
				{name: 'image.tag', value: '6.7.0'},
				{name: 'podAnnotations.build', value: '1234', forceString: true},
			],
		});
		expect(apps[0]?.syncPolicy.automated).toEqual({prune: false, selfHeal: false, allowEmpty: false});
		expect(apps[0]?.syncPolicy.retry).toEqual({limit: 2, backoff: {durationMs: 5_000, factor: 2, maxDurationMs: 180_000}});
	});

	it('keeps kustomize options as written and reads a context-named destination', () => {
		const {apps, errors} = parseFixture('kustomize.yaml');
		expect(errors).toEqual([]);
		expect(apps[0]?.sources[0]?.kustomize).toEqual({
			namePrefix: 'prod-',
			commonLabels: {env: 'prod'},
			images: ['shop=registry.example.com/shop:1.4.2'],
		});
		expect(apps[0]?.destination).toEqual({name: 'prod-cluster', namespace: 'shop'});
		expect(apps[0]?.syncPolicy.syncOptions).toMatchObject({validate: false, applyOutOfSyncOnly: true});
	});
});

describe('parseApplications: invalid fixtures', () => {
	it.each([
		[
			'invalid-missing-repo.yaml',
			[
				'fixtures/apps/invalid-missing-repo.yaml: Application/no-repo: spec.source.repoURL: required',
				'fixtures/apps/invalid-missing-repo.yaml: Application/no-repo: spec.destination.namespace: required',
			],
		],
		[
			'invalid-types.yaml',
			[
				'fixtures/apps/invalid-types.yaml: Application/wrong-types: spec.source.path: expected a string, got a list',
				'fixtures/apps/invalid-types.yaml: Application/wrong-types: spec.source.helm.valueFiles: expected a list, got the string "values.yaml"',
				'fixtures/apps/invalid-types.yaml: Application/wrong-types: spec.source.helm.parameters[0].value: expected a string, got the number 3 (quote it in YAML)',
				'fixtures/apps/invalid-types.yaml: Application/wrong-types: spec.syncPolicy.automated.prune: expected true or false, got the string "yes"',
				'fixtures/apps/invalid-types.yaml: Application/wrong-types: spec.syncPolicy.syncOptions[0]: CreateNamespace must be true or false, got "CreateNamespace=yes"',
				'fixtures/apps/invalid-types.yaml: Application/wrong-types: spec.revisionHistoryLimit: must be at least 0, got -1',
			],
		],
		[
			'invalid-duration.yaml',
			[
				'fixtures/apps/invalid-duration.yaml: Application/bad-retry: spec.syncPolicy.retry.backoff.duration: expected a duration such as "5s", "3m" or "1h2m", got the string "5 seconds"',
			],
		],
		[
			'invalid-values-ref.yaml',
			[
				'fixtures/apps/invalid-values-ref.yaml: Application/chart-with-external-values: spec.sources[0].helm.valueFiles[0]: "$values/web/prod.yaml": value files from another source ($ref/...) are not supported yet',
			],
		],
	])('%s', (fixture, expected) => {
		const {apps, errors} = parseFixture(fixture);
		expect(apps).toEqual([]);
		expect(errors.map(formatConfigError)).toEqual(expected);
	});
});

describe('parseApplications: one field at a time', () => {
	it.each([
		[
			'no metadata.name',
			'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {}\nspec: {}\n',
			'apps.yaml: document 1: metadata.name: required',
		],
		[
			'a name that is not a DNS name',
			application(validSpec, 'Guest_Book'),
			`apps.yaml: document 1: metadata.name: must be a lowercase DNS name (a-z, 0-9, '-', '.'), got "Guest_Book"`,
		],
		[
			'no spec',
			'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: web}\n',
			'apps.yaml: Application/web: spec: required',
		],
		[
			'neither source nor sources',
			application('  destination: {server: https://kubernetes.default.svc, namespace: web}\n'),
			'apps.yaml: Application/web: spec.source: required (or spec.sources)',
		],
		[
			'an empty sources list',
			application(`  sources: []\n${validSpec.split('\n').slice(3).join('\n')}`),
			'apps.yaml: Application/web: spec.sources: must list at least one source',
		],
		[
			'a source that is a string',
			application(
				`  sources: [https://github.com/example/web.git]\n  destination: {server: https://kubernetes.default.svc, namespace: web}\n`,
			),
			'apps.yaml: Application/web: spec.sources[0]: expected a mapping, got the string "https://github.com/example/web.git"',
		],
		[
			'a numeric targetRevision',
			application(validSpec.replace('path: deploy', 'path: deploy\n    targetRevision: 1.0')),
			'apps.yaml: Application/web: spec.source.targetRevision: expected a string, got the number 1 (quote it in YAML)',
		],
		[
			'an absolute path',
			application(validSpec.replace('path: deploy', 'path: /etc')),
			'apps.yaml: Application/web: spec.source.path: must be a relative path inside the repository, got "/etc"',
		],
		[
			'a path climbing out',
			application(validSpec.replace('path: deploy', 'path: ../other')),
			'apps.yaml: Application/web: spec.source.path: must be a relative path inside the repository, got "../other"',
		],
		[
			'helm and kustomize together',
			application(validSpec.replace('path: deploy', 'path: deploy\n    helm: {}\n    kustomize: {}')),
			'apps.yaml: Application/web: spec.source: only one of directory, helm or kustomize may be set, found helm and kustomize',
		],
		[
			'a Helm repository chart',
			application(validSpec.replace('path: deploy', 'chart: nginx')),
			'apps.yaml: Application/web: spec.source.chart: charts from Helm repositories are not supported yet; use a chart in Git (path)',
		],
		[
			'helm values as a mapping',
			application(validSpec.replace('path: deploy', 'path: deploy\n    helm:\n      values: {a: 1}')),
			'apps.yaml: Application/web: spec.source.helm.values: expected a string (a YAML block, `values: |`), got a mapping; use valuesObject for a mapping',
		],
		[
			'a parameter without a name',
			application(validSpec.replace('path: deploy', 'path: deploy\n    helm:\n      parameters: [{value: "1"}]')),
			'apps.yaml: Application/web: spec.source.helm.parameters[0].name: required',
		],
		[
			'no destination',
			application(validSpec.split('\n').slice(0, 3).join('\n') + '\n'),
			'apps.yaml: Application/web: spec.destination: required',
		],
		[
			'both server and name',
			application(validSpec.replace('namespace: web', 'namespace: web\n    name: prod')),
			'apps.yaml: Application/web: spec.destination: set server or name, not both',
		],
		[
			'neither server nor name',
			application(validSpec.replace('    server: https://kubernetes.default.svc\n', '')),
			'apps.yaml: Application/web: spec.destination: one of server or name is required (server: https://kubernetes.default.svc means the current kubeconfig context)',
		],
		[
			'an empty namespace',
			application(validSpec.replace('namespace: web', 'namespace: ""')),
			'apps.yaml: Application/web: spec.destination.namespace: must not be empty',
		],
		[
			'a bad propagation policy',
			application(`${validSpec}  syncPolicy:\n    syncOptions: [PrunePropagationPolicy=later]\n`),
			'apps.yaml: Application/web: spec.syncPolicy.syncOptions[0]: PrunePropagationPolicy must be foreground, background or orphan, got "PrunePropagationPolicy=later"',
		],
		[
			'a sync option that is not a string',
			application(`${validSpec}  syncPolicy:\n    syncOptions: [{CreateNamespace: true}]\n`),
			'apps.yaml: Application/web: spec.syncPolicy.syncOptions[0]: expected a string, got a mapping',
		],
		[
			'a retry factor below 1',
			application(`${validSpec}  syncPolicy:\n    retry: {backoff: {factor: 0}}\n`),
			'apps.yaml: Application/web: spec.syncPolicy.retry.backoff.factor: must be at least 1, got 0',
		],
		[
			'a rule without kind',
			application(`${validSpec}  ignoreDifferences:\n    - jsonPointers: [/spec/replicas]\n`),
			'apps.yaml: Application/web: spec.ignoreDifferences[0].kind: required',
		],
		[
			'a JSON pointer without a slash',
			application(`${validSpec}  ignoreDifferences:\n    - {kind: Deployment, jsonPointers: [spec/replicas]}\n`),
			'apps.yaml: Application/web: spec.ignoreDifferences[0].jsonPointers[0]: must start with "/", got "spec/replicas"',
		],
		[
			'the wrong Argo CD version',
			'apiVersion: argoproj.io/v1beta1\nkind: Application\nmetadata: {name: web}\n',
			'apps.yaml: document 1: apiVersion: expected argoproj.io/v1alpha1, got the string "argoproj.io/v1beta1"',
		],
		['a document that is a list', '- a\n- b\n', 'apps.yaml: document 1: expected a Kubernetes object (a mapping), got a list'],
		[
			'a document without kind',
			'apiVersion: v1\nmetadata: {name: x}\n',
			'apps.yaml: document 1: kind: expected Application or AppProject, got nothing',
		],
	])('%s', (_label, yaml, expected) => {
		const {apps, errors} = parseYaml(yaml);
		expect(apps).toEqual([]);
		expect(errors.map(formatConfigError)).toEqual([expected]);
	});

	it('names documents by position, counting empty ones but not a leading ---', () => {
		const {errors} = parseYaml(`---\n---\n${application(validSpec)}\n---\n- not an object\n`);
		expect(errors.map(formatConfigError)).toEqual(['apps.yaml: document 3: expected a Kubernetes object (a mapping), got a list']);
	});
});

describe('parseApplications: warnings', () => {
	it.each([
		[
			'a misspelt field',
			`${validSpec}  syncPolicy:\n    automated: {selfheal: true}\n`,
			'spec.syncPolicy.automated.selfheal: unknown field, ignored (did you mean selfHeal?)',
		],
		['an unknown field with no close match', `${validSpec}  colour: blue\n`, 'spec.colour: unknown field, ignored'],
		[
			'a known Argo CD field driftwatch skips',
			validSpec.replace('path: deploy', 'path: deploy\n    helm:\n      skipCrds: true'),
			'spec.source.helm.skipCrds: not supported by driftwatch yet, ignored',
		],
		[
			'an unknown sync option',
			`${validSpec}  syncPolicy:\n    syncOptions: [createNamespace=true]\n`,
			'spec.syncPolicy.syncOptions[0]: unknown sync option "createNamespace=true"; kept but not acted on (did you mean CreateNamespace?)',
		],
		[
			'an empty automated',
			`${validSpec}  syncPolicy:\n    automated:\n`,
			'spec.syncPolicy.automated: empty, so automated sync is off (as in Argo CD); write `automated: {}` to turn it on',
		],
		[
			'source beside sources',
			`${validSpec}  sources: [{repoURL: https://github.com/example/web.git}]\n`,
			'spec.source: ignored because spec.sources is set (as in Argo CD)',
		],
		[
			'values beside valuesObject',
			validSpec.replace('path: deploy', 'path: deploy\n    helm:\n      values: "a: 1"\n      valuesObject: {a: 2}'),
			'spec.source.helm.values: ignored because valuesObject is also set (as in Argo CD)',
		],
		[
			'a rule that ignores nothing',
			`${validSpec}  ignoreDifferences: [{kind: Deployment}]\n`,
			'spec.ignoreDifferences[0]: names no jsonPointers, jqPathExpressions or managedFieldsManagers, so it ignores nothing',
		],
		[
			'a retry that caps below its start',
			`${validSpec}  syncPolicy:\n    retry: {backoff: {duration: 1m, maxDuration: 30s}}\n`,
			'spec.syncPolicy.retry.backoff.maxDuration: shorter than duration, so every retry waits maxDuration',
		],
	])('%s', (_label, spec, expected) => {
		const {apps, errors} = parseYaml(application(spec));
		expect(errors).toEqual([]);
		expect(apps[0]?.warnings).toEqual([`apps.yaml: Application/web: ${expected}`]);
	});

	it('turns automated sync off with enabled: false', () => {
		const {apps} = parseYaml(application(`${validSpec}  syncPolicy:\n    automated: {enabled: false, prune: true}\n`));
		expect(apps[0]?.syncPolicy.automated).toBeNull();
	});

	it('defaults an empty project, revision and path as Argo CD does', () => {
		const {apps} = parseYaml(application(validSpec.replace('path: deploy', 'path: ""\n    targetRevision: ""') + '  project: ""\n'));
		expect(apps[0]).toMatchObject({project: 'default', sources: [{targetRevision: 'HEAD', path: '.'}]});
	});

	it('keeps the warnings of an app it leaves out, since they often explain the error', () => {
		const {errors, warnings} = parseYaml(application(validSpec.replace('  source:', '  sourc:')));
		expect(errors.map(formatConfigError)).toEqual(['apps.yaml: Application/web: spec.source: required (or spec.sources)']);
		expect(warnings).toEqual(['apps.yaml: Application/web: spec.sourc: unknown field, ignored (did you mean source?)']);
	});
});

describe('formatConfigError and configInvalidError', () => {
	it.each([
		[
			{origin: 'apps.yaml', object: 'Application/guestbook', field: 'spec.destination.namespace', message: 'required'},
			'apps.yaml: Application/guestbook: spec.destination.namespace: required',
		],
		[{origin: 'flags', object: '', field: '--set', message: 'expected name=value, got "a"'}, 'flags: --set: expected name=value, got "a"'],
		[{origin: 'broken.yaml', object: 'line 4', field: '', message: 'invalid YAML: bad'}, 'broken.yaml: line 4: invalid YAML: bad'],
	])('%j', (error, expected) => {
		expect(formatConfigError(error)).toBe(expected);
	});

	it('wraps every error in one config-invalid DriftwatchError', () => {
		const error = configInvalidError([
			{origin: 'a.yaml', object: 'Application/x', field: 'spec', message: 'required'},
			{origin: 'flags', object: '', field: '--repo', message: 'required'},
		]);
		expect(error.code).toBe('config-invalid');
		expect(error.message).toBe('2 problems in the app definitions:\na.yaml: Application/x: spec: required\nflags: --repo: required');
	});
});
