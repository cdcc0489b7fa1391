import {afterAll, describe, expect, it} from 'vitest';
import type {KubeObject} from '../../../../source/core/kube-object.js';
import type {EditPlan} from '../../../../source/core/source-edit/edit-types.js';
import {planKeep} from '../../../../source/core/source-edit/plan-keep.js';
import {planPromotion} from '../../../../source/core/source-edit/plan-promote.js';
import {removeSourceTrees, sourceTree} from './support/source-trees.js';

afterAll(removeSourceTrees);

const after = (plan: EditPlan, file: string) => plan.files.find(change => change.path === file)?.after;

describe('promote', () => {
	it("between two Kustomize overlays: the target overlay gets the source overlay's image", async () => {
		const tree = sourceTree();
		const prod = 'kustomize/overlays/prod/kustomization.yaml';
		const promotion = await planPromotion(
			await tree.workspace({path: 'kustomize/overlays/dev'}),
			await tree.workspace({path: 'kustomize/overlays/prod'}),
		);
		expect(promotion.plan.files.map(file => file.path)).toEqual([prod]);
		expect(after(promotion.plan, prod)).toBe(
			tree.fixture(prod).replace('newTag: "1.27" # promoted from dev', 'newTag: "1.28" # promoted from dev'),
		);
		expect(promotion.unmatched).toEqual([]);
	});

	it("between two value files, with --values: the image tag and the chosen value, in the target's own file", async () => {
		const tree = sourceTree();
		const prod = 'helm/web/values-prod.yaml';
		const promotion = await planPromotion(
			await tree.workspace({path: 'helm/web', helm: {valueFiles: ['values-dev.yaml']}}),
			await tree.workspace({path: 'helm/web', helm: {valueFiles: ['values-prod.yaml']}}),
			['replicaCount'],
		);
		expect(promotion.plan.files.map(file => file.path)).toEqual([prod]);
		expect(after(promotion.plan, prod)).toBe(
			tree
				.fixture(prod)
				.replace('replicaCount: 2', 'replicaCount: 3')
				.replace('tag: "1.27" # promoted from dev', 'tag: "1.28" # promoted from dev'),
		);
		expect(promotion.copies).toEqual([{key: 'replicaCount', value: 3, file: prod}]);
		expect(promotion.plan.placed.map(placed => placed.via)).toEqual(['value image.tag']);
	});

	it('refuses --values for Kustomize, and a target with no value file of its own', async () => {
		const tree = sourceTree();
		await expect(
			planPromotion(await tree.workspace({path: 'kustomize/overlays/dev'}), await tree.workspace({path: 'kustomize/overlays/prod'}), [
				'replicaCount',
			]),
		).rejects.toThrow('--values copies Helm values; these environments are not Helm charts');
		await expect(
			planPromotion(
				await tree.workspace({path: 'helm/web', helm: {valueFiles: ['values-dev.yaml']}}),
				await tree.workspace({path: 'helm/web', helm: {valueFiles: ['values-dev.yaml']}}),
			),
		).rejects.toThrow('the target environment has no value file of its own (it uses helm/web/values-dev.yaml)');
	});
});

describe('keep: the live values go to the files that produce them', () => {
	const drifted = (desired: KubeObject, changes: Record<string, unknown>) => {
		const live = structuredClone(desired) as KubeObject & {
			spec: {replicas: number; template: {spec: {containers: Array<{image: string}>}}};
		};
		if ('replicas' in changes) live.spec.replicas = changes['replicas'] as number;
		const container = live.spec.template.spec.containers[0];
		if ('image' in changes && container) container.image = changes['image'] as string;
		return {
			desired,
			live,
			paths: Object.keys(changes).map(key => (key === 'replicas' ? '/spec/replicas' : '/spec/template/spec/containers/0/image')),
			attribution: [],
		};
	};

	it('a scaled replica count and a hand-set image, in plain YAML', async () => {
		const tree = sourceTree();
		const workspace = await tree.workspace({path: 'plain'});
		const desired = (await workspace.render()).objects.find(object => object.kind === 'Deployment') as KubeObject;
		const plan = await planKeep(workspace, drifted(desired, {replicas: 6, image: 'nginx:1.27-hotfix'}));
		expect(after(plan, 'plain/app.yaml')).toBe(
			tree.fixture('plain/app.yaml').replace('  replicas: 2\n', '  replicas: 6\n').replace('"nginx:1.27"', '"nginx:1.27-hotfix"'),
		);
	});

	it('a scaled replica count in a Helm chart goes to the value file', async () => {
		const tree = sourceTree();
		const workspace = await tree.workspace({path: 'helm/web', helm: {valueFiles: ['values-prod.yaml']}});
		const desired = (await workspace.render()).objects[0] as KubeObject;
		const plan = await planKeep(workspace, drifted(desired, {replicas: 4}));
		expect(after(plan, 'helm/web/values-prod.yaml')).toBe(
			tree.fixture('helm/web/values-prod.yaml').replace('replicaCount: 2', 'replicaCount: 4'),
		);
	});

	it('a hand-set image in a Kustomize overlay goes to its images entry', async () => {
		const tree = sourceTree();
		const workspace = await tree.workspace({path: 'kustomize/overlays/prod'});
		const desired = (await workspace.render()).objects[0] as KubeObject;
		const plan = await planKeep(workspace, drifted(desired, {image: 'nginx:1.27-hotfix'}));
		const prod = 'kustomize/overlays/prod/kustomization.yaml';
		expect(after(plan, prod)).toBe(tree.fixture(prod).replace('newTag: "1.27"', 'newTag: "1.27-hotfix"'));
	});
});
