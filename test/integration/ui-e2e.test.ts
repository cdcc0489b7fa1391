/**
 * End to end: the real `driftwatch` binary in a pseudo-terminal (tmux), against the real control
 * plane and a real git repository. kubectl changes replicas and the image; the screen must show
 * OutOfSync and who changed what; the diff must show the image change; the self-heal key must
 * bring it back to Synced.
 */
import {execFileSync} from 'node:child_process';
import {cpSync, existsSync, mkdtempSync, readFileSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {createNamespace, deleteNamespace, kubeconfig, kubectl, kubectlJson, waitFor} from './support/cluster.js';
import {cliPath, runCli} from './support/run-cli.js';
import {tmuxTerminal} from './support/tmux-terminal.js';

const session = 'ui';
/** tmux reads ESC followed quickly by a key as Alt+key: give ESC its own moment. */
const {
	tmux,
	press,
	waitForScreen: waitForText,
} = tmuxTerminal({
	name: 'driftwatch-e2e',
	session,
	keyPauseMs: key => (key === 'Escape' ? 700 : 150),
	pollMs: 200,
});
const waitForScreen = (what: string, predicate: (text: string) => boolean, timeoutMs = 30_000) => waitForText(what, predicate, timeoutMs);

let repo = '';
let cache = '';
let namespace = '';

beforeAll(async () => {
	namespace = await createNamespace('e2e');
	repo = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-e2e-repo-'));
	cache = mkdtempSync(path.join(os.tmpdir(), 'driftwatch-e2e-cache-'));
	cpSync(path.resolve('fixtures/cli-app'), repo, {recursive: true});
	const git = (...args: string[]) =>
		execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], {cwd: repo});
	git('init', '-q', '-b', 'main');
	git('add', '.');
	git('commit', '-q', '-m', 'api: first version');
	const appFlags = ['--repo', repo, '--path', 'app', '--namespace', namespace, '--name', 'e2e', '--kubeconfig', kubeconfig()];
	const sync = await runCli(['sync', ...appFlags], {DRIFTWATCH_CACHE: cache});
	expect(sync.code, sync.stderr + sync.stdout).toBe(0);
	await kubectl(['rollout', 'status', '-n', namespace, 'deployment/api', '--timeout=60s']);
	const command = [
		'env',
		`PATH=${path.dirname(process.execPath)}:${process.env['PATH'] ?? ''}`,
		`DRIFTWATCH_CACHE=${cache}`,
		'TERM=xterm-256color',
		process.execPath,
		cliPath,
		...appFlags,
		'--audit-log',
		path.join(cache, 'audit.jsonl'),
	]
		.map(part => `'${part.replace(/'/g, `'\\''`)}'`)
		.join(' ');
	await tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', command);
});

afterAll(async () => {
	await tmux('kill-server').catch(() => {});
	await deleteNamespace(namespace);
	rmSync(repo, {recursive: true, force: true});
	rmSync(cache, {recursive: true, force: true});
});

describe('driftwatch in a terminal', () => {
	it('starts on the app screen, Synced and Healthy, with the resource tree', async () => {
		const text = await waitForScreen('Synced + Healthy', text => /✔ Synced\s+♥ Healthy/.test(text) && text.includes('Deployment api'));
		expect(text).toContain('ConfigMap api-settings');
		expect(text).toMatch(/Pod api-\S+\s+♥ Healthy\s+Running/);
	});

	it('shows kubectl drift as OutOfSync, with the image diff and who changed it', async () => {
		await kubectl(['scale', '-n', namespace, 'deployment/api', '--replicas=3']);
		await kubectl(['set', 'image', '-n', namespace, 'deployment/api', 'api=nginx:1.28']);
		await waitForScreen('OutOfSync', text => text.includes('↻ OutOfSync') && text.includes('~1 modified'));
		await press('d');
		const diff = await waitForScreen(
			'the image diff',
			text => text.includes('+      - image: nginx:1.27') || text.includes('image: nginx:1.27'),
		);
		expect(diff).toMatch(/-\s+- image: nginx:1\.28/);
		expect(diff).toMatch(/\+\s+- image: nginx:1\.27/);
		expect(diff).toMatch(/spec\.replicas changed by kubectl/);
		expect(diff).toMatch(/spec\.template\.spec\.containers\[0\]\.image changed by kubectl-set/);
	});

	it('turns self-heal on from the keyboard and goes back to Synced', async () => {
		await press('Escape', 'H');
		await waitForScreen('the confirmation', text => /self-heal/i.test(text) && /y\/enter/.test(text));
		await press('y');
		await waitForScreen('Synced again', text => text.includes('● self-heal on') && /✔ Synced\s+♥ Healthy/.test(text), 45_000);
		const live = await kubectlJson<{spec: {replicas: number; template: {spec: {containers: Array<{image: string}>}}}}>([
			'get',
			'deployment',
			'api',
			'-n',
			namespace,
		]);
		expect(live.spec.replicas).toBe(2);
		expect(live.spec.template.spec.containers[0]?.image).toBe('nginx:1.27');
	});

	it('quits with q and restores the terminal: the primary screen back, the cursor shown', async () => {
		// Keep the pane after the process ends, so tmux can say what state it left the terminal in,
		// and record what the process writes from now on.
		await tmux('set-option', '-w', '-t', session, 'remain-on-exit', 'on');
		const written = path.join(cache, 'terminal.raw');
		await tmux('pipe-pane', '-t', session, '-o', `cat >> '${written}'`);
		const paneState = async (format: string) => (await tmux('display-message', '-p', '-t', session, format)).trim();
		expect(await paneState('#{alternate_on}'), 'the UI runs on the alternate screen').toBe('1');
		await press('q');
		await waitFor('the UI to exit', async () => ((await paneState('#{pane_dead}')) === '1' ? true : undefined), 10_000);
		expect(await paneState('#{alternate_on}'), 'back on the primary screen').toBe('0');
		// tmux hides the cursor of a dead pane, so the cursor is judged from the bytes: shown after its last hiding.
		const bytes = await waitFor(
			'the sequences that leave the alternate screen and show the cursor',
			async () => {
				const text = existsSync(written) ? readFileSync(written, 'latin1') : '';
				return text.includes('\u001B[?1049l') && text.includes('\u001B[?25h') ? text : undefined;
			},
			10_000,
		);
		expect(bytes.lastIndexOf('\u001B[?25h')).toBeGreaterThan(bytes.lastIndexOf('\u001B[?25l'));
		expect(bytes.lastIndexOf('\u001B[?1049l')).toBeGreaterThan(bytes.lastIndexOf('\u001B[?1049h'));
	});
});
