/**
 * The built-in demo, shaped like real GitOps: a bare "remote" repository that driftwatch watches,
 * made from fixtures/demo (a Flask web counter on Redis: a Helm chart with values per environment,
 * a plain-YAML variant, and Argo CD Application manifests), and a working clone of it for you to
 * edit, commit and `git push`. The Applications' repoURL is pointed at the remote when the first
 * commit is made, so the manifests in the repository describe the repository itself. Because
 * driftwatch watches the remote, revert works as with a real Git server: a revert commit is pushed
 * there, and your clone can `git pull` it.
 */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {cp, mkdir, mkdtemp, readFile, readdir, rm, writeFile} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import {parseDocument} from 'yaml';
import {DriftwatchError} from '../core/errors.js';

const execFileAsync = promisify(execFile);

export const demoFixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'demo');

/** The demo's Application for the lab (Helm chart, dev values, automated sync) and the plain-YAML one. */
export const demoApplicationFile = 'application.yaml';
export const demoPlainApplicationFile = 'application-plain.yaml';
/** The plain manifests' directory, and the namespace the built-in watch (no --app/--repo) uses. */
export const demoPlainPath = 'plain';

export interface DemoRepo {
	/** The bare repository driftwatch watches (the app's repoURL). */
	remote: string;
	/** Your working clone: edit, commit, `git push`. */
	workdir: string;
}

/** The persistent demo of `driftwatch demo-repo` and of `driftwatch` without --app/--repo. */
export function demoRepoPaths(): DemoRepo {
	const root = path.join(process.env['DRIFTWATCH_CACHE'] ?? path.join(os.homedir(), '.cache', 'driftwatch'), 'demo-counter');
	return {remote: path.join(root, 'remote.git'), workdir: path.join(root, 'work')};
}

/** The demo repositories under `root` (a directory of the caller's, e.g. the lab's run directory). */
export function demoRepoIn(root: string): DemoRepo {
	return {remote: path.join(root, 'remote.git'), workdir: path.join(root, 'work')};
}

const identity = ['-c', 'user.name=driftwatch demo', '-c', 'user.email=demo@driftwatch.invalid', '-c', 'commit.gpgsign=false'];

async function git(cwd: string, ...args: string[]): Promise<string> {
	try {
		const {stdout} = await execFileAsync('git', [...identity, ...args], {cwd});
		return stdout.trim();
	} catch (error) {
		const stderr = stderrOf(error);
		throw new DriftwatchError(
			'git-failed',
			`creating the demo repository in ${cwd}: git ${args[0]} failed: ${stderr || (error as Error).message}`,
			{
				hint: 'check that git is installed and the directory is writable',
				cause: error,
			},
		);
	}
}

/** Creates the demo remote and its working clone if they do not exist yet. */
export async function ensureDemoRepo(paths: DemoRepo = demoRepoPaths()): Promise<DemoRepo> {
	if (!existsSync(path.join(paths.remote, 'HEAD'))) {
		await mkdir(path.dirname(paths.remote), {recursive: true});
		// Build the first commit in a scratch repository, then publish it to a fresh bare one.
		const scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-demo-'));
		try {
			await cp(demoFixtures, scratch, {recursive: true});
			await pointApplicationsAt(scratch, paths.remote);
			await git(scratch, 'init', '-q', '--initial-branch=main');
			await git(scratch, 'add', '.');
			await git(scratch, 'commit', '-q', '-m', 'counter demo: Flask web counter on Redis (Helm chart, values per environment, plain YAML)');
			await git(path.dirname(paths.remote), 'init', '-q', '--bare', '--initial-branch=main', paths.remote);
			await git(scratch, 'push', '-q', paths.remote, 'HEAD:refs/heads/main');
		} finally {
			await rm(scratch, {recursive: true, force: true});
		}
	}
	if (!existsSync(path.join(paths.workdir, '.git'))) {
		await git(path.dirname(paths.remote), 'clone', '-q', paths.remote, paths.workdir);
	}
	return paths;
}

/** Sets spec.source.repoURL of every Application manifest at the top of `dir` (comments kept). */
async function pointApplicationsAt(dir: string, remote: string): Promise<void> {
	for (const name of await readdir(dir)) {
		if (!/^application.*\.ya?ml$/.test(name)) continue;
		const file = path.join(dir, name);
		const document = parseDocument(await readFile(file, 'utf8'));
		if (document.getIn(['kind']) !== 'Application') continue;
		document.setIn(['spec', 'source', 'repoURL'], remote);
		await writeFile(file, document.toString());
	}
}

/** A failed child process's stderr (execFile attaches it to the error), trimmed; '' when there is none. */
function stderrOf(error: unknown): string {
	const stderr = (error as {stderr?: unknown}).stderr;
	return typeof stderr === 'string' ? stderr.trim() : Buffer.isBuffer(stderr) ? stderr.toString('utf8').trim() : '';
}
