import {describe, expect, it} from 'vitest';
import {appFromFlags, appNameFromRepo} from '../../../source/core/app-from-flags.js';
import {formatConfigError} from '../../../source/core/parse-application.js';

describe('appFromFlags', () => {
	it('fills every default from a repository alone', () => {
		const {app, errors} = appFromFlags({repo: 'https://github.com/example/guestbook.git'});
		expect(errors).toEqual([]);
		expect(app).toEqual({
			name: 'guestbook',
			project: 'default',
			sources: [{repoURL: 'https://github.com/example/guestbook.git', targetRevision: 'HEAD', path: '.'}],
			destination: {namespace: 'default', server: 'https://kubernetes.default.svc'},
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
			origin: 'flags',
			warnings: [],
		});
	});

	it.each([
		[
			'revision, path, namespace and name',
			{revision: 'v1', path: 'deploy', namespace: 'web', name: 'my-web'},
			{name: 'my-web', destination: {namespace: 'web'}, sources: [{targetRevision: 'v1', path: 'deploy'}]},
		],
		['a plain directory read recursively', {recurse: true}, {sources: [{directory: {recurse: true}}]}],
		[
			'Helm value files, parameters and release',
			{values: ['values.yaml'], set: ['replicaCount=2', 'image.tag=1.2=3'], setString: ['build=0123'], release: 'web'},
			{
				sources: [
					{
						helm: {
							valueFiles: ['values.yaml'],
							parameters: [
								{name: 'replicaCount', value: '2'},
								{name: 'image.tag', value: '1.2=3'},
								{name: 'build', value: '0123', forceString: true},
							],
							releaseName: 'web',
						},
					},
				],
			},
		],
		[
			'auto-sync with prune and self-heal',
			{autoSync: true, prune: true, selfHeal: true},
			{syncPolicy: {automated: {prune: true, selfHeal: true, allowEmpty: false}}},
		],
		[
			'sync options',
			{syncOption: ['CreateNamespace=true', 'ServerSideApply=true']},
			{syncPolicy: {syncOptions: {createNamespace: true, serverSideApply: true, raw: ['CreateNamespace=true', 'ServerSideApply=true']}}},
		],
	])('%s', (_label, flags, expected) => {
		const {app, errors} = appFromFlags({repo: 'https://github.com/example/web.git', ...flags});
		expect(errors).toEqual([]);
		expect(app).toMatchObject(expected);
	});

	it.each([
		['no repo', {}, ['flags: --repo: required: the Git repository to watch (a URL or a local path)']],
		['a --set without =', {repo: 'r', set: ['replicaCount']}, ['flags: --set: expected name=value, got "replicaCount"']],
		['a --set-string without a name', {repo: 'r', setString: ['=x']}, ['flags: --set-string: expected name=value, got "=x"']],
		['an invalid --name', {repo: 'r', name: 'My App'}, [`flags: --name: must be a lowercase DNS name (a-z, 0-9, '-', '.'), got "My App"`]],
		['an absolute --path', {repo: 'r', path: '/etc'}, ['flags: --path: must be a relative path inside the repository, got "/etc"']],
		[
			'--recurse with Helm flags',
			{repo: 'r', recurse: true, values: ['v.yaml']},
			['flags: --recurse: is for plain directories and cannot be combined with --values, --set, --set-string or --release'],
		],
		[
			'a bad --sync-option',
			{repo: 'r', syncOption: ['Replace=maybe']},
			['flags: --sync-option: Replace must be true or false, got "Replace=maybe"'],
		],
		[
			'several problems at once',
			{set: ['a'], syncOption: ['Validate=no']},
			[
				'flags: --repo: required: the Git repository to watch (a URL or a local path)',
				'flags: --set: expected name=value, got "a"',
				'flags: --sync-option: Validate must be true or false, got "Validate=no"',
			],
		],
	])('%s', (_label, flags, expected) => {
		const {app, errors} = appFromFlags(flags);
		expect(app).toBeUndefined();
		expect(errors.map(formatConfigError)).toEqual(expected);
	});

	it.each([
		[{prune: true}, 'flags: --prune: only acts on automated sync; add --auto-sync to turn it on'],
		[{selfHeal: true}, 'flags: --self-heal: only acts on automated sync; add --auto-sync to turn it on'],
		[{syncOption: ['Foo=bar']}, 'flags: --sync-option: unknown sync option "Foo=bar"; kept but not acted on'],
	])('warns for %j', (flags, expected) => {
		const {app} = appFromFlags({repo: 'r', ...flags});
		expect(app?.warnings).toEqual([expected]);
		expect(app?.syncPolicy.automated).toBeNull();
	});
});

describe('appNameFromRepo', () => {
	it.each([
		['https://github.com/example/guestbook.git', '.', 'guestbook'],
		['https://github.com/example/guestbook.git', 'apps/web', 'guestbook-web'],
		['https://github.com/Org/Guest_Book.git/', 'apps/web/', 'guest-book-web'],
		['git@github.com:example/shop.git', '', 'shop'],
		['/home/me/src/my.repo', '.', 'my-repo'],
		['.', '.', 'app'],
		['--', '..', 'app'],
		[`https://example.com/${'x'.repeat(80)}`, '.', 'x'.repeat(63)],
		[`https://example.com/${'x'.repeat(62)}`, 'y', `${'x'.repeat(62)}`],
	])('%s + %s -> %s', (repo, path, expected) => {
		expect(appNameFromRepo(repo, path)).toBe(expected);
	});
});
