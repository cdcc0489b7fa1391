import {symlinkSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {DriftwatchError} from '../../../source/core/errors.js';
import {renderSource} from '../../../source/render/render-source.js';
import {fixture, removeTempSources, tempSource} from './fixture-paths.js';

afterAll(removeTempSources);

const names = (objects: Array<{kind: string; metadata: {name: string}}>) => objects.map(object => `${object.kind}/${object.metadata.name}`);

describe('plain directory sources', () => {
	it('reads the YAML and JSON files at the top level, multi-document, skipping non-Kubernetes YAML with a notice', async () => {
		const result = await renderSource({dir: fixture('plain')});
		expect(result.sourceType).toBe('directory');
		expect(result.files).toEqual(['deployment.yaml', 'service-and-config.yml', 'values-notes.yaml']);
		expect(names(result.objects)).toEqual(['Deployment/web', 'Service/web', 'ConfigMap/web-settings']);
		expect(result.notices).toHaveLength(1);
		expect(result.notices[0]).toContain('values-notes.yaml');
	});

	it('descends into subdirectories with recurse, in path order', async () => {
		const result = await renderSource({dir: fixture('plain'), directory: {recurse: true}});
		expect(result.files).toEqual([
			'deployment.yaml',
			'extras/configmap.json',
			'extras/worker.yaml',
			'service-and-config.yml',
			'values-notes.yaml',
		]);
		expect(names(result.objects)).toEqual([
			'Deployment/web',
			'ConfigMap/extras-json',
			'Deployment/worker',
			'Service/web',
			'ConfigMap/web-settings',
		]);
		expect(result.objects[1]).toMatchObject({data: {source: 'json'}});
	});

	it.each([
		[{include: '*.yaml'}, ['deployment.yaml', 'extras/worker.yaml', 'values-notes.yaml']],
		[{include: '{deployment.yaml,extras/*.json}'}, ['deployment.yaml', 'extras/configmap.json']],
		[{exclude: 'extras/*'}, ['deployment.yaml', 'service-and-config.yml', 'values-notes.yaml']],
		[{exclude: '*notes*', include: '*.y*ml'}, ['deployment.yaml', 'extras/worker.yaml', 'service-and-config.yml']],
	])('filters recursive files with Argo CD globs %j', async (globs, files) => {
		const result = await renderSource({dir: fixture('plain'), directory: {recurse: true, ...globs}});
		expect(result.files).toEqual(files);
	});

	it('fails the whole render with manifest-invalid naming the file and line of a YAML error', async () => {
		const error: unknown = await renderSource({dir: fixture('broken')}).catch((caught: unknown) => caught);
		expect(error).toBeInstanceOf(DriftwatchError);
		expect(error).toMatchObject({code: 'manifest-invalid'});
		expect((error as Error).message).toMatch(/deployment\.yaml line 12\b/u);
	});

	it('renders an empty directory to no objects', async () => {
		const result = await renderSource({dir: tempSource({'README.md': '# nothing\n'})});
		expect(result).toMatchObject({objects: [], files: [], sourceType: 'directory'});
	});

	it('skips Jsonnet with a notice and follows symlinks that stay in the repository', async () => {
		const dir = tempSource({
			'app.jsonnet': '{}',
			'real.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: real\n',
		});
		symlinkSync('real.yaml', path.join(dir, 'inside.yaml'));
		const result = await renderSource({dir});
		expect(result.files).toEqual(['inside.yaml', 'real.yaml']);
		expect(result.notices.join('\n')).toMatch(/app\.jsonnet.*Jsonnet/u);
	});

	it('refuses a symlink that leaves the repository, naming it', async () => {
		const outside = tempSource({'secret.yaml': 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: outside\n'});
		const dir = tempSource({'real.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: real\n'});
		symlinkSync(path.join(outside, 'secret.yaml'), path.join(dir, 'escape.yaml'));
		const error: unknown = await renderSource({dir}).catch((caught: unknown) => caught);
		expect(error).toMatchObject({code: 'render-failed'});
		expect((error as Error).message).toMatch(/^escape\.yaml leads outside the repository/u);
	});

	it('fails with render-failed when the source path does not exist', async () => {
		await expect(renderSource({dir: fixture('no-such-dir')})).rejects.toMatchObject({code: 'render-failed'});
		await expect(renderSource({dir: fixture('no-such-dir'), sourceType: 'directory'})).rejects.toMatchObject({code: 'render-failed'});
	});
});
