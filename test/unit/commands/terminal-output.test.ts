/**
 * What the one-shot commands write to a terminal: the same badges as the UI, color only from our
 * own codes, and text from outside (names, messages, diff lines, commit subjects) neutralised.
 */
import {afterEach, describe, expect, it, vi} from 'vitest';
import {processIo} from '../../../source/commands/command-io.js';
import {printDiff} from '../../../source/commands/diff-command.js';
import {renderAppDiff} from '../../../source/commands/render-diff-text.js';
import {printStatus} from '../../../source/commands/status-command.js';
import {formatTable, safeOutput, styleBadge, styleHealth, styleSync, terminalStyle} from '../../../source/commands/terminal-style.js';
import type {AppStatus} from '../../../source/core/app-status.js';
import {diffObjects} from '../../../source/core/diff-objects.js';
import {healthBadge, syncBadge} from '../../../source/presentation/badges.js';
import {hostile} from '../../../fixtures/ui/apps.js';
import {captureIo} from './capture-io.js';

// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const foreignSequence = /\u001B(?!\[(?:3[1-6]|39|1|2|22)m)/;

afterEach(() => {
	vi.restoreAllMocks();
});

function hostileStatus(): AppStatus {
	const live = {apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'settings', namespace: 'demo'}, data: {motd: `hi ${hostile.clear}`}};
	const desired = {...live, data: {motd: `bye ${hostile.title}`}};
	const diff = diffObjects(live, desired);
	return {
		name: 'shop',
		syncStatus: 'OutOfSync',
		health: {status: 'Degraded', message: `deadline ${hostile.link} ${hostile.carriageReturn}`},
		revision: {
			repoURL: 'https://example.com/repo.git',
			path: 'shop',
			targetRevision: 'main',
			sha: 'a1b2c3d4e5f6',
			shortSha: 'a1b2c3d',
			subject: `fix ${hostile.conceal}${hostile.c1}`,
			author: 'Mallory',
			date: '2025-06-01T12:00:00Z',
		},
		revisions: [],
		objects: [
			{
				key: {group: '', kind: 'ConfigMap', namespace: 'demo', name: 'settings'},
				apiVersion: 'v1',
				syncStatus: 'OutOfSync',
				drift: 'modified',
				changedPaths: diff.changedPaths,
				diff,
				health: null,
				attribution: [{path: '/data/motd', manager: `kubectl${hostile.title}`, operation: 'Update', time: '2025-06-01T11:59:00Z'}],
				warnings: [`careful ${hostile.blackOnBlack}`],
			},
		],
		counts: {synced: 0, modified: 1, missing: 0, extra: 0},
		error: null,
		warnings: [`warn ${hostile.clear}`],
		notices: [],
		comparedAt: '2025-06-01T12:00:00Z',
	};
}

describe('badges in the CLI', () => {
	it('are the UI badges, in the tone colors, and plain without color', () => {
		const plain = terminalStyle(false);
		const color = terminalStyle(true);
		expect(styleSync(plain, 'OutOfSync')).toBe('↻ OutOfSync');
		expect(styleSync(color, 'OutOfSync')).toBe('\u001B[33m↻ OutOfSync\u001B[39m');
		expect(styleHealth(plain, 'Healthy')).toBe('♥ Healthy');
		expect(styleHealth(color, 'Degraded')).toBe('\u001B[31m✖ Degraded\u001B[39m');
		expect(styleHealth(color, 'Unknown')).toBe('\u001B[2m? Unknown\u001B[22m');
		expect(styleHealth(plain, null)).toBe('-');
		for (const status of ['Synced', 'OutOfSync', 'Unknown'] as const)
			expect(styleSync(plain, status)).toBe(`${syncBadge(status).symbol} ${status}`);
		for (const status of ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'] as const)
			expect(styleBadge(plain, healthBadge(status))).toBe(`${healthBadge(status).symbol} ${status}`);
	});
});

describe('terminal-safe command output', () => {
	it('neutralises data in styled text and table cells, keeping the columns aligned', () => {
		const style = terminalStyle(true);
		expect(style.red(`x${hostile.clear}y`)).toBe('\u001B[31mxy\u001B[39m');
		const table = formatTable([
			['NAME', 'MESSAGE'],
			[`a${hostile.title}b`, style.yellow(`warn${hostile.link}`)],
			['longer-name', 'ok'],
		]);
		expect(table).toEqual(['NAME         MESSAGE', 'ab           \u001B[33mwarnclick me\u001B[39m', 'longer-name  ok']);
	});

	it('keeps only our own color codes, and none when color is off', () => {
		const text = `\u001B[32mok\u001B[39m ${hostile.conceal} ${hostile.blackOnBlack}`;
		expect(safeOutput(text, {enabled: true})).toBe('\u001B[32mok\u001B[39m hidden invisible');
		expect(safeOutput(text, {enabled: false})).toBe('ok hidden invisible');
	});

	it('status and diff print no control sequence from the data (text)', () => {
		for (const color of [false, true]) {
			const io = captureIo(color);
			printStatus([hostileStatus()], io, 'text');
			printDiff([hostileStatus()], io, 'text', new Date('2025-06-01T12:00:00Z'));
			const output = `${io.stdout()}\n${io.stderr()}`;
			expect(foreignSequence.test(output), JSON.stringify(output)).toBe(false);
			if (!color) expect(output).not.toMatch(controls);
			expect(output).toContain('deadline click me all good␍ALL BAD');
			expect(output).toContain('-  motd: "hi \\e[2J\\e[H"');
		}
	});

	it('shows an error with its hint, the way the UI does', () => {
		const status: AppStatus = {...hostileStatus(), error: {code: 'git-failed', message: 'cannot fetch', hint: 'check the network'}};
		expect(renderAppDiff(status, terminalStyle(false), new Date())).toEqual([
			'✖ shop: cannot compare: cannot fetch',
			'→ check the network',
		]);
	});

	it('processIo writes every line terminal-safe, JSON unchanged in value', () => {
		const written: string[] = [];
		vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
			written.push(String(chunk));
			return true;
		});
		const io = processIo(false);
		io.out(`name ${hostile.title}${hostile.c1}`);
		const value = {message: `${hostile.c1} ${hostile.link}`};
		io.out(JSON.stringify(value));
		vi.restoreAllMocks();
		expect(written[0]).toBe('name \\u009b2J\\u009d0;owned\\u009c\n');
		expect(written[1]).not.toMatch(controls);
		expect(JSON.parse(written[1] ?? '')).toEqual(value);
	});
});
