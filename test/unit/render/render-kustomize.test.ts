import {afterAll, describe, expect, it} from 'vitest';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {renderSource} from '../../../source/render/render-source.js';
import {fixture, removeTempSources, tempSource, withEnv} from './fixture-paths.js';

afterAll(removeTempSources);

function find(objects: KubeObject[], kind: string): KubeObject {
	const found = objects.find(object => object.kind === kind);
	if (!found) throw new Error(`no ${kind} in ${JSON.stringify(objects.map(object => object.kind))}`);
	return found;
}

describe('kustomize sources (real kubectl kustomize)', () => {
	it('builds the base', async () => {
		const result = await renderSource({dir: fixture('kustomize', 'base')});
		expect(result.sourceType).toBe('kustomize');
		expect(result.files).toBeUndefined();
		expect(result.objects.map(object => `${object.kind}/${object.metadata.name}`).sort()).toEqual(['Deployment/api', 'Service/api']);
	});

	it('applies the overlay: namePrefix, namespace, commonLabels, images, patches', async () => {
		const result = await renderSource({dir: fixture('kustomize', 'overlays', 'staging'), repoRoot: fixture('kustomize')});
		expect(result.sourceType).toBe('kustomize');
		const deployment = find(result.objects, 'Deployment');
		expect(deployment.metadata).toMatchObject({name: 'staging-api', namespace: 'staging', labels: {env: 'staging'}});
		expect(deployment).toMatchObject({
			spec: {
				replicas: 3,
				selector: {matchLabels: {app: 'api', env: 'staging'}},
				template: {spec: {containers: [{name: 'api', image: 'registry.example.com/api:1.1.0'}]}},
			},
		});
		expect(find(result.objects, 'Service').metadata.name).toBe('staging-api');
		// kustomize's warnings on stderr (commonLabels is deprecated in v5) reach the user as notices.
		expect(result.notices.some(notice => notice.includes('commonLabels'))).toBe(true);
	});

	it('fails with render-failed and kustomize stderr when the build fails', async () => {
		const dir = tempSource({'kustomization.yaml': 'resources:\n  - missing-file.yaml\n'});
		const error: unknown = await renderSource({dir}).catch((caught: unknown) => caught);
		expect(error).toMatchObject({name: 'DriftwatchError', code: 'render-failed'});
		expect((error as Error).message).toContain('missing-file.yaml');
	});

	it('fails with tool-missing and an install hint when kubectl cannot be run', async () => {
		const error: unknown = await withEnv({DRIFTWATCH_KUBECTL: '/nonexistent/kubectl'}, () =>
			renderSource({dir: fixture('kustomize', 'base')}).catch((caught: unknown) => caught),
		);
		expect(error).toMatchObject({name: 'DriftwatchError', code: 'tool-missing'});
		expect((error as Error).message).toContain('/nonexistent/kubectl');
		expect((error as {hint: string}).hint).toContain('DRIFTWATCH_KUBECTL');
	});
});
