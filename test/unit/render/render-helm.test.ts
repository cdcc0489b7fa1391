import {execFileSync} from 'node:child_process';
import {cpSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {KubeObject} from '../../../source/core/kube-object.js';
import {findTool} from '../../../source/render/find-tool.js';
import {renderSource, type RenderRequest} from '../../../source/render/render-source.js';
import {fixture, removeTempSources, tempSource, withEnv} from './fixture-paths.js';

const chart = fixture('helm', 'web');

beforeAll(async () => {
	// Fail, not skip: without helm the Helm renderer is untested.
	try {
		await findTool('helm');
	} catch (error) {
		throw new Error(`helm was not found (${String(error)}). Run \`npm run cluster:build\` to build it into the project cache.`, {
			cause: error,
		});
	}
});
afterAll(removeTempSources);

async function render(request: Omit<RenderRequest, 'dir'> = {}): Promise<{deployment: KubeObject; service: KubeObject; notices: string[]}> {
	const result = await renderSource({dir: chart, ...request});
	expect(result.sourceType).toBe('helm');
	const deployment = result.objects.find(object => object.kind === 'Deployment');
	const service = result.objects.find(object => object.kind === 'Service');
	if (!deployment || !service) throw new Error('the chart renders a Deployment and a Service');
	return {deployment, service, notices: result.notices};
}

const image = (deployment: KubeObject) =>
	(deployment['spec'] as {template: {spec: {containers: Array<{image: string}>}}}).template.spec.containers[0]?.image;
const replicas = (deployment: KubeObject) => (deployment['spec'] as {replicas: number}).replicas;
const port = (service: KubeObject) => (service['spec'] as {ports: Array<{port: number}>}).ports[0]?.port;

describe('helm sources (real helm template)', () => {
	it('renders with the chart defaults, the app name as release and --namespace', async () => {
		const {deployment, service} = await render({appName: 'shop', namespace: 'prod'});
		expect(deployment.metadata.name).toBe('shop-web');
		expect(deployment.metadata.labels).toMatchObject({'app.kubernetes.io/instance': 'shop'});
		expect(replicas(deployment)).toBe(1);
		expect(image(deployment)).toBe('nginx:1.27');
		expect(service.metadata.namespace).toBe('prod');
		expect(deployment.metadata.namespace).toBeUndefined();
		expect(port(service)).toBe(80);
	});

	it('uses releaseName over the app name, and the directory name without either', async () => {
		expect((await render({appName: 'shop', helm: {releaseName: 'blue'}})).deployment.metadata.name).toBe('blue-web');
		expect((await render()).deployment.metadata.name).toBe('web-web');
	});

	it('applies value files relative to the chart, and absolute ones relative to the repository root (as Argo CD)', async () => {
		const {deployment, service} = await render({helm: {valueFiles: ['values-production.yaml']}});
		expect(replicas(deployment)).toBe(3);
		expect(port(service)).toBe(8080);
		const repo = tempSource({'chart/.keep': '', 'env/more.yaml': 'replicaCount: 6\n'});
		cpSync(chart, path.join(repo, 'chart'), {recursive: true});
		const result = await renderSource({
			dir: path.join(repo, 'chart'),
			repoRoot: repo,
			helm: {valueFiles: ['values-production.yaml', '/env/more.yaml']},
		});
		expect(replicas(result.objects.find(object => object.kind === 'Deployment') as KubeObject)).toBe(6);
		const upward = await renderSource({dir: path.join(repo, 'chart'), repoRoot: repo, helm: {valueFiles: ['../env/more.yaml']}});
		expect(replicas(upward.objects.find(object => object.kind === 'Deployment') as KubeObject)).toBe(6);
	});

	it('applies inline values after value files and parameters last, as Argo CD does', async () => {
		const helm = {valueFiles: ['values-production.yaml'], values: 'replicaCount: 4\nimage:\n  tag: "1.28"\n'};
		const withValues = await render({helm});
		expect(replicas(withValues.deployment)).toBe(4);
		expect(port(withValues.service)).toBe(8080);
		expect(image(withValues.deployment)).toBe('nginx:1.28');
		const withParameters = await render({helm: {...helm, parameters: [{name: 'replicaCount', value: '5'}]}});
		expect(replicas(withParameters.deployment)).toBe(5);
	});

	it('lets valuesObject replace values', async () => {
		const {deployment} = await render({helm: {values: 'replicaCount: 4\n', valuesObject: {image: {repository: 'httpd'}}}});
		expect(replicas(deployment)).toBe(1);
		expect(image(deployment)).toBe('httpd:1.27');
	});

	it('passes --set and --set-string, keeping commas inside a value', async () => {
		// helm reads `null` in --set as "delete the key"; --set-string keeps the text.
		const asValue = await render({helm: {parameters: [{name: 'image.tag', value: 'null'}]}});
		expect(image(asValue.deployment)).toBe('nginx:');
		const asString = await render({
			helm: {
				parameters: [
					{name: 'image.tag', value: 'null', forceString: true},
					{name: 'podAnnotations.team', value: 'web,payments'},
				],
			},
		});
		expect(image(asString.deployment)).toBe('nginx:null');
		expect(asString.deployment).toMatchObject({spec: {template: {metadata: {annotations: {team: 'web,payments'}}}}});
	});

	it('fails with render-failed and helm stderr when templating fails', async () => {
		const error: unknown = await render({helm: {parameters: [{name: 'image.repository', value: 'null'}]}}).catch(
			(caught: unknown) => caught,
		);
		expect(error).toMatchObject({name: 'DriftwatchError', code: 'render-failed'});
		expect((error as Error).message).toContain('image.repository is required');
		await expect(render({helm: {valueFiles: ['values-missing.yaml']}})).rejects.toMatchObject({code: 'render-failed'});
	});

	it('fails with tool-missing and the cluster:build hint when DRIFTWATCH_HELM points nowhere', async () => {
		const error: unknown = await withEnv({DRIFTWATCH_HELM: '/nonexistent/helm'}, () => render().catch((caught: unknown) => caught));
		expect(error).toMatchObject({name: 'DriftwatchError', code: 'tool-missing'});
		expect((error as {hint: string}).hint).toContain('npm run cluster:build');
	});
});

describe('finding helm', () => {
	it('falls back to the control-plane cache when helm is not on PATH', async () => {
		const buildScript = fileURLToPath(new URL('../../../scripts/control-plane/build.sh', import.meta.url));
		const cacheDir = execFileSync('bash', [buildScript, '--print-dir'], {encoding: 'utf8'}).trim();
		expect(await findTool('helm', {...process.env, PATH: '/nonexistent', DRIFTWATCH_HELM: ''})).toBe(path.join(cacheDir, 'bin', 'helm'));
	});

	it('prefers DRIFTWATCH_HELM, then PATH', async () => {
		expect(await findTool('helm', {DRIFTWATCH_HELM: '/opt/helm'})).toBe('/opt/helm');
		const bin = tempSource({});
		const onPath = path.join(bin, 'helm');
		execFileSync('ln', ['-s', '/bin/true', onPath]);
		expect(await findTool('helm', {PATH: `/nonexistent:${bin}`})).toBe(onPath);
	});

	it('reports tool-missing with the cluster:build hint when helm is nowhere', async () => {
		const empty = tempSource({});
		await expect(findTool('helm', {PATH: '/nonexistent', DRIFTWATCH_CONTROL_PLANE_DIR: empty})).rejects.toMatchObject({
			code: 'tool-missing',
			hint: expect.stringContaining('npm run cluster:build') as unknown,
		});
	});
});
