/** The lab's Git steps in a real clone: commits by lab-user, pushed; paths stay inside the clone. */
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {demoRepoIn, ensureDemoRepo} from '../../../source/git/demo-repo.js';
import {WorkingClone} from '../../../source/git/working-clone.js';
import {isolateGitConfig, removeTempDirs, tempDir} from './git-fixtures.js';

let restore: () => void;
beforeAll(() => {
	restore = isolateGitConfig();
});
afterAll(() => {
	restore();
	removeTempDirs();
});

const remoteLog = (remote: string) =>
	execFileSync('git', ['-C', remote, 'log', '--format=%an %s', 'main'], {encoding: 'utf8'}).trim().split('\n');

describe('WorkingClone', () => {
	it('edits, commits and pushes as lab-user; git rm; revert', async () => {
		const repo = await ensureDemoRepo(demoRepoIn(path.join(tempDir('clone'), 'git')));
		const clone = new WorkingClone(repo.workdir);
		await clone.write('chart/values-dev.yaml', `${await clone.read('chart/values-dev.yaml')}# edited\n`);
		const edited = await clone.commitAndPush('edit the dev values');
		expect(edited.subject).toBe('edit the dev values');
		expect(execFileSync('git', ['-C', repo.remote, 'rev-parse', 'main'], {encoding: 'utf8'}).trim()).toBe(edited.sha);
		await clone.remove('chart/templates/web-configmap.yaml');
		await clone.commitAndPush('remove the ConfigMap');
		const reverted = await clone.revert('HEAD');
		expect(reverted.subject).toBe('Revert "remove the ConfigMap"');
		expect(remoteLog(repo.remote).slice(0, 3)).toEqual([
			'lab-user Revert "remove the ConfigMap"',
			'lab-user remove the ConfigMap',
			'lab-user edit the dev values',
		]);
	});

	it('pulls what someone else pushed', async () => {
		const repo = await ensureDemoRepo(demoRepoIn(path.join(tempDir('pull'), 'git')));
		const other = path.join(tempDir('other'), 'work');
		execFileSync('git', ['clone', '-q', repo.remote, other]);
		execFileSync('git', [
			'-C',
			other,
			'-c',
			'user.name=x',
			'-c',
			'user.email=x@x',
			'commit',
			'-q',
			'--allow-empty',
			'-m',
			'from elsewhere',
		]);
		execFileSync('git', ['-C', other, 'push', '-q', 'origin', 'HEAD']);
		const clone = new WorkingClone(repo.workdir);
		await clone.pull();
		expect(execFileSync('git', ['-C', repo.workdir, 'log', '-1', '--format=%s'], {encoding: 'utf8'}).trim()).toBe('from elsewhere');
	});

	it('refuses paths outside the clone and revisions that look like options', async () => {
		const repo = await ensureDemoRepo(demoRepoIn(path.join(tempDir('guard'), 'git')));
		const clone = new WorkingClone(repo.workdir);
		await expect(clone.read('../remote.git/HEAD')).rejects.toThrow('is not a path inside the working clone');
		await expect(clone.write('/etc/passwd', 'x')).rejects.toThrow('is not a path inside the working clone');
		await expect(clone.revert('--upload-pack=touch /tmp/x')).rejects.toMatchObject({code: 'revision-not-found'});
	});
});
