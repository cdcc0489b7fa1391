/**
 * The demo repository: made from fixtures/demo as a bare remote and a working clone, with the
 * Applications pointed at the remote; the lab's Application reads as-is, its Helm chart renders
 * with the real helm, and the plain-YAML variant holds the same objects.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {loadAppFiles} from '../../../source/config/load-app-files.js';
import {controlPlaneCacheKeyDir} from '../../../source/control-plane/locate.js';
import {demoApplicationFile, demoPlainApplicationFile, demoRepoIn, ensureDemoRepo} from '../../../source/git/demo-repo.js';
import {renderAppSource} from '../../../source/render/render-app-source.js';
import {isolateGitConfig, removeTempDirs, tempDir} from './git-fixtures.js';

let restore: () => void;
let savedDir: string | undefined;

beforeAll(() => {
	// helm is found through the control-plane cache, which HOME would move: pin it first.
	savedDir = process.env['DRIFTWATCH_CONTROL_PLANE_DIR'];
	process.env['DRIFTWATCH_CONTROL_PLANE_DIR'] = controlPlaneCacheKeyDir();
	restore = isolateGitConfig();
});
afterAll(() => {
	restore();
	if (savedDir === undefined) delete process.env['DRIFTWATCH_CONTROL_PLANE_DIR'];
	else process.env['DRIFTWATCH_CONTROL_PLANE_DIR'] = savedDir;
	removeTempDirs();
});

const names = (objects: Array<{kind: string; metadata: {name: string}}>) =>
	objects.map(object => `${object.kind}/${object.metadata.name}`).sort();

describe('the demo repository', () => {
	it('is a bare remote with one commit and a clone of it; the Applications point at the remote', async () => {
		const repo = await ensureDemoRepo(demoRepoIn(path.join(tempDir('demo'), 'git')));
		expect(execFileSync('git', ['-C', repo.remote, 'rev-parse', '--is-bare-repository'], {encoding: 'utf8'}).trim()).toBe('true');
		expect(execFileSync('git', ['-C', repo.workdir, 'log', '--format=%an: %s'], {encoding: 'utf8'}).trim()).toBe(
			'driftwatch demo: counter demo: Flask web counter on Redis (Helm chart, values per environment, plain YAML)',
		);
		expect(execFileSync('git', ['-C', repo.workdir, 'status', '--porcelain'], {encoding: 'utf8'})).toBe('');
		const application = readFileSync(path.join(repo.workdir, demoApplicationFile), 'utf8');
		expect(application).toContain(`repoURL: ${repo.remote}\n`);
		// Comments of the manifest are kept.
		expect(application).toContain('# The demo app as Argo CD reads it.');
		for (const file of ['chart/Chart.yaml', 'chart/values-dev.yaml', 'chart/values-prod.yaml', 'plain/web-deployment.yaml', 'src/app.py']) {
			expect(existsSync(path.join(repo.workdir, file)), file).toBe(true);
		}
	});

	it('leaves existing repositories alone', async () => {
		const paths = demoRepoIn(path.join(tempDir('demo-again'), 'git'));
		await ensureDemoRepo(paths);
		execFileSync('git', ['-C', paths.workdir, '-c', 'user.name=x', '-c', 'user.email=x@x', 'commit', '-q', '--allow-empty', '-m', 'mine']);
		await ensureDemoRepo(paths);
		expect(execFileSync('git', ['-C', paths.workdir, 'log', '-1', '--format=%s'], {encoding: 'utf8'}).trim()).toBe('mine');
	});

	it("the lab's Application: the chart with dev values, automated sync with self-heal and prune, CreateNamespace, retry", async () => {
		const repo = await ensureDemoRepo(demoRepoIn(path.join(tempDir('demo-app'), 'git')));
		const loaded = await loadAppFiles([path.join(repo.workdir, demoApplicationFile), path.join(repo.workdir, demoPlainApplicationFile)]);
		expect(loaded.errors).toEqual([]);
		const [app, plain] = loaded.apps;
		expect(app).toMatchObject({
			name: 'counter',
			destination: {namespace: 'counter', server: 'https://kubernetes.default.svc'},
			sources: [{repoURL: repo.remote, path: 'chart', targetRevision: 'main', helm: {valueFiles: ['values-dev.yaml']}}],
			syncPolicy: {automated: {prune: true, selfHeal: true}, syncOptions: {createNamespace: true}, retry: {limit: 5}},
		});
		expect(plain).toMatchObject({name: 'counter-plain', sources: [{path: 'plain'}], syncPolicy: {automated: null}});

		const chart = await renderAppSource(repo.workdir, app!.sources[0]!, 'counter', 'counter');
		const plainObjects = await renderAppSource(repo.workdir, plain!.sources[0]!, 'counter-plain', 'counter-plain');
		expect(chart.sourceType).toBe('helm');
		expect(names(chart.objects)).toEqual(['ConfigMap/web-config', 'Deployment/redis', 'Deployment/web', 'Service/redis', 'Service/web']);
		expect(names(plainObjects.objects)).toEqual(names(chart.objects));
		const web = chart.objects.find(object => object.kind === 'Deployment' && object.metadata.name === 'web') as unknown as {
			spec: {replicas: number; template: {spec: {containers: Array<{image: string}>}}};
		};
		expect(web.spec.replicas).toBe(2);
		expect(web.spec.template.spec.containers[0]?.image).toBe('registry.example/driftwatch/flask-counter:1.0.0');
		const config = chart.objects.find(object => object.kind === 'ConfigMap') as unknown as {data: Record<string, string>};
		expect(config.data).toEqual({GREETING: 'Hello from dev', REDIS_HOST: 'redis', REDIS_PORT: '6379'});
	});
});
