/**
 * Hostile repository locations and revisions against the real git: nothing an Application writes
 * becomes a git option or a transport that runs a program. A command injection would create the
 * `pwned` file; it must never exist, and each value is refused with a clear error.
 */
import {execFileSync} from 'node:child_process';
import {chmodSync, existsSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {parseApplications} from '../../../source/core/parse-application.js';
import {appFromFlags} from '../../../source/core/app-from-flags.js';
import {GitSource} from '../../../source/git/git-source.js';
import {isolateGitConfig, makeRemote, makeWorkingRepo, removeTempDirs, tempDir} from './git-fixtures.js';

let restore: () => void;
let scratch = '';
let pwned = '';
beforeAll(() => {
	restore = isolateGitConfig();
});
afterAll(() => {
	restore();
	removeTempDirs();
});
afterEach(() => {
	expect(existsSync(pwned)).toBe(false);
});

function freshScratch(): void {
	scratch = tempDir('hostile');
	pwned = path.join(scratch, 'pwned');
}

const failure = (promise: Promise<unknown>) =>
	promise.then(
		() => undefined,
		(error: unknown) => error,
	);

describe('hostile repository URLs', () => {
	it.each([
		['an option', (file: string) => `--upload-pack=touch ${file}`],
		['an ssh option', (file: string) => `-oProxyCommand=touch ${file}`],
		['the ext:: transport', (file: string) => `ext::sh -c touch% ${file}`],
		['the fd:: transport', () => 'fd::17'],
	])('refuses %s where it enters and in the adapter', (_name, url) => {
		freshScratch();
		const repoURL = url(pwned);
		expect(() => new GitSource({repo: repoURL, cacheRoot: scratch})).toThrow(expect.objectContaining({code: 'config-invalid'}));
		const parsed = parseApplications(
			[
				{
					apiVersion: 'argoproj.io/v1alpha1',
					kind: 'Application',
					metadata: {name: 'evil'},
					spec: {source: {repoURL}, destination: {server: 'https://kubernetes.default.svc', namespace: 'x'}},
				},
			],
			'apps.yaml',
		);
		expect(parsed.errors).toEqual([expect.objectContaining({field: 'spec.source.repoURL'})]);
		expect(appFromFlags({repo: repoURL}).errors).toEqual([expect.objectContaining({field: '--repo'})]);
	});

	it('never runs a remote helper program a URL scheme names (only file, git, http, https and ssh)', async () => {
		freshScratch();
		// `evil://host/repo` makes git run `git-remote-evil` from PATH: a program of the attacker's choosing.
		const helper = path.join(scratch, 'git-remote-evil');
		writeFileSync(helper, `#!/bin/sh\ntouch '${pwned}'\nexit 1\n`);
		chmodSync(helper, 0o755);
		const savedPath = process.env['PATH'];
		process.env['PATH'] = `${scratch}${path.delimiter}${savedPath ?? ''}`;
		try {
			const source = new GitSource({repo: 'evil://example.com/repo.git', cacheRoot: path.join(scratch, 'cache')});
			const error = await failure(source.prepare());
			expect(error).toMatchObject({code: 'git-failed'});
			expect((error as Error).message).toMatch(/transport 'evil' not allowed/u);
		} finally {
			process.env['PATH'] = savedPath;
		}
	});
});

describe('hostile revisions', () => {
	it.each(['--upload-pack=touch PWNED', '--output=PWNED', '-n', '--all'])('%s resolves to nothing, as git options never', async raw => {
		freshScratch();
		const revision = raw.replace('PWNED', pwned);
		for (const repo of [makeWorkingRepo().dir, makeRemote().bare]) {
			const source = new GitSource({repo, cacheRoot: path.join(scratch, 'cache')});
			expect(await failure(source.resolve(revision))).toMatchObject({code: 'revision-not-found'});
			expect(await failure(source.checkout(revision))).toMatchObject({code: 'revision-not-found'});
		}
		expect(existsSync(path.join(process.cwd(), 'PWNED'))).toBe(false);
	});

	it('is refused at parse time when it starts with "-" or holds spaces or control characters', () => {
		for (const targetRevision of ['--upload-pack=x', 'main branch', 'main\u001b[2J']) {
			const parsed = parseApplications(
				[
					{
						apiVersion: 'argoproj.io/v1alpha1',
						kind: 'Application',
						metadata: {name: 'evil'},
						spec: {
							source: {repoURL: 'https://example.com/r.git', targetRevision},
							destination: {server: 'https://kubernetes.default.svc', namespace: 'x'},
						},
					},
				],
				'apps.yaml',
			);
			expect(parsed.errors).toEqual([expect.objectContaining({field: 'spec.source.targetRevision'})]);
			expect(appFromFlags({repo: '/tmp/r', revision: targetRevision}).errors).toEqual([expect.objectContaining({field: '--revision'})]);
		}
	});
});

describe('what git is given', () => {
	it('puts every revision and path we pass after --end-of-options or --', async () => {
		freshScratch();
		const {dir, commits} = makeWorkingRepo();
		// A git on PATH that logs its argv, one record per run, then runs the real git.
		const log = path.join(scratch, 'argv.log');
		const shim = path.join(scratch, 'git');
		const realGit = execFileSync('sh', ['-c', 'command -v git'], {encoding: 'utf8'}).trim();
		writeFileSync(shim, `#!/bin/sh\n{ echo "@@"; for arg in "$@"; do printf '%s\\n' "$arg"; done; } >> '${log}'\nexec '${realGit}' "$@"\n`);
		chmodSync(shim, 0o755);
		const savedPath = process.env['PATH'];
		process.env['PATH'] = `${scratch}${path.delimiter}${savedPath ?? ''}`;
		try {
			const source = new GitSource({repo: dir, cacheRoot: path.join(scratch, 'cache')});
			await source.resolve('v1.0');
			await source.resolve('-evil').catch(() => undefined);
			const tree = await source.checkout(commits.third);
			await tree.dispose();
			await source.history('app');
		} finally {
			process.env['PATH'] = savedPath;
		}
		const runs = readFileSync(log, 'utf8')
			.split('@@\n')
			.filter(Boolean)
			.map(run => run.split('\n').filter(Boolean));
		expect(runs.length).toBeGreaterThan(3);
		for (const args of runs) {
			const end = args.findIndex(arg => arg === '--end-of-options' || arg === '--');
			const values = end === -1 ? args : args.slice(0, end);
			// Before the separator: only git's own options and fixed words, never a value of ours.
			for (const value of ['v1.0', '-evil', commits.third, `${commits.third}^{commit}`, ':(literal)app']) {
				expect(values.some(arg => arg.startsWith(value))).toBe(false);
			}
		}
		expect(runs.some(args => args.includes('-evil') || args.some(arg => arg.startsWith('-evil')))).toBe(false);
	});
});
