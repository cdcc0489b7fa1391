/**
 * Real repositories for the Git adapter tests, built with the git CLI in temp dirs. Test commits
 * carry their own identity (`-c user.name`), and HOME points at an empty directory, so the tests
 * behave the same on a machine with no git identity and are not affected by the developer's
 * ~/.gitconfig.
 */
import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const testIdentity = {name: 'Test Author', email: 'author@example.com'};

const created: string[] = [];

/** Runs git in `cwd` with the test identity; returns trimmed stdout. */
export function git(cwd: string, ...args: string[]): string {
	return execFileSync(
		'git',
		['-c', `user.name=${testIdentity.name}`, '-c', `user.email=${testIdentity.email}`, '-c', 'commit.gpgsign=false', ...args],
		{cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']},
	).trim();
}

export function tempDir(prefix: string): string {
	const dir = mkdtempSync(path.join(os.tmpdir(), `driftwatch-test-${prefix}-`));
	created.push(dir);
	return dir;
}

/** Points HOME and XDG_CONFIG_HOME at an empty directory; returns the function that restores them. */
export function isolateGitConfig(): () => void {
	const saved = {HOME: process.env['HOME'], XDG_CONFIG_HOME: process.env['XDG_CONFIG_HOME']};
	const home = tempDir('home');
	process.env['HOME'] = home;
	process.env['XDG_CONFIG_HOME'] = path.join(home, '.config');
	return () => {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	};
}

export function removeTempDirs(): void {
	for (const dir of created.splice(0)) rmSync(dir, {recursive: true, force: true});
}

/** Writes `files` (path -> content) into `repo`, commits them with `message`, returns the new SHA. */
export function commitFiles(repo: string, files: Record<string, string>, message: string): string {
	for (const [file, content] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(repo, file)), {recursive: true});
		writeFileSync(path.join(repo, file), content);
	}
	git(repo, 'add', '--all');
	git(repo, 'commit', '--quiet', '-m', message);
	return git(repo, 'rev-parse', 'HEAD');
}

export interface WorkingRepo {
	dir: string;
	/** SHAs by name: first, second, third. */
	commits: {first: string; second: string; third: string};
}

/**
 * A working repository on `main`: three commits (app/ changes in first and third, docs/ in
 * second), an annotated tag v1.0 at first, a lightweight tag v1.1 at second, a branch
 * `feature` with one more commit.
 */
export function makeWorkingRepo(): WorkingRepo {
	const dir = tempDir('work');
	git(dir, 'init', '--quiet', '--initial-branch=main');
	const first = commitFiles(dir, {'app/config.yaml': 'replicas: 1\n', 'README.md': '# demo\n'}, 'Add app');
	git(dir, 'tag', '-a', 'v1.0', '-m', 'release 1.0');
	const second = commitFiles(dir, {'docs/notes.md': 'notes\n'}, 'Add docs');
	git(dir, 'tag', 'v1.1');
	const third = commitFiles(dir, {'app/config.yaml': 'replicas: 2\n'}, 'Scale app to 2\n\nBecause of load.');
	git(dir, 'switch', '--quiet', '-c', 'feature');
	commitFiles(dir, {'app/feature.yaml': 'feature: on\n'}, 'Add feature');
	git(dir, 'switch', '--quiet', 'main');
	return {dir, commits: {first, second, third}};
}

export interface RemotePair {
	/** The bare repository playing the remote. */
	bare: string;
	/** A separate clone used to push new commits to the remote. */
	pusher: string;
}

/** A bare remote with the history of {@link makeWorkingRepo} on `main` (and its tags). */
export function makeRemote(): RemotePair & {commits: WorkingRepo['commits']} {
	const origin = makeWorkingRepo();
	const bare = path.join(tempDir('remote'), 'repo.git');
	git(path.dirname(bare), 'clone', '--quiet', '--bare', origin.dir, bare);
	const pusher = path.join(tempDir('pusher'), 'clone');
	git(path.dirname(pusher), 'clone', '--quiet', bare, pusher);
	return {bare, pusher, commits: origin.commits};
}
