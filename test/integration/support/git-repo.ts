/**
 * A real Git setup for the lab: a bare repository playing the remote (the app's repoURL, which
 * GitSource clones into its cache) and a working clone that people commit and push from. Commits
 * carry their own identity, so nothing depends on the machine's git configuration.
 */
import {execFile} from 'node:child_process';
import {cp, mkdir, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);

export const labAuthor = {name: 'Lab Author', email: 'lab@example.com'};

/** Runs git in `cwd` as the lab author; returns trimmed stdout, throws with stderr. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
	try {
		const {stdout} = await execFileAsync(
			'git',
			['-c', `user.name=${labAuthor.name}`, '-c', `user.email=${labAuthor.email}`, '-c', 'commit.gpgsign=false', ...args],
			{cwd, maxBuffer: 16 * 1024 * 1024},
		);
		return stdout.trim();
	} catch (error) {
		const stderr = (error as {stderr?: string}).stderr ?? '';
		throw new Error(`git ${args.join(' ')} in ${cwd} failed: ${stderr || (error as Error).message}`, {cause: error});
	}
}

export interface LabRepo {
	/** The bare remote: use it as the app's repoURL. */
	bare: string;
	/** The working clone people push from. */
	work: string;
	/** Writes a file (path relative to the repository root). */
	write(file: string, content: string): Promise<void>;
	read(file: string): Promise<string>;
	/** Copies a fixture file into the repository. */
	copyFixture(fixture: string, file: string): Promise<void>;
	remove(file: string): Promise<void>;
	/** Commits everything in the working clone and pushes it to the remote; returns the new SHA. */
	commitAndPush(message: string): Promise<string>;
	/** Brings the working clone up to date with the remote (after driftwatch pushed a revert). */
	pull(): Promise<void>;
	/** Subjects of the remote's newest commits on main, newest first. */
	remoteSubjects(limit?: number): Promise<string[]>;
	remoteHead(): Promise<string>;
	dispose(): Promise<void>;
}

/**
 * A bare remote whose `main` holds the files of `fixtureDir` under `appPath` in one first commit,
 * and a working clone of it.
 */
export async function createLabRepo(options: {fixtureDir: string; appPath?: string}): Promise<LabRepo> {
	const appPath = options.appPath ?? 'app';
	const root = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-lab-git-'));
	const bare = path.join(root, 'remote.git');
	const work = path.join(root, 'work');
	await git(root, 'init', '--quiet', '--bare', '--initial-branch=main', bare);
	await git(root, 'clone', '--quiet', bare, work);
	await git(work, 'symbolic-ref', 'HEAD', 'refs/heads/main');
	await mkdir(path.join(work, appPath), {recursive: true});
	await cp(options.fixtureDir, path.join(work, appPath), {recursive: true});

	const repo: LabRepo = {
		bare,
		work,
		write: async (file, content) => {
			await mkdir(path.dirname(path.join(work, file)), {recursive: true});
			await writeFile(path.join(work, file), content);
		},
		read: async file => readFile(path.join(work, file), 'utf8'),
		copyFixture: async (fixture, file) => {
			await mkdir(path.dirname(path.join(work, file)), {recursive: true});
			await cp(fixture, path.join(work, file));
		},
		remove: async file => {
			await git(work, 'rm', '--quiet', '--', file);
		},
		commitAndPush: async message => {
			await git(work, 'add', '--all');
			await git(work, 'commit', '--quiet', '-m', message);
			await git(work, 'push', '--quiet', 'origin', 'HEAD:refs/heads/main');
			return git(work, 'rev-parse', 'HEAD');
		},
		pull: async () => {
			await git(work, 'pull', '--quiet', '--ff-only', 'origin', 'main');
		},
		remoteSubjects: async (limit = 10) => {
			const output = await git(bare, 'log', `--max-count=${limit}`, '--format=%s', 'main');
			return output ? output.split('\n') : [];
		},
		remoteHead: async () => git(bare, 'rev-parse', 'refs/heads/main'),
		dispose: async () => rm(root, {recursive: true, force: true}),
	};
	await repo.commitAndPush('Add the web app');
	return repo;
}
