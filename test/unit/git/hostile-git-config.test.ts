/**
 * A working repository whose own configuration is hostile: every setting that makes git run a
 * command (fsmonitor, hooks and hooksPath, filter, diff and merge drivers, an SSH command, a git
 * proxy, protocol permissions, a pager, an editor, an askpass, a credential helper, gpg programs
 * with `log.showSignature`, and an include that adds a filter) points at a canary script that
 * leaves a file when it runs. driftwatch reads the repository (open, resolve, history, checkout)
 * and writes to it (a revert on a branch, an edit of the checked-out branch) with real git 2.39:
 * no canary may run. A control run of plain git shows the canaries do fire.
 */
import {execFileSync, spawnSync} from 'node:child_process';
import {chmodSync, existsSync, utimesSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {GitSource} from '../../../source/git/git-source.js';
import {commitFiles, git, isolateGitConfig, removeTempDirs, tempDir} from './git-fixtures.js';

let restore: () => void;
let canaries = '';

const commands = [
	'fsmonitor',
	'hook',
	'filter-smudge',
	'filter-clean',
	'filter-process',
	'include-smudge',
	'diff-command',
	'diff-textconv',
	'diff-external',
	'merge-driver',
	'ssh-command',
	'git-proxy',
	'pager',
	'editor',
	'askpass',
	'credential',
	'gpg',
	'gpg-ssh',
	'upload-pack',
];
const hooks = [
	'post-index-change',
	'reference-transaction',
	'post-checkout',
	'post-merge',
	'pre-commit',
	'commit-msg',
	'post-commit',
	'pre-auto-gc',
];

/** The canaries that ran, by name. */
const ran = () => (existsSync(path.join(canaries, 'ran')) ? readdirSync(path.join(canaries, 'ran')).sort() : []);

/** A working repository on `main` (and a branch `feature`) whose .git/config is hostile. */
function hostileRepo(): {dir: string; signed: string} {
	const dir = tempDir('hostile-config');
	git(dir, 'init', '--quiet', '--initial-branch=main');
	commitFiles(
		dir,
		{
			'.gitattributes': '*.yaml filter=evil diff=evil merge=evil\n*.md filter=inc\n',
			'app/config.yaml': 'replicas: 1\nimage: nginx:1.27\n',
			'README.md': '# demo\n',
		},
		'Add app',
	);
	commitFiles(dir, {'app/config.yaml': 'replicas: 2\nimage: nginx:1.27\n'}, 'Scale to 2');
	commitFiles(dir, {'app/config.yaml': 'replicas: 3\nimage: nginx:1.27\n'}, 'Scale to 3');
	git(dir, 'branch', 'feature');
	// A commit with a signature header, so `log.showSignature` would call the gpg program.
	const tree = git(dir, 'rev-parse', 'HEAD^{tree}');
	const parent = git(dir, 'rev-parse', 'HEAD');
	const raw = `tree ${tree}\nparent ${parent}\nauthor A <a@example.com> 1700000000 +0000\ncommitter A <a@example.com> 1700000000 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n\nSigned\n`;
	const signed = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], {cwd: dir, input: raw, encoding: 'utf8'}).trim();
	git(dir, 'update-ref', 'refs/heads/main', signed);

	const run = (name: string) => path.join(canaries, name);
	const hooksDir = path.join(canaries, 'hooks');
	mkdirSync(hooksDir, {recursive: true});
	for (const hook of hooks) {
		symlinkSync(run('hook'), path.join(hooksDir, hook));
		symlinkSync(run('hook'), path.join(dir, '.git', 'hooks', hook));
	}
	const include = path.join(canaries, 'included.gitconfig');
	writeFileSync(include, `[filter "inc"]\n\tsmudge = ${run('include-smudge')}\n\tclean = ${run('include-smudge')}\n\trequired = true\n`);
	const settings: Array<[string, string]> = [
		['core.fsmonitor', run('fsmonitor')],
		['core.hooksPath', hooksDir],
		['filter.evil.smudge', run('filter-smudge')],
		['filter.evil.clean', run('filter-clean')],
		['filter.evil.process', run('filter-process')],
		['filter.evil.required', 'true'],
		['diff.evil.command', run('diff-command')],
		['diff.evil.textconv', run('diff-textconv')],
		['diff.external', run('diff-external')],
		['merge.evil.driver', `${run('merge-driver')} %O %A %B`],
		['core.sshCommand', run('ssh-command')],
		['core.gitProxy', run('git-proxy')],
		['protocol.allow', 'always'],
		['protocol.ext.allow', 'always'],
		['core.pager', run('pager')],
		['pager.log', run('pager')],
		['core.editor', run('editor')],
		['sequence.editor', run('editor')],
		['core.askPass', run('askpass')],
		['credential.helper', run('credential')],
		['log.showSignature', 'true'],
		['gpg.program', run('gpg')],
		['gpg.ssh.program', run('gpg-ssh')],
		['remote.origin.url', 'ssh://git.example.com/shop.git'],
		['remote.origin.uploadpack', run('upload-pack')],
		['include.path', include],
	];
	for (const [key, value] of settings) git(dir, 'config', key, value);
	return {dir, signed};
}

