import {cpSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {appFromFlags} from '../../../source/core/app-from-flags.js';
import type {AppDefinition} from '../../../source/core/app-definition.js';
import {runPromote} from '../../../source/commands/promote-command.js';
import {runSetImage} from '../../../source/commands/set-image-command.js';
import type {SourceEditPorts} from '../../../source/commands/source-edit-session.js';
import {gitSources} from '../../../source/git/git-sources.js';
import {findTool} from '../../../source/render/find-tool.js';
import {openSourceWorkspace} from '../../../source/render/source-workspace.js';
import {git, isolateGitConfig, removeTempDirs, tempDir} from '../git/git-fixtures.js';
import {sourceEditFixtures} from '../core/source-edit/support/source-trees.js';
import {captureIo} from './capture-io.js';

let restore: () => void;
beforeAll(async () => {
	// Find helm while HOME is still the user's (the control-plane cache is under it), then isolate git.
	const helm = await findTool('helm').catch((error: unknown) => {
		throw new Error(`helm was not found (${String(error)}). Run \`npm run cluster:build\` to build it into the project cache.`);
	});
	const isolated = isolateGitConfig();
	const saved = process.env['DRIFTWATCH_HELM'];
	process.env['DRIFTWATCH_HELM'] = helm;
	restore = () => {
		isolated();
		if (saved === undefined) delete process.env['DRIFTWATCH_HELM'];
		else process.env['DRIFTWATCH_HELM'] = saved;
	};
});
afterAll(() => {
	restore();
	removeTempDirs();
});

/** A bare remote holding fixtures/source-edit, and a clone to look at it. */
function remote(): {bare: string; show(file: string): string; subjects(): string[]} {
	const work = tempDir('edit-work');
	git(work, 'init', '--quiet', '--initial-branch=main');
	cpSync(sourceEditFixtures, work, {recursive: true});
	git(work, 'add', '--all');
	git(work, 'commit', '--quiet', '-m', 'Add the apps');
	const bare = path.join(tempDir('edit-remote'), 'repo.git');
	git(path.dirname(bare), 'clone', '--quiet', '--bare', work, bare);
	return {
		bare,
		show: file => `${git(bare, 'show', `main:${file}`)}\n`,
		subjects: () => git(bare, 'log', '--format=%s', 'main').split('\n'),
	};
}

function ports(answer: boolean | 'no terminal' = true): SourceEditPorts & {asked: string[]} {
	const asked: string[] = [];
	return {
		repository: gitSources({cacheRoot: tempDir('edit-cache')}),
		workspace: openSourceWorkspace,
		interactive: answer !== 'no terminal',
		confirm: question => {
			asked.push(question);
			return Promise.resolve(answer === true);
		},
		asked,
	};
}

function app(flags: Parameters<typeof appFromFlags>[0]): AppDefinition {
	const {app: defined, errors} = appFromFlags({namespace: 'prod', ...flags});
	if (!defined) throw new Error(errors.map(error => error.message).join('; '));
	return defined;
}

const text = {yes: false, dryRun: false, output: 'text' as const};

describe('driftwatch set-image', () => {
	it('shows the diff, asks, then commits and pushes', async () => {
		const repo = remote();
		const io = captureIo();
		const edit = ports(true);
		const code = await runSetImage(
			{...text, apps: [app({repo: repo.bare, path: 'plain', name: 'shop'})], assignments: ['web=nginx:1.28'], resources: []},
			edit,
			io,
		);
		expect(io.stderr()).toBe('');
		expect(code).toBe(0);
		expect(edit.asked).toEqual([`Commit this to main of ${repo.bare} and push?`]);
		const lines = io.stdout().split('\n');
		expect(lines.slice(0, 4)).toEqual(['--- a/plain/app.yaml', '+++ b/plain/app.yaml', '@@ -17,7 +17,7 @@', '     spec:']);
		expect(lines).toContain('-        image: "nginx:1.27"   # pinned by the platform team');
		expect(lines).toContain('+        image: "nginx:1.28"   # pinned by the platform team');
		expect(lines).toContain('Deployment/web spec.template.spec.containers[0].image: nginx:1.27 → nginx:1.28  in plain/app.yaml (in place)');
		expect(lines.at(-1)).toMatch(
			new RegExp(`^set-image: [0-9a-f]{7} "Set image web=nginx:1.28 in Deployment/web" pushed to main of ${repo.bare}$`),
		);
		expect(repo.subjects()[0]).toBe('Set image web=nginx:1.28 in Deployment/web');
		expect(repo.show('plain/app.yaml')).toContain('image: "nginx:1.28"   # pinned by the platform team');
		expect(git(repo.bare, 'log', '-1', '--format=%b', 'main')).toBe(
			[
				'- Deployment/web spec.template.spec.containers[0].image: nginx:1.27 → nginx:1.28',
				'  in plain/app.yaml (in place)',
				'',
				'Made with driftwatch set-image.',
			].join('\n'),
		);
	});

	it('writes nothing on --dry-run, when the answer is no, or when there is nobody to ask', async () => {
		const repo = remote();
		const request = {...text, apps: [app({repo: repo.bare, path: 'plain'})], assignments: ['web=nginx:1.28'], resources: []};
		const dry = captureIo();
		expect(await runSetImage({...request, dryRun: true}, ports(), dry)).toBe(0);
		expect(dry.stdout()).toMatch(/dry run: nothing was written$/);
		const declined = captureIo();
		expect(await runSetImage(request, ports(false), declined)).toBe(1);
		expect(declined.stdout()).toMatch(/nothing was written$/);
		const piped = captureIo();
		expect(await runSetImage(request, ports('no terminal'), piped)).toBe(2);
		expect(piped.stderr()).toBe('driftwatch set-image: set-image needs --yes (or --dry-run) when standard input is not a terminal');
		expect(repo.subjects()).toEqual(['Add the apps']);
	});

	it('writes nothing with --read-only, even with --yes; --read-only --dry-run still shows the change', async () => {
		const repo = remote();
		const request = {...text, apps: [app({repo: repo.bare, path: 'plain'})], assignments: ['web=nginx:1.28'], resources: []};
		const refused = captureIo();
		expect(await runSetImage({...request, yes: true, readOnly: true}, ports(), refused)).toBe(2);
		expect(refused.stderr()).toBe(
			'driftwatch set-image: set-image writes to Git, and --read-only writes nothing: drop --read-only, or add --dry-run to see the change',
		);
		const dry = captureIo();
		expect(await runSetImage({...request, dryRun: true, readOnly: true}, ports(), dry)).toBe(0);
		expect(dry.stdout()).toMatch(/dry run: nothing was written$/);
		const apps = [
			app({repo: repo.bare, path: 'kustomize/overlays/dev', name: 'web-dev'}),
			app({repo: repo.bare, path: 'kustomize/overlays/prod', name: 'web-prod'}),
		];
		const promote = captureIo();
		const promoteRequest = {...text, yes: true, readOnly: true, apps, fromManifests: true, from: 'dev', to: 'prod', keys: []};
		expect(await runPromote(promoteRequest, ports(), promote)).toBe(2);
		expect(promote.stderr()).toContain('promote writes to Git, and --read-only writes nothing');
		expect(repo.subjects()).toEqual(['Add the apps']);
	});

	it('prints JSON with the changes, the diff and the pushed commit', async () => {
		const repo = remote();
		const io = captureIo();
		const code = await runSetImage(
			{
				yes: true,
				dryRun: false,
				output: 'json',
				apps: [app({repo: repo.bare, path: 'kustomize/overlays/prod', name: 'web-prod'})],
				assignments: ['web=nginx:1.29'],
				resources: [],
			},
			ports(),
			io,
		);
		expect(code).toBe(0);
		const result = JSON.parse(io.stdout()) as Record<string, unknown>;
		expect(result).toMatchObject({
			action: 'set-image',
			ok: true,
			app: 'web-prod',
			repo: repo.bare,
			branch: 'main',
			dryRun: false,
			pushed: true,
			rebased: false,
			changes: [
				{
					object: {group: 'apps', kind: 'Deployment', namespace: '', name: 'prod-web'},
					path: '/spec/template/spec/containers/0/image',
					from: 'nginx:1.27',
					to: 'nginx:1.29',
					file: 'kustomize/overlays/prod/kustomization.yaml',
					via: 'images entry nginx',
				},
			],
			files: [
				{
					path: 'kustomize/overlays/prod/kustomization.yaml',
					created: false,
					diff: expect.stringContaining('+    newTag: "1.29" # promoted from dev') as unknown,
				},
			],
			commit: {sha: git(repo.bare, 'rev-parse', 'main'), subject: 'Set image web=nginx:1.29 in Deployment/prod-web'},
		});
	});

	it('refuses with the reason and exit 1, and usage errors with exit 2', async () => {
		const repo = remote();
		const request = {...text, yes: true, apps: [app({repo: repo.bare, path: 'helm/web', values: ['values-prod.yaml']})], resources: []};
		const refused = captureIo();
		expect(await runSetImage({...request, assignments: ['log=busybox:1.37']}, ports(), refused)).toBe(1);
		expect(refused.stderr()).toBe(
			'driftwatch set-image: no chart value maps to spec.template.spec.containers[1].image of Deployment/web (nothing was written; the chart writes this field itself, so change the chart)',
		);
		const usage = captureIo();
		expect(await runSetImage({...request, assignments: ['web:1.28']}, ports(), usage)).toBe(2);
		expect(usage.stderr()).toBe('driftwatch set-image: "web:1.28" is not CONTAINER=IMAGE:TAG');
		expect(repo.subjects()).toEqual(['Add the apps']);
	});

	it('refuses when a colleague pushes a change to the same lines while the question is open', async () => {
		const repo = remote();
		const colleague = tempDir('colleague');
		git(colleague, 'clone', '--quiet', repo.bare, '.');
		const edit = ports(true);
		edit.confirm = () => {
			const file = path.join(colleague, 'plain/app.yaml');
			writeFileSync(file, readFileSync(file, 'utf8').replace('"nginx:1.27"', '"nginx:1.26"'));
			git(colleague, 'commit', '--quiet', '-am', 'Roll back to 1.26');
			git(colleague, 'push', '--quiet', 'origin', 'main');
			return Promise.resolve(true);
		};
		const io = captureIo();
		const request = {...text, apps: [app({repo: repo.bare, path: 'plain'})], assignments: ['web=nginx:1.28'], resources: []};
		expect(await runSetImage(request, edit, io)).toBe(1);
		expect(io.stderr()).toBe(
			`driftwatch set-image: main of ${repo.bare} changed plain/app.yaml since the edit was planned, on the same lines (nothing was pushed; run the command again to plan on the new head)`,
		);
		expect(repo.subjects()[0]).toBe('Roll back to 1.26');
	});

	it('shows control characters from the repository as escapes, never as terminal sequences', async () => {
		const work = tempDir('hostile');
		git(work, 'init', '--quiet', '--initial-branch=main');
		mkdirSync(path.join(work, 'app'));
		writeFileSync(
			path.join(work, 'app/deploy.yaml'),
			'# \u001b]0;owned\u0007 title\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
		);
		git(work, 'add', '--all');
		git(work, 'commit', '--quiet', '-m', 'hostile');
		const io = captureIo();
		expect(
			await runSetImage(
				{...text, dryRun: true, apps: [app({repo: work, path: 'app'})], assignments: ['web=nginx:1.28'], resources: []},
				ports(),
				io,
			),
		).toBe(0);
		expect(io.stdout()).not.toContain('\u001b');
		expect(io.stdout()).not.toContain('\u0007');
	});
});

describe('driftwatch promote', () => {
	it('between two Kustomize overlays named by Application', async () => {
		const repo = remote();
		const apps = [
			app({repo: repo.bare, path: 'kustomize/overlays/dev', name: 'web-dev'}),
			app({repo: repo.bare, path: 'kustomize/overlays/prod', name: 'web-prod'}),
		];
		const io = captureIo();
		const code = await runPromote({...text, yes: true, apps, fromManifests: true, from: 'dev', to: 'prod', keys: []}, ports(), io);
		expect(io.stderr()).toBe('');
		expect(code).toBe(0);
		expect(repo.subjects()[0]).toBe('Promote dev to prod: nginx:1.28');
		expect(repo.show('kustomize/overlays/prod/kustomization.yaml')).toContain('    newTag: "1.28" # promoted from dev\n');
	});

	it('between two value files of a chart given by --repo flags, with --values', async () => {
		const repo = remote();
		const io = captureIo();
		const code = await runPromote(
			{
				...text,
				yes: true,
				apps: [app({repo: repo.bare, path: 'helm/web', name: 'web'})],
				fromManifests: false,
				from: 'values-dev.yaml',
				to: 'values-prod.yaml',
				keys: ['replicaCount'],
			},
			ports(),
			io,
		);
		expect(io.stderr()).toBe('');
		expect(code).toBe(0);
		expect(io.stdout()).toContain('value replicaCount copied from values-dev.yaml, in helm/web/values-prod.yaml');
		expect(repo.subjects()[0]).toBe('Promote values-dev.yaml to values-prod.yaml: nginx:1.28, replicaCount');
		expect(repo.show('helm/web/values-prod.yaml')).toBe(
			'# Production: changes here go through review.\nreplicaCount: 3\nimage:\n  tag: "1.28" # promoted from dev\n',
		);
	});

	it('refuses environments it cannot find, and the same environment twice', async () => {
		const repo = remote();
		const apps = [app({repo: repo.bare, path: 'kustomize/overlays/dev', name: 'web-dev'})];
		const missing = captureIo();
		expect(await runPromote({...text, yes: true, apps, fromManifests: true, from: 'dev', to: 'prod', keys: []}, ports(), missing)).toBe(1);
		expect(missing.stderr()).toBe('driftwatch promote: no Application is environment "prod" (named prod or *-prod; apps: web-dev)');
		const flags = {...text, yes: true, apps: [app({repo: repo.bare, path: 'kustomize/overlays'})], fromManifests: false, keys: []};
		const same = captureIo();
		expect(await runPromote({...flags, from: 'dev', to: 'dev'}, ports(), same)).toBe(2);
		expect(same.stderr()).toBe('driftwatch promote: --from and --to name the same environment');
		const spelled = captureIo();
		expect(await runPromote({...flags, from: 'dev', to: '../overlays/dev'}, ports(), spelled)).toBe(1);
		expect(spelled.stderr()).toBe('driftwatch promote: --from dev and --to ../overlays/dev are the same environment');
		const outside = captureIo();
		expect(await runPromote({...flags, from: 'dev', to: '../../../etc'}, ports(), outside)).toBe(1);
		expect(outside.stderr()).toBe('driftwatch promote: "../../../etc" is not a path inside the repository');
		expect(repo.subjects()).toEqual(['Add the apps']);
	});
});
