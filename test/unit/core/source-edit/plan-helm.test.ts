import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {EditPlan} from '../../../../source/core/source-edit/edit-types.js';
import {planFieldChanges} from '../../../../source/core/source-edit/plan-field-changes.js';
import {findTool} from '../../../../source/render/find-tool.js';
import {removeSourceTrees, sourceTree} from './support/source-trees.js';

beforeAll(async () => {
	// Fail, not skip: the Helm planner is only meaningful with the real helm.
	await findTool('helm').catch((error: unknown) => {
		throw new Error(`helm was not found (${String(error)}). Run \`npm run cluster:build\` to build it into the project cache.`);
	});
});
afterAll(removeSourceTrees);

const web = {group: 'apps', kind: 'Deployment', namespace: 'prod', name: 'web'};
const prodValues = 'helm/web/values-prod.yaml';
const chart = {path: 'helm/web', helm: {valueFiles: ['values-prod.yaml']}};
const after = (plan: EditPlan, file: string) => plan.files.find(change => change.path === file)?.after;

describe("Helm: the value that fills the field, found by a probe render, in the app's value file", () => {
	it("changes the image tag in the environment's value file, keeping its quotes and comment", async () => {
		const tree = sourceTree();
		const plan = await planFieldChanges(await tree.workspace(chart), [
			{object: web, path: '/spec/template/spec/containers/0/image', from: 'nginx:1.27', to: 'nginx:1.29'},
		]);
		expect(plan.files.map(file => file.path)).toEqual([prodValues]);
		expect(after(plan, prodValues)).toBe(
			tree.fixture(prodValues).replace('tag: "1.27" # promoted from dev', 'tag: "1.29" # promoted from dev'),
		);
		expect(plan.placed[0]).toMatchObject({file: prodValues, via: 'value image.tag'});
	});

	it('changes the replica count as a number', async () => {
		const tree = sourceTree();
		const plan = await planFieldChanges(await tree.workspace(chart), [{object: web, path: '/spec/replicas', from: 2, to: 5}]);
		expect(after(plan, prodValues)).toBe(tree.fixture(prodValues).replace('replicaCount: 2', 'replicaCount: 5'));
	});

	it('adds a value the environment file does not set yet (the repository), after its siblings', async () => {
		const tree = sourceTree();
		const plan = await planFieldChanges(await tree.workspace(chart), [
			{object: web, path: '/spec/template/spec/containers/0/image', from: 'nginx:1.27', to: 'ghcr.io/acme/nginx:1.27'},
		]);
		expect(after(plan, prodValues)).toBe(
			tree
				.fixture(prodValues)
				.replace('  tag: "1.27" # promoted from dev\n', '  tag: "1.27" # promoted from dev\n  repository: ghcr.io/acme/nginx\n'),
		);
		expect(plan.placed[0]?.via).toBe('value image.repository');
	});

	it("writes the chart's values.yaml when the app has no value file", async () => {
		const tree = sourceTree();
		const plan = await planFieldChanges(await tree.workspace({path: 'helm/web'}), [{object: web, path: '/spec/replicas', from: 1, to: 3}]);
		expect(after(plan, 'helm/web/values.yaml')).toBe(tree.fixture('helm/web/values.yaml').replace('replicaCount: 1', 'replicaCount: 3'));
	});

	it('sets a value a default fills while it is empty (tag: "" -> .Chart.AppVersion)', async () => {
		const tree = sourceTree();
		const template = 'helm/web/templates/deployment.yaml';
		tree.write(template, tree.read(template).replace('{{ .Values.image.tag }}', '{{ .Values.image.tag | default .Chart.AppVersion }}'));
		tree.write('helm/web/values.yaml', tree.read('helm/web/values.yaml').replace('tag: "1.27"', 'tag: ""'));
		const plan = await planFieldChanges(await tree.workspace({path: 'helm/web'}), [
			{object: web, path: '/spec/template/spec/containers/0/image', from: 'nginx:1.27', to: 'nginx:1.28'},
		]);
		expect(after(plan, 'helm/web/values.yaml')).toBe(tree.read('helm/web/values.yaml').replace('tag: ""', 'tag: "1.28"'));
	});

	it('refuses a field no value maps to, and changes nothing', async () => {
		const tree = sourceTree();
		const workspace = await tree.workspace(chart);
		await expect(
			planFieldChanges(workspace, [
				{object: web, path: '/spec/template/spec/containers/1/image', from: 'busybox:1.36', to: 'busybox:1.37'},
			]),
		).rejects.toMatchObject({
			code: 'edit-refused',
			message: 'no chart value maps to spec.template.spec.containers[1].image of Deployment/prod/web',
			hint: 'nothing was written; the chart writes this field itself, so change the chart',
		});
		expect(tree.read(prodValues)).toBe(tree.fixture(prodValues));
	});

	it('refuses a value shared with another field', async () => {
		const tree = sourceTree();
		const template = 'helm/web/templates/deployment.yaml';
		tree.write(template, tree.read(template).replace('image: busybox:1.36', 'image: "busybox:{{ .Values.image.tag }}"'));
		const workspace = await tree.workspace(chart);
		await expect(
			planFieldChanges(workspace, [{object: web, path: '/spec/template/spec/containers/0/image', from: 'nginx:1.27', to: 'nginx:1.29'}]),
		).rejects.toThrow(
			'setting image.tag in helm/web/values-prod.yaml would also change Deployment/web spec.template.spec.containers[1].image ("busybox:1.27" → "busybox:1.29")',
		);
	});
});
