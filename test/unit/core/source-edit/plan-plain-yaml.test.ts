import {afterAll, describe, expect, it} from 'vitest';
import type {EditPlan} from '../../../../source/core/source-edit/edit-types.js';
import {planFieldChanges} from '../../../../source/core/source-edit/plan-field-changes.js';
import {removeSourceTrees, sourceTree} from './support/source-trees.js';

afterAll(removeSourceTrees);

const web = {group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'web'};
const config = {group: '', kind: 'ConfigMap', namespace: 'prod', name: 'web-config'};
const fileAfter = (plan: EditPlan, file: string) => plan.files.find(change => change.path === file)?.after;

describe('plain YAML: the field changes in place in the file that holds the object', () => {
	it('changes the replicas and the image; comments, quotes and the other document stay', async () => {
		const tree = sourceTree();
		const workspace = await tree.workspace({path: 'plain'});
		const plan = await planFieldChanges(workspace, [
			{object: web, path: '/spec/replicas', from: 2, to: 8},
			{object: web, path: '/spec/template/spec/containers/0/image', from: 'nginx:1.27', to: 'nginx:1.28'},
		]);
		const original = tree.fixture('plain/app.yaml');
		expect(plan.files.map(file => file.path)).toEqual(['plain/app.yaml']);
		expect(fileAfter(plan, 'plain/app.yaml')).toBe(
			original.replace('  replicas: 2\n', '  replicas: 8\n').replace('"nginx:1.27"   # pinned', '"nginx:1.28"   # pinned'),
		);
		expect(plan.placed.map(placed => [placed.file, placed.via])).toEqual([
			['plain/app.yaml', 'in place'],
			['plain/app.yaml', 'in place'],
		]);
		expect(plan.files[0]?.diff).toBe(
			[
				'--- a/plain/app.yaml',
				'+++ b/plain/app.yaml',
				'@@ -6,7 +6,7 @@',
				'   labels:',
				'     app: web # the selector below depends on it',
				' spec:',
				'-  replicas: 2',
				'+  replicas: 8',
				'   selector:',
				'     matchLabels:',
				'       app: web',
				'@@ -17,7 +17,7 @@',
				'     spec:',
				'       containers:',
				'       - name: web',
				'-        image: "nginx:1.27"   # pinned by the platform team',
				'+        image: "nginx:1.28"   # pinned by the platform team',
				'         ports:',
				'         - containerPort: 80',
				' ---',
				'',
			].join('\n'),
		);
		// Nothing is written by planning.
		expect(tree.read('plain/app.yaml')).toBe(original);
	});

	it('changes the second document alone, keeping its single quotes', async () => {
		const tree = sourceTree();
		const plan = await planFieldChanges(await tree.workspace({path: 'plain'}), [
			{object: config, path: '/data/greeting', from: 'hello from git', to: 'hello from the cluster'},
		]);
		expect(fileAfter(plan, 'plain/app.yaml')).toBe(tree.fixture('plain/app.yaml').replace("'hello from git'", "'hello from the cluster'"));
	});

	it('adds a field the object did not have, in the style of the file', async () => {
		const tree = sourceTree();
		const plan = await planFieldChanges(await tree.workspace({path: 'plain'}), [
			{object: web, path: '/spec/template/spec/containers/0/env', from: undefined, to: [{name: 'MODE', value: 'fast'}]},
		]);
		expect(fileAfter(plan, 'plain/app.yaml')).toBe(
			tree
				.fixture('plain/app.yaml')
				.replace(
					'        - containerPort: 80\n',
					'        - containerPort: 80\n        env:\n        - name: MODE\n          value: fast\n',
				),
		);
	});

	it('has nothing to do when the field already has the value', async () => {
		const tree = sourceTree();
		const plan = await planFieldChanges(await tree.workspace({path: 'plain'}), [{object: web, path: '/spec/replicas', from: 2, to: 2}]);
		expect(plan).toEqual({files: [], placed: []});
	});

	it('refuses an object written twice, and an object that is not there', async () => {
		const tree = sourceTree();
		tree.write('plain/copy.yaml', tree.fixture('plain/app.yaml'));
		const workspace = await tree.workspace({path: 'plain'});
		await expect(planFieldChanges(workspace, [{object: web, path: '/spec/replicas', from: 2, to: 3}])).rejects.toThrow(
			'Deployment/prod/web is written in both plain/app.yaml and plain/copy.yaml',
		);
		await expect(planFieldChanges(workspace, [{object: {...web, name: 'api'}, path: '/spec/replicas', from: 2, to: 3}])).rejects.toThrow(
			'Deployment/prod/api is not rendered from the source',
		);
	});
});
