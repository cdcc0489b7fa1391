import {mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import {loadAppFiles} from '../../../source/config/load-app-files.js';
import {formatConfigError} from '../../../source/core/parse-application.js';

function application(name: string, options: {project?: string; repo?: string; namespace?: string} = {}): string {
	return `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: ${name}
spec:
  project: ${options.project ?? 'default'}
  source:
    repoURL: ${options.repo ?? 'https://github.com/example/web.git'}
    path: deploy
  destination:
    server: https://kubernetes.default.svc
    namespace: ${options.namespace ?? 'web'}
`;
}

const teamProject = `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata:
  name: team-a
spec:
  sourceRepos: [https://github.com/example/*]
  destinations: [{server: '*', namespace: team-a-*}]
`;

describe('loadAppFiles: fixtures', () => {
	it('reads a file', async () => {
		const loaded = await loadAppFiles(['fixtures/apps/guestbook.yaml']);
		expect(loaded.errors).toEqual([]);
		expect(loaded.warnings).toEqual([]);
		expect(loaded.apps.map(app => [app.name, app.origin])).toEqual([['guestbook', 'fixtures/apps/guestbook.yaml']]);
	});

	it('reads the .yaml/.yml files of a directory in name order, skipping other files', async () => {
		const loaded = await loadAppFiles(['fixtures/apps/dir']);
		expect(loaded.errors).toEqual([]);
		expect(loaded.apps.map(app => [app.name, app.origin])).toEqual([
			['backend', 'fixtures/apps/dir/backend.yml'],
			['frontend', 'fixtures/apps/dir/frontend.yaml'],
		]);
	});

	it('checks apps against the AppProject in the same files and reports every warning once', async () => {
		const loaded = await loadAppFiles(['fixtures/apps/team-apps.yaml', 'fixtures/apps/multi-source.yaml']);
		expect(loaded.errors).toEqual([]);
		expect(loaded.apps.map(app => app.name)).toEqual(['team-a-web', 'team-a-api', 'platform']);
		expect(loaded.projects.map(project => project.name)).toEqual(['team-a']);
		expect(loaded.warnings).toEqual([
			'fixtures/apps/team-apps.yaml: document 4 (ConfigMap/notes): ignored: only argoproj.io/v1alpha1 Application and AppProject objects are read',
			'fixtures/apps/team-apps.yaml: Application/team-a-api: spec.syncPolicy.syncOptions[1]: "RespectIgnoreDifferences=true" is not supported by driftwatch yet; kept but not acted on',
			'fixtures/apps/multi-source.yaml: Application/platform: spec.sources[2]: a source with only a ref (Helm value files for other sources) is not supported yet; ignored',
		]);
	});

	it('reports broken YAML with its line, and keeps going with the other files', async () => {
		const loaded = await loadAppFiles(['fixtures/apps/invalid-yaml.yaml', 'fixtures/apps/guestbook.yaml']);
		expect(loaded.errors.map(formatConfigError)).toEqual([
			'fixtures/apps/invalid-yaml.yaml: line 7: invalid YAML: deficient indentation (column 3)',
		]);
		expect(loaded.apps.map(app => app.name)).toEqual(['guestbook']);
	});

	it('reports a path that does not exist', async () => {
		const loaded = await loadAppFiles(['fixtures/apps/missing.yaml']);
		expect(loaded.errors.map(formatConfigError)).toEqual(['fixtures/apps/missing.yaml: no such file or directory']);
	});

	it('reads a file given twice (directly and through its directory) once', async () => {
		const loaded = await loadAppFiles(['fixtures/apps/dir/backend.yml', 'fixtures/apps/dir']);
		expect(loaded.errors).toEqual([]);
		expect(loaded.apps.map(app => app.name)).toEqual(['backend', 'frontend']);
	});
});

describe('loadAppFiles: temporary files', () => {
	let dir = '';
	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'driftwatch-apps-'));
	});
	afterEach(async () => {
		await rm(dir, {recursive: true, force: true});
	});

	async function write(name: string, text: string): Promise<string> {
		const path = join(dir, name);
		await writeFile(path, text);
		return path;
	}

	it('refuses an app name defined twice across files, keeping the first', async () => {
		const first = await write('a.yaml', application('web'));
		const second = await write('b.yaml', application('web', {namespace: 'other'}));
		const loaded = await loadAppFiles([first, second]);
		expect(loaded.apps.map(app => app.origin)).toEqual([first]);
		expect(loaded.errors.map(formatConfigError)).toEqual([
			`${second}: Application/web: metadata.name: duplicate name, already defined in ${first}`,
		]);
	});

	it('refuses an app name defined twice in one file', async () => {
		const file = await write('apps.yaml', `${application('web')}---\n${application('web')}`);
		const loaded = await loadAppFiles([file]);
		expect(loaded.errors.map(formatConfigError)).toEqual([
			`${file}: Application/web: metadata.name: duplicate name, already defined earlier in this file`,
		]);
	});

	it('leaves out apps their AppProject does not permit', async () => {
		const file = await write(
			'apps.yaml',
			[
				teamProject,
				application('allowed', {project: 'team-a', namespace: 'team-a-web'}),
				application('denied', {project: 'team-a', namespace: 'kube-system', repo: 'https://gitlab.com/x/y.git'}),
			].join('---\n'),
		);
		const loaded = await loadAppFiles([file]);
		expect(loaded.apps.map(app => app.name)).toEqual(['allowed']);
		expect(loaded.errors.map(formatConfigError)).toEqual([
			`${file}: Application/denied: spec.source.repoURL: repository "https://gitlab.com/x/y.git" is not permitted by AppProject "team-a" (sourceRepos: https://github.com/example/*)`,
			`${file}: Application/denied: spec.destination: destination namespace "kube-system" on server "https://kubernetes.default.svc" is not permitted by AppProject "team-a"`,
		]);
	});

	it('checks against a project defined in another file', async () => {
		const projectFile = await write('project.yaml', teamProject);
		const appFile = await write('app.yaml', application('web', {project: 'team-a', namespace: 'prod'}));
		const loaded = await loadAppFiles([appFile, projectFile]);
		expect(loaded.errors.map(formatConfigError)).toEqual([
			`${appFile}: Application/web: spec.destination: destination namespace "prod" on server "https://kubernetes.default.svc" is not permitted by AppProject "team-a"`,
		]);
	});

	it('uses an app of an unknown project unchecked, with a warning', async () => {
		const file = await write('app.yaml', application('web', {project: 'team-b'}));
		const loaded = await loadAppFiles([file]);
		expect(loaded.errors).toEqual([]);
		expect(loaded.apps.map(app => app.name)).toEqual(['web']);
		const warning = `${file}: Application/web: spec.project: AppProject "team-b" is not in the given files, so its limits are not checked`;
		expect(loaded.apps[0]?.warnings).toEqual([warning]);
		expect(loaded.warnings).toEqual([warning]);
	});

	it('reads JSON files', async () => {
		const file = await write(
			'app.json',
			JSON.stringify({
				apiVersion: 'argoproj.io/v1alpha1',
				kind: 'Application',
				metadata: {name: 'web'},
				spec: {source: {repoURL: 'https://github.com/example/web.git'}, destination: {name: 'prod', namespace: 'web'}},
			}),
		);
		const loaded = await loadAppFiles([file]);
		expect(loaded.errors).toEqual([]);
		expect(loaded.apps[0]?.destination).toEqual({name: 'prod', namespace: 'web'});
	});

	it.each([
		['an empty file', 'empty.yaml', '', (path: string) => `${path}: no documents`],
		['a file of only comments', 'comments.yaml', '# nothing here\n', (path: string) => `${path}: no documents`],
	])('warns about %s', async (_label, name, text, expected) => {
		const file = await write(name, text);
		const loaded = await loadAppFiles([file]);
		expect(loaded.warnings).toEqual([expected(file)]);
	});

	it('warns about a directory without manifest files', async () => {
		const empty = join(dir, 'empty');
		await mkdir(empty);
		await writeFile(join(empty, 'notes.txt'), 'x');
		await mkdir(join(empty, 'nested.yaml'));
		const loaded = await loadAppFiles([empty]);
		expect(loaded.warnings).toEqual([`${empty}: no .yaml, .yml or .json files`]);
	});

	it('reports a YAML error in the second document with its line', async () => {
		const file = await write('apps.yaml', `${application('web')}---\nkind: [unclosed\n`);
		const loaded = await loadAppFiles([file]);
		expect(loaded.apps).toEqual([]);
		expect(loaded.errors.map(formatConfigError)).toEqual([`${file}: line 15: invalid YAML: deficient indentation (column 1)`]);
	});
});
