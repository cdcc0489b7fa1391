import {mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {openSourceWorkspace} from '../../../source/render/source-workspace.js';
import {removeTempSources, tempSource} from './fixture-paths.js';

afterAll(removeTempSources);

const configMap = (name: string, value: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n  a: "${value}"\n`;
const source = (dir: string) => ({repoURL: 'file:///repo', targetRevision: 'HEAD', path: dir});

describe('the source workspace: renders with replaced files, then puts the tree back', () => {
	it('renders with a replaced and a new file, and leaves the tree as it was', async () => {
		const root = tempSource({'app/config.yaml': configMap('one', '1')});
		const workspace = await openSourceWorkspace({root, source: source('app'), namespace: 'ns', appName: 'app'});
		expect(workspace.kind).toBe('directory');
		const rendered = await workspace.render(
			new Map([
				['app/config.yaml', configMap('one', '2')],
				['app/more/extra.yaml', configMap('two', '3')],
			]),
		);
		expect(rendered.files).toEqual(['app/config.yaml']);
		expect(rendered.objects.map(object => [object.metadata.name, (object['data'] as {a: string}).a])).toEqual([['one', '2']]);
		expect(readFileSync(path.join(root, 'app/config.yaml'), 'utf8')).toBe(configMap('one', '1'));
		expect(readdirSync(path.join(root, 'app'))).toEqual(['config.yaml']);
		expect(await workspace.read('app/config.yaml')).toBe(configMap('one', '1'));
	});

	it('never reads or writes outside the tree, nor through a link', async () => {
		const outside = tempSource({'secret.yaml': 'password: hunter2\n'});
		const root = tempSource({'app/config.yaml': configMap('one', '1')});
		symlinkSync(path.join(outside, 'secret.yaml'), path.join(root, 'app/link.yaml'));
		mkdirSync(path.join(root, 'escape'));
		symlinkSync(outside, path.join(root, 'escape/dir'));
		const workspace = await openSourceWorkspace({root, source: source('app'), namespace: 'ns', appName: 'app'});
		expect(await workspace.read('../secret.yaml')).toBeUndefined();
		expect(await workspace.read('app/link.yaml')).toBeUndefined();
		expect(await workspace.read('escape/dir/secret.yaml')).toBeUndefined();
		await expect(workspace.render(new Map([['app/link.yaml', 'x: 1\n']]))).rejects.toThrow('app/link.yaml is not a regular file');
		await expect(workspace.render(new Map([['escape/dir/new.yaml', 'x: 1\n']]))).rejects.toThrow('escape/dir leads outside the repository');
		await expect(workspace.render(new Map([['../x.yaml', 'x: 1\n']]))).rejects.toThrow('../x.yaml is outside the repository');
		expect(readFileSync(path.join(outside, 'secret.yaml'), 'utf8')).toBe('password: hunter2\n');
		expect(readdirSync(outside)).toEqual(['secret.yaml']);
	});

	it("takes renders of one tree in turn, so a probe never sees another render's files", async () => {
		const root = tempSource({'a/config.yaml': configMap('a', '1'), 'b/config.yaml': configMap('b', '1')});
		const a = await openSourceWorkspace({root, source: source('a'), namespace: 'ns', appName: 'a'});
		const b = await openSourceWorkspace({root, source: source('b'), namespace: 'ns', appName: 'b'});
		const results = await Promise.all([
			a.render(new Map([['b/config.yaml', configMap('b', '2')]])),
			b.render(),
			a.render(),
			b.render(new Map([['b/config.yaml', configMap('b', '3')]])),
		]);
		expect(results.map(result => (result.objects[0]?.['data'] as {a: string}).a)).toEqual(['1', '1', '1', '3']);
		writeFileSync(path.join(root, 'b/config.yaml'), configMap('b', '4'));
		expect(((await b.render()).objects[0]?.['data'] as {a: string}).a).toBe('4');
	});
});
