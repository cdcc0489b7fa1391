/**
 * The built-in demo: a Git repository made from fixtures/demo (a Deployment, a Service and a
 * ConfigMap), so `npm start` has something to watch with no flags. It lives in the cache
 * directory and is created once; edit and commit there to play the GitOps lab.
 */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {cp, mkdir} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const execFileAsync = promisify(execFile);

export const demoFixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'demo');

export function demoRepoPath(): string {
	return path.join(process.env['DRIFTWATCH_CACHE'] ?? path.join(os.homedir(), '.cache', 'driftwatch'), 'demo-repo');
}

/** Creates the demo repository if it does not exist; returns its path. */
export async function ensureDemoRepo(dir = demoRepoPath()): Promise<string> {
	if (existsSync(path.join(dir, '.git'))) return dir;
	await mkdir(dir, {recursive: true});
	await cp(demoFixtures, dir, {recursive: true});
	const git = async (...args: string[]) =>
		execFileAsync('git', ['-c', 'user.name=driftwatch', '-c', 'user.email=driftwatch@localhost', '-c', 'init.defaultBranch=main', ...args], {cwd: dir});
	await git('init', '-q');
	await git('add', '.');
	await git('commit', '-q', '-m', 'demo: web Deployment, Service and ConfigMap');
	return dir;
}
