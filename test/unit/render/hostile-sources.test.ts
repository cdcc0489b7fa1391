/**
 * A hostile repository against the source path, plain directories and kustomize (the real
 * `kubectl kustomize`): symlinked and climbing source paths, symlinked files and directories,
 * kustomize bases outside the repository (relative, symlinked, `file://` clones), oversized
 * files, a YAML alias bomb and deep nesting. Each is refused with an error naming the file, no
 * canary from outside appears anywhere, memory stays bounded, and kubectl only ever sees
 * `kustomize -- <directory>` (checked with a recording shim).
 */
import {closeSync, openSync, ftruncateSync, symlinkSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {AppSource} from '../../../source/core/app-definition.js';
import {maxDocumentValues} from '../../../source/core/document-limits.js';
import {renderAppSource} from '../../../source/render/render-app-source.js';
import {maxRepositoryFileBytes} from '../../../source/render/repository-paths.js';
import {withEnv} from './fixture-paths.js';
import {type HostileWorld, expectNoCanary, expectRefused, expectWellFormedKubectlRuns, hostileWorld} from './hostile-fixture.js';

let world: HostileWorld;
beforeEach(async () => {
	world = await hostileWorld();
});
afterEach(() => world.dispose());

const source = (sourcePath: string, extra: Partial<AppSource> = {}): AppSource => ({
	repoURL: 'unused',
	targetRevision: 'HEAD',
	path: sourcePath,
	...extra,
});

async function render(app: AppSource): Promise<unknown> {
	return withEnv({DRIFTWATCH_KUBECTL: world.kubectlShim, DRIFTWATCH_HELM: world.helmShim}, () =>
		renderAppSource(world.repo, app, 'default', 'app').catch((error: unknown) => error),
	);
}

describe('the source path', () => {
	it('refuses a path that is a symlink to a directory outside the repository', async () => {
		symlinkSync(world.outside, path.join(world.repo, 'app'));
		const outcome = await render(source('app'));
		expect(outcome).toMatchObject({code: 'config-invalid'});
		expect((outcome as Error).message).toMatch(/^source path "app" leaves the repository: it is or passes through a symlink/u);
		expectNoCanary(world, outcome);
	});

	it('refuses a path through a symlinked parent, and one that climbs out', async () => {
		symlinkSync(world.root, path.join(world.repo, 'up'));
		const through = await render(source('up/outside'));
		expect(through).toMatchObject({code: 'config-invalid'});
		expectNoCanary(world, through);
		const climbing = await render(source('../outside'));
		expectRefused(climbing, 'config-invalid', /climbs out/u);
		expectNoCanary(world, climbing);
	});

	it('follows a symlink that stays inside the repository', async () => {
		symlinkSync(path.join(world.repo, 'plain'), path.join(world.repo, 'alias'));
		const outcome = await render(source('alias'));
		expect(outcome).toMatchObject({sourceType: 'directory', files: ['ok.yaml']});
	});
});

describe('plain directories', () => {
	it('refuses a manifest that is a symlink out of the repository, naming it', async () => {
		symlinkSync(path.join(world.outside, 'canary.yaml'), path.join(world.repo, 'plain', 'leak.yaml'));
		const outcome = await render(source('plain'));
		expectRefused(outcome, 'render-failed', /^leak\.yaml leads outside the repository/u);
		expectNoCanary(world, outcome);
	});

	it('refuses a symlinked subdirectory out of the repository when recursing', async () => {
		symlinkSync(world.outside, path.join(world.repo, 'plain', 'more'));
		const outcome = await render(source('plain', {directory: {recurse: true}}));
		expectRefused(outcome, 'render-failed', /^more leads outside the repository/u);
		expectNoCanary(world, outcome);
	});

	it(`refuses a file over ${maxRepositoryFileBytes} bytes without reading it`, async () => {
		const file = path.join(world.repo, 'plain', 'huge.yaml');
		const handle = openSync(file, 'w');
		ftruncateSync(handle, maxRepositoryFileBytes + 1);
		closeSync(handle);
		const before = process.memoryUsage().rss;
		const outcome = await render(source('plain'));
		expectRefused(outcome, 'render-failed', /^huge\.yaml is 16777217 bytes, over the 16777216-byte limit/u);
		expect(process.memoryUsage().rss - before).toBeLessThan(64 * 1024 * 1024);
	});

	it('refuses a YAML alias bomb quickly, in bounded memory, naming file and document', async () => {
		const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
		for (let level = 1; level < 10; level++) {
			const name = String.fromCharCode(97 + level);
			const previous = String.fromCharCode(96 + level);
			levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
		}
		world.write(
			'repo/plain/bomb.yaml',
			`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok-before\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\n${levels.join('\n')}\n`,
		);
		const before = process.memoryUsage().heapUsed;
		const started = Date.now();
		const outcome = await render(source('plain'));
		expect(Date.now() - started).toBeLessThan(5000);
		expect(process.memoryUsage().heapUsed - before).toBeLessThan(100 * 1024 * 1024);
		expect(outcome).toMatchObject({code: 'manifest-invalid'});
		expect((outcome as Error).message).toContain(
			`bomb.yaml line 5: holds more than ${maxDocumentValues} values once YAML aliases are expanded`,
		);
	});

	it('refuses deeply nested documents, YAML and JSON, naming the file', async () => {
		world.write(
			'repo/plain/deep.yaml',
			`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata: ${'['.repeat(50_000)}${']'.repeat(50_000)}\n`,
		);
		world.write(
			'repo/plain/deep.json',
			`{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"deepj"},"data":${'['.repeat(50_000)}${']'.repeat(50_000)}}`,
		);
		const outcome = await render(source('plain'));
		expect(outcome).toMatchObject({code: 'manifest-invalid'});
		expect((outcome as Error).message).toMatch(/deep\.json: nested deeper than 100 levels/u);
		expect((outcome as Error).message).toMatch(/deep\.yaml line 5 column \d+: nesting exceeded maxDepth \(100\)/u);
	});
});

describe('kustomize', () => {
	it('builds a kustomization of the repository with `kustomize -- <dir>`', async () => {
		const outcome = await render(source('kust'));
		expect(outcome).toMatchObject({sourceType: 'kustomize'});
		expectWellFormedKubectlRuns(world.invocations('kubectl'));
	});

	it('refuses a base that climbs out of the repository, naming the kustomization and the entry', async () => {
		world.write('repo/kust/kustomization.yaml', 'resources:\n- cm.yaml\n- ../../outside/kust\n');
		const outcome = await render(source('kust'));
		expect(outcome).toMatchObject({code: 'render-failed'});
		expect((outcome as Error).message).toMatch(
			/^kust\/kustomization\.yaml: resources\[1\]: "\.\.\/\.\.\/outside\/kust" leads outside the repository/u,
		);
		expectNoCanary(world, outcome);
		expect(world.invocations('kubectl')).toEqual([]);
	});

	it('refuses a component or base reached through a symlinked directory, and through a base of a base', async () => {
		symlinkSync(path.join(world.outside, 'kust'), path.join(world.repo, 'linked'));
		world.write('repo/kust/kustomization.yaml', 'resources:\n- cm.yaml\ncomponents:\n- ../linked\n');
		const direct = await render(source('kust'));
		expectRefused(direct, 'render-failed', /components\[0\]/u);
		expectNoCanary(world, direct);
		world.write('repo/kust/kustomization.yaml', 'resources:\n- ../middle\n');
		world.write('repo/middle/kustomization.yaml', 'resources:\n- ../../outside/kust\n');
		const nested = await render(source('kust'));
		expectRefused(nested, 'render-failed', /^middle\/kustomization\.yaml: resources\[0\]/u);
		expectNoCanary(world, nested);
	});

	it('refuses a kustomization whose directory is a symlink out of the repository', async () => {
		symlinkSync(path.join(world.outside, 'kust'), path.join(world.repo, 'kust-link'));
		const outcome = await render(source('kust-link'));
		expect(outcome).toMatchObject({code: 'config-invalid'});
		expectNoCanary(world, outcome);
	});

	it('does not let a remote base clone a repository elsewhere on disk (file://)', async () => {
		world.write('repo/kust/kustomization.yaml', `resources:\n- file://${world.outside}/remote.git//base?ref=main\n`);
		const outcome = await render(source('kust'));
		expect(outcome).toMatchObject({code: 'render-failed'});
		expectNoCanary(world, outcome);
		expectWellFormedKubectlRuns(world.invocations('kubectl'));
	});
});
