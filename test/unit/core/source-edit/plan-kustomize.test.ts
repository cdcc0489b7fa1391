import {afterAll, describe, expect, it} from 'vitest';
import type {EditPlan} from '../../../../source/core/source-edit/edit-types.js';
import {planFieldChanges} from '../../../../source/core/source-edit/plan-field-changes.js';
import {removeSourceTrees, sourceTree} from './support/source-trees.js';

afterAll(removeSourceTrees);

const prodWeb = {group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'prod-web'};
const devWeb = {group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'dev-web'};
const image = '/spec/template/spec/containers/0/image';
const prod = 'kustomize/overlays/prod/kustomization.yaml';
const after = (plan: EditPlan, file: string) => plan.files.find(change => change.path === file)?.after;

describe('Kustomize: images through images:, other fields through the patch that sets them', () => {
	it('changes the tag of the images entry that produces the image, keeping its comment', async () => {
		const tree = sourceTree();
		const plan = await planFieldChanges(await tree.workspace({path: 'kustomize/overlays/prod'}), [
			{object: prodWeb, path: image, from: 'nginx:1.27', to: 'nginx:1.29'},
		]);
		expect(plan.files.map(file => file.path)).toEqual([prod]);
		expect(after(plan, prod)).toBe(tree.fixture(prod).replace('newTag: "1.27" # promoted from dev', 'newTag: "1.29" # promoted from dev'));
		expect(plan.placed[0]).toMatchObject({file: prod, via: 'images entry nginx'});
	});

	it('adds newName to the entry for a new repository, as kustomize edit set image writes it', async () => {
		const tree = sourceTree();
		const plan = await planFieldChanges(await tree.workspace({path: 'kustomize/overlays/prod'}), [
			{object: prodWeb, path: image, from: 'nginx:1.27', to: 'ghcr.io/acme/nginx:1.27'},
		]);
		expect(after(plan, prod)).toBe(
			tree
				.fixture(prod)
				.replace('    newTag: "1.27" # promoted from dev\n', '    newTag: "1.27" # promoted from dev\n    newName: ghcr.io/acme/nginx\n'),
		);
	});

	it('adds an images entry when the kustomization has none for the image', async () => {
		const tree = sourceTree();
		const base = 'kustomize/base/kustomization.yaml';
		const plan = await planFieldChanges(await tree.workspace({path: 'kustomize/base'}), [
			{object: {...prodWeb, name: 'web'}, path: image, from: 'nginx:1.27', to: 'nginx:1.30'},
		]);
		expect(after(plan, base)).toBe(`${tree.fixture(base)}images:\n  - name: nginx\n    newTag: "1.30"\n`);
		expect(plan.placed[0]?.via).toBe('new images entry nginx');
	});

	it('changes the replicas in the inline JSON patch that sets them', async () => {
		const tree = sourceTree();
		const plan = await planFieldChanges(await tree.workspace({path: 'kustomize/overlays/prod'}), [
			{object: prodWeb, path: '/spec/replicas', from: 2, to: 5},
		]);
		expect(after(plan, prod)).toBe(tree.fixture(prod).replace('        value: 2\n', '        value: 5\n'));
		expect(plan.placed[0]?.via).toBe('patches[0]');
	});

	it('writes a new strategic-merge patch in the overlay when no patch sets the field', async () => {
		const tree = sourceTree();
		const dev = 'kustomize/overlays/dev/kustomization.yaml';
		const plan = await planFieldChanges(await tree.workspace({path: 'kustomize/overlays/dev'}), [
			{object: devWeb, path: '/spec/replicas', from: 1, to: 4},
		]);
		expect(plan.files.map(file => [file.path, file.before === null])).toEqual([
			['kustomize/overlays/dev/deployment-web-patch.yaml', true],
			[dev, false],
		]);
		expect(after(plan, 'kustomize/overlays/dev/deployment-web-patch.yaml')).toBe(
			'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 4\n',
		);
		expect(after(plan, dev)).toBe(`${tree.fixture(dev)}patches:\n  - path: deployment-web-patch.yaml\n`);
		expect(plan.files[0]?.diff).toMatch(
			/^--- \/dev\/null\n\+\+\+ b\/kustomize\/overlays\/dev\/deployment-web-patch.yaml\n@@ -0,0 \+1,6 @@\n/,
		);
	});

	it('merges a container field into the new patch by the container name', async () => {
		const tree = sourceTree();
		const plan = await planFieldChanges(await tree.workspace({path: 'kustomize/overlays/dev'}), [
			{object: devWeb, path: '/spec/template/spec/containers/0/ports/0/name', from: undefined, to: 'http'},
		]);
		expect(after(plan, 'kustomize/overlays/dev/deployment-web-patch.yaml')).toBe(
			[
				'apiVersion: apps/v1',
				'kind: Deployment',
				'metadata:',
				'  name: web',
				'spec:',
				'  template:',
				'    spec:',
				'      containers:',
				'        - name: web',
				'          ports:',
				'            - containerPort: 80',
				'              name: http',
				'',
			].join('\n'),
		);
	});

	it('refuses an image change the images entry cannot make without changing another container', async () => {
		const tree = sourceTree();
		tree.write(
			'kustomize/base/deployment.yaml',
			tree
				.fixture('kustomize/base/deployment.yaml')
				.replace('          ports:\n', '          ports:\n')
				.concat('        - name: side\n          image: nginx:1.27\n'),
		);
		const workspace = await tree.workspace({path: 'kustomize/overlays/prod'});
		await expect(planFieldChanges(workspace, [{object: prodWeb, path: image, from: 'nginx:1.27', to: 'nginx:1.29'}])).rejects.toThrow(
			/^cannot place spec\.template\.spec\.containers\[0\]\.image of Deployment\/prod\/prod-web in kustomize\/overlays\/prod\/kustomization\.yaml exactly: images entry nginx would also change Deployment\/prod-web spec\.template\.spec\.containers\[1\]\.image \("nginx:1\.27" → "nginx:1\.29"\)/,
		);
	});
});
