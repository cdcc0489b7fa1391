/**
 * The built-in demo, shaped like real GitOps: a bare "remote" repository that driftwatch watches,
 * made from fixtures/demo (a Deployment, a Service and a ConfigMap), and a working clone of it for
 * you to edit, commit and `git push`. Because driftwatch watches the remote, revert works as it
 * does with a real Git server: a revert commit is pushed there, and your clone can `git pull` it.
 */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {cp, mkdir, mkdtemp, rm} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);

export const demoFixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'demo');

export interface DemoRepo {
	/** The bare repository driftwatch watches (the app's repoURL). */
	remote: string;
	/** Your working clone: edit, commit, `git push`. */
	workdir: string;
}

export function demoRepoPaths(): DemoRepo {
	const root = path.join(process.env['DRIFTWATCH_CACHE'] ?? path.join(os.homedir(), '.cache', 'driftwatch'), 'demo');
	return {remote: path.join(root, 'remote.git'), workdir: path.join(root, 'work')};
}

const identity = ['-c', 'user.name=driftwatch', '-c', 'user.email=driftwatch@localhost', '-c', 'init.defaultBranch=main'];

/** Creates the demo remote and its working clone if they do not exist yet. */
export async function ensureDemoRepo(paths: DemoRepo = demoRepoPaths()): Promise<DemoRepo> {
	const git = async (cwd: string, ...args: string[]) => execFileAsync('git', [...identity, ...args], {cwd});
	if (!existsSync(path.join(paths.remote, 'HEAD'))) {
		await mkdir(path.dirname(paths.remote), {recursive: true});
		// Build the first commit in a scratch repository, then publish it to a fresh bare one.
		const scratch = await mkdtemp(path.join(os.tmpdir(), 'driftwatch-demo-'));
		try {
			await cp(demoFixtures, scratch, {recursive: true});
			await git(scratch, 'init', '-q');
			await git(scratch, 'add', '.');
			await git(scratch, 'commit', '-q', '-m', 'demo: web Deployment, Service and ConfigMap');
			await git(path.dirname(paths.remote), 'init', '-q', '--bare', paths.remote);
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
