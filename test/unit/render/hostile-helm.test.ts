/**
 * A hostile Application and chart against the real helm: option-like release names, parameters
 * and namespaces, value files outside the repository (climbing, absolute, symlinked, remote) and
 * chart files that are symlinks out of it. Each is refused with an error naming the field or the
 * file, no canary from outside appears anywhere, nothing runs that the repository chose, and helm
 * only ever sees `template <our options> -- <release> <chart>` (checked with a recording shim).
 */
import {symlinkSync} from 'node:fs';
import path from 'node:path';
import {afterEach, beforeEach, describe, expect, it} from 'vitest';
import type {AppSource} from '../../../source/core/app-definition.js';
import {appFromFlags} from '../../../source/core/app-from-flags.js';
import {parseApplications} from '../../../source/core/parse-application.js';
import {appSourceRenderer, renderAppSource} from '../../../source/render/render-app-source.js';
import {withEnv} from './fixture-paths.js';
import {type HostileWorld, expectNoCanary, expectRefused, expectWellFormedHelmRuns, hostileWorld} from './hostile-fixture.js';

let world: HostileWorld;
beforeEach(async () => {
	world = await hostileWorld();
});
afterEach(() => world.dispose());

const chartSource = (helm: AppSource['helm'] = {}): AppSource => ({repoURL: 'unused', targetRevision: 'HEAD', path: 'chart', helm});

/** Renders through the RenderPort with the recording shim; resolves to the result or the error. */
async function render(source: AppSource, options: {namespace?: string; allowRemoteValues?: boolean} = {}): Promise<unknown> {
	const renderer = options.allowRemoteValues ? appSourceRenderer({allowRemoteValues: true}) : renderAppSource;
	return withEnv({DRIFTWATCH_HELM: world.helmShim}, () =>
		renderer(world.repo, source, options.namespace ?? 'default', 'web').catch((error: unknown) => error),
	);
}

function application(helm: Record<string, unknown>): unknown {
	return {
		apiVersion: 'argoproj.io/v1alpha1',
		kind: 'Application',
		metadata: {name: 'web'},
		spec: {
			source: {repoURL: 'https://example.com/r.git', path: 'chart', helm},
			destination: {server: 'https://kubernetes.default.svc', namespace: 'web'},
		},
	};
}

describe('a hostile release name', () => {
	it.each(['--post-renderer=EVIL', '--output-dir=/tmp/driftwatch-hostile-out', '-h', 'Web', 'web_1', 'a'.repeat(54), '.web', 'web-'])(
		'%s is refused where it enters and where helm would get it',
		async raw => {
			const releaseName = raw.replace('EVIL', world.evilScript);
			const outcome = await render(chartSource({releaseName}));
			expect(outcome).toMatchObject({code: 'config-invalid'});
			expect((outcome as Error).message).toMatch(/^helm release name: /u);
			expectNoCanary(world, outcome);
			expect(world.invocations('helm')).toEqual([]);

			const parsed = parseApplications([application({releaseName})], 'apps.yaml');
			expect(parsed.apps).toEqual([]);
			expect(parsed.errors).toEqual([
				expect.objectContaining({origin: 'apps.yaml', object: 'Application/web', field: 'spec.source.helm.releaseName'}),
			]);
			const flags = appFromFlags({repo: '/tmp/r', release: releaseName});
			expect(flags.errors).toEqual([expect.objectContaining({field: '--release'})]);
		},
	);

	it('accepts a valid name of 53 characters with dots, after --', async () => {
		const releaseName = `a.${'b'.repeat(51)}`;
		const outcome = await render(chartSource({releaseName}));
		expect(outcome).toMatchObject({sourceType: 'helm'});
		const [run] = world.invocations('helm');
		expect(run?.slice(-3)).toEqual(['--', releaseName, path.join(world.repo, 'chart')]);
		expectWellFormedHelmRuns(world.invocations('helm'));
	});
});

describe('option-like values that are not release names', () => {
	it('keeps parameters and the namespace inside their own --name=value arguments', async () => {
		const outcome = await render(
			chartSource({
				parameters: [
					{name: '--post-renderer', value: world.evilScript},
					{name: 'x', value: `--post-renderer=${world.evilScript}`},
					{name: 'y', value: '--output-dir=/tmp/driftwatch-hostile-out', forceString: true},
				],
			}),
			{namespace: `--post-renderer=${world.evilScript}`},
		);
		expectNoCanary(world, outcome);
		const runs = world.invocations('helm');
		expect(runs).toHaveLength(1);
		expectWellFormedHelmRuns(runs);
		expect(runs[0]).toContain(`--namespace=--post-renderer=${world.evilScript}`);
		expect(runs[0]).toContain(`--set=--post-renderer=${world.evilScript}`);
	});
});

