/**
 * The lab's "human" Git steps in the demo's working clone: edit a file, `git rm`, commit, revert
 * and push, as author `lab-user`, exactly as a person would from a terminal. Paths stay inside the
 * clone; revisions never reach git as options. Implements the lab's LabGitPort.
 */
import {execFile} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {DriftwatchError} from '../core/errors.js';
import {type LabGitPort, labUser} from '../lab/lab-ports.js';

const execFileAsync = promisify(execFile);

const identity = ['-c', `user.name=${labUser}`, '-c', `user.email=${labUser}@driftwatch.invalid`, '-c', 'commit.gpgsign=false'];

export class WorkingClone implements LabGitPort {
	constructor(readonly dir: string) {}

	async read(file: string): Promise<string> {
		return readFile(this.inside(file), 'utf8');
	}

	async write(file: string, content: string): Promise<void> {
		await writeFile(this.inside(file), content);
	}

	async remove(file: string): Promise<void> {
		await this.git('rm', '-q', '--', path.relative(this.dir, this.inside(file)));
	}

	async commitAndPush(message: string): Promise<{sha: string; subject: string}> {
		await this.git('add', '--all');
		await this.git('commit', '-q', '-m', message);
		return this.push();
	}

	async revert(revision: string): Promise<{sha: string; subject: string}> {
		if (!/^[\w./~^@{}-]+$/.test(revision) || revision.startsWith('-')) {
			throw new DriftwatchError('revision-not-found', `"${revision}" is not a revision`, {hint: 'name a commit SHA, a branch or HEAD'});
		}
		await this.git('revert', '--no-edit', revision);
		return this.push();
	}

	async pull(): Promise<void> {
		await this.git('pull', '-q', '--ff-only');
	}

	private async push(): Promise<{sha: string; subject: string}> {
		await this.git('push', '-q', 'origin', 'HEAD');
		const [sha = '', subject = ''] = (await this.git('log', '-1', '--format=%H%n%s')).split('\n');
		return {sha, subject};
	}

	/** `file` as a path inside the clone; anything else (absolute, `..`) is refused. */
	private inside(file: string): string {
		const resolved = path.resolve(this.dir, file);
		if (path.isAbsolute(file) || !resolved.startsWith(this.dir + path.sep)) {
			throw new DriftwatchError('config-invalid', `${file} is not a path inside the working clone ${this.dir}`);
		}
		return resolved;
	}

	private async git(...args: string[]): Promise<string> {
		try {
			const {stdout} = await execFileAsync('git', [...identity, ...args], {cwd: this.dir, maxBuffer: 16 * 1024 * 1024});
			return stdout.trim();
		} catch (error) {
			const stderr = stderrOf(error);
			throw new DriftwatchError('git-failed', `git ${args[0]} in ${this.dir} failed: ${stderr || (error as Error).message}`, {
				hint: 'look at the working clone with `git status`',
				cause: error,
			});
		}
	}
}

/** A failed child process's stderr (execFile attaches it to the error), trimmed; '' when there is none. */
function stderrOf(error: unknown): string {
	const stderr = (error as {stderr?: unknown}).stderr;
	return typeof stderr === 'string' ? stderr.trim() : Buffer.isBuffer(stderr) ? stderr.toString('utf8').trim() : '';
}