beforeAll(() => {
	restore = isolateGitConfig();
});
afterAll(() => {
	restore();
	removeTempDirs();
});
beforeEach(() => {
	canaries = tempDir('canaries');
	const script = path.join(canaries, 'canary.sh');
	// Leaves a file named after the command, then behaves as a filter would (copies stdin).
	writeFileSync(script, `#!/bin/sh\nmkdir -p "${canaries}/ran"\n: > "${canaries}/ran/$(basename "$0")"\ncat\n`);
	chmodSync(script, 0o755);
	for (const name of commands) symlinkSync(script, path.join(canaries, name));
});

describe('a working repository with a hostile .git/config', () => {
	it('fires the canaries when plain git reads it (the control)', () => {
		const {dir} = hostileRepo();
		rmSync(path.join(canaries, 'ran'), {recursive: true, force: true});
		// Same content, newer time: git must run the clean filter to know whether it changed.
		const file = path.join(dir, 'app', 'config.yaml');
		writeFileSync(file, readFileSync(file));
		utimesSync(file, new Date(), new Date(Date.now() + 5000));
		// Their exit codes do not matter (a canary is no real fsmonitor or filter process): what ran does.
		spawnSync('git', ['status', '--porcelain'], {cwd: dir, stdio: 'ignore'});
		spawnSync('git', ['log', '-1', '--format=%H', 'main'], {cwd: dir, stdio: 'ignore'});
		expect(ran()).toEqual(expect.arrayContaining(['filter-process', 'fsmonitor', 'gpg']));
	});

	it('runs none of them when driftwatch opens, resolves, lists history and checks out', async () => {
		const {dir, signed} = hostileRepo();
		rmSync(path.join(canaries, 'ran'), {recursive: true, force: true});
		const source = new GitSource({repo: dir});
		expect(source.isRemote).toBe(false);
		await source.prepare();
		await source.fetch();
		const head = await source.resolve('main');
		expect(head.sha).toBe(signed);
		expect(head.subject).toBe('Signed');
		expect((await source.resolve('feature')).subject).toBe('Scale to 3');
		expect((await source.history('app', {revision: 'main'})).map(commit => commit.subject)).toEqual([
			'Scale to 3',
			'Scale to 2',
			'Add app',
		]);
		const tree = await source.checkout(head.sha);
		// The blobs as committed: no filter touched them.
		expect(readFileSync(path.join(tree.dir, 'app', 'config.yaml'), 'utf8')).toBe('replicas: 3\nimage: nginx:1.27\n');
		expect(readFileSync(path.join(tree.dir, 'README.md'), 'utf8')).toBe('# demo\n');
		await tree.dispose();
		expect(ran()).toEqual([]);
	});

	it('runs none of them when driftwatch reverts on a branch and edits the checked-out branch', async () => {
		const {dir} = hostileRepo();
		rmSync(path.join(canaries, 'ran'), {recursive: true, force: true});
		const source = new GitSource({repo: dir});
		const feature = await source.resolve('feature');
		const [scaleTo3, scaleTo2] = await source.history('app', {revision: 'feature'});
		// Reverting "Scale to 2" under "Scale to 3" needs a three-way merge of that line: the
		// repository's merge driver would run; driftwatch turns it into a conflict and commits nothing.
		await expect(source.revert(scaleTo2!.sha, {branch: 'feature'})).rejects.toMatchObject({code: 'conflict'});
		expect(git(dir, 'rev-parse', 'feature')).toBe(feature.sha);
		// A clean revert of the last commit, on a branch nobody has checked out.
		const revert = await source.revert(scaleTo3!.sha, {branch: 'feature'});
		expect(git(dir, 'show', `${revert.sha}:app/config.yaml`)).toBe('replicas: 2\nimage: nginx:1.27');
		expect(git(dir, 'rev-parse', 'feature')).toBe(revert.sha);
		// An edit of main, checked out and clean: status of the user's tree, then a fast-forward.
		const {head} = await source.writableBranch('main');
		const edit = await source.commitChanges({
			branch: 'main',
			base: head.sha,
			files: [{path: 'app/config.yaml', before: 'replicas: 3\nimage: nginx:1.27\n', after: 'replicas: 5\nimage: nginx:1.27\n'}],
			message: 'Scale to 5',
		});
		expect(git(dir, 'rev-parse', 'main')).toBe(edit.commit.sha);
		expect(readFileSync(path.join(dir, 'app', 'config.yaml'), 'utf8')).toBe('replicas: 5\nimage: nginx:1.27\n');
		expect(ran()).toEqual([]);
	});

	it('refuses a driver it could not override (a name with "=")', async () => {
		const {dir} = hostileRepo();
		git(dir, 'config', 'filter.a=b.smudge', path.join(canaries, 'filter-smudge'));
		await expect(new GitSource({repo: dir}).prepare()).rejects.toMatchObject({
			code: 'git-failed',
			message: expect.stringContaining('"filter.a=b.smudge"') as unknown,
		});
	});
});