describe('value files', () => {
	it('refuses one that climbs out of the repository, naming it', async () => {
		const outcome = await render(chartSource({valueFiles: ['../../outside/values.yaml']}));
		expect(outcome).toMatchObject({code: 'render-failed'});
		expect((outcome as Error).message).toBe(
			'helm value file "../../outside/values.yaml" leads outside the repository (through ".." or a symlink); refused',
		);
		expectNoCanary(world, outcome);
		expect(world.invocations('helm')).toEqual([]);
	});

	it('reads an absolute one from the repository root, never from the machine', async () => {
		const outcome = await render(chartSource({valueFiles: [path.join(world.outside, 'values.yaml')]}));
		expect(outcome).toMatchObject({code: 'render-failed'});
		expect((outcome as Error).message).toMatch(/^helm value file ".*values\.yaml": no such file or directory$/u);
		expectNoCanary(world, outcome);
	});

	it('refuses a symlink in the repository that points outside', async () => {
		symlinkSync(path.join(world.outside, 'values.yaml'), path.join(world.repo, 'chart', 'leak.yaml'));
		const outcome = await render(chartSource({valueFiles: ['leak.yaml']}));
		expect(outcome).toMatchObject({code: 'render-failed'});
		expect((outcome as Error).message).toMatch(/leak\.yaml/u);
		expectNoCanary(world, outcome);
		expect(world.invocations('helm')).toEqual([]);
	});

	it('refuses a URL unless --allow-remote-values, and other schemes always', async () => {
		const url = 'https://127.0.0.1:1/values.yaml';
		const refused = await render(chartSource({valueFiles: [url]}));
		expectRefused(refused, 'config-invalid', /--allow-remote-values/u, 'hint');
		expect(world.invocations('helm')).toEqual([]);
		for (const scheme of [`file://${world.outside}/values.yaml`, 's3://bucket/values.yaml']) {
			expect(await render(chartSource({valueFiles: [scheme]}), {allowRemoteValues: true})).toMatchObject({code: 'config-invalid'});
		}
		expect(world.invocations('helm')).toEqual([]);
		// Allowed: helm gets the URL as the value of --values (and fails to fetch it here).
		const allowed = await render(chartSource({valueFiles: [url]}), {allowRemoteValues: true});
		expect(allowed).toMatchObject({code: 'render-failed'});
		expectWellFormedHelmRuns(world.invocations('helm'));
		expect(world.invocations('helm')[0]).toContain(`--values=${url}`);
	});

	it('accepts one inside the repository reached through ".." and a symlink that stays inside', async () => {
		world.write('repo/env/prod.yaml', 'stolen: from-the-repo\n');
		symlinkSync(path.join(world.repo, 'env', 'prod.yaml'), path.join(world.repo, 'chart', 'prod.yaml'));
		const outcome = await render(chartSource({valueFiles: ['../env/prod.yaml', 'prod.yaml', '/env/prod.yaml']}));
		expect(outcome).toMatchObject({sourceType: 'helm'});
		expect(JSON.stringify(outcome)).toContain('from-the-repo');
		expectWellFormedHelmRuns(world.invocations('helm'));
	});

	it('is refused at parse time when it is not a path or an http(s) URL', () => {
		const parsed = parseApplications([application({valueFiles: ['ok.yaml', 's3://bucket/v.yaml', '']})], 'apps.yaml');
		expect(parsed.errors.map(error => error.field)).toEqual(['spec.source.helm.valueFiles[1]', 'spec.source.helm.valueFiles[2]']);
	});
});

describe('chart files', () => {
	it('refuses a template that is a symlink out of the repository, before helm reads it', async () => {
		symlinkSync(path.join(world.outside, 'canary.yaml'), path.join(world.repo, 'chart', 'templates', 'leak.yaml'));
		const outcome = await render(chartSource());
		expect(outcome).toMatchObject({code: 'render-failed'});
		expect((outcome as Error).message).toMatch(/^chart\/templates\/leak\.yaml leads outside the repository/u);
		expectNoCanary(world, outcome);
		expect(world.invocations('helm')).toEqual([]);
	});

	it('refuses a symlinked directory out of the repository (what .Files.Get would read)', async () => {
		symlinkSync(world.outside, path.join(world.repo, 'chart', 'files'));
		const outcome = await render(chartSource());
		expect(outcome).toMatchObject({code: 'render-failed'});
		expect((outcome as Error).message).toMatch(/^chart\/files leads outside the repository/u);
		expectNoCanary(world, outcome);
	});

	it('follows a symlink cycle inside the chart without looping', async () => {
		symlinkSync('..', path.join(world.repo, 'chart', 'templates', 'loop'));
		const outcome = await render(chartSource());
		expectNoCanary(world, outcome);
	});
});

describe('values.schema.json', () => {
	it('is not run, so its $refs never read a file of this machine nor fetch a URL', async () => {
		world.write('outside/schema.json', JSON.stringify({type: 'object', required: [world.canary]}));
		for (const ref of [`file://${world.outside}/schema.json`, 'http://127.0.0.1:1/schema.json', '../../outside/schema.json']) {
			world.write('repo/chart/values.schema.json', JSON.stringify({$ref: ref, type: 'object'}));
			const outcome = await render(chartSource());
			expect(outcome).toMatchObject({sourceType: 'helm'});
			expectNoCanary(world, outcome);
		}
		expectWellFormedHelmRuns(world.invocations('helm'));
	});
});
