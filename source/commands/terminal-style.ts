/**
 * ANSI styling and table layout for one-shot command output. Color is on only for a TTY and never
 * when NO_COLOR is set (https://no-color.org), so piped output and CI logs stay plain. Badges and
 * tones come from presentation/badges.ts (the UI shows the same ones); this file only maps tones to
 * ANSI codes. Every styled text and table cell is made terminal-safe (presentation/terminal-text.ts),
 * and `safeOutput` is the last step before a write, keeping only the codes this module emits.
 */
import type {HealthStatusCode, SyncStatusCode} from '../core/kube-object.js';
import {type Badge, type Tone, badgeText, healthBadge, syncBadge} from '../presentation/badges.js';
import {terminalSafe} from '../presentation/terminal-text.js';

/** Styles for one output; each is a plain function (pass it around freely). */
export interface TerminalStyle {
	enabled: boolean;
	red: (text: string) => string;
	green: (text: string) => string;
	yellow: (text: string) => string;
	blue: (text: string) => string;
	cyan: (text: string) => string;
	magenta: (text: string) => string;
	bold: (text: string) => string;
	dim: (text: string) => string;
}

/** The SGR parameters this module writes, and nothing else: colors 31-36, bold 1, dim 2, and their resets. */
const ownCodes = new Set(['31', '32', '33', '34', '35', '36', '39', '1', '2', '22']);

function ownSequence(sequence: string): boolean {
	// eslint-disable-next-line no-control-regex
	const parameters = /^\u001B\[(\d+)m$/.exec(sequence)?.[1];
	return parameters !== undefined && ownCodes.has(parameters);
}

export function terminalStyle(enabled: boolean): TerminalStyle {
	// The text inside is data as often as not: it is made safe before our codes go around it.
	const wrap = (open: number, close: number) => (text: string) => {
		const safe = terminalSafe(text);
		return enabled ? `\u001B[${open}m${safe}\u001B[${close}m` : safe;
	};
	return {
		enabled,
		red: wrap(31, 39),
		green: wrap(32, 39),
		yellow: wrap(33, 39),
		blue: wrap(34, 39),
		cyan: wrap(36, 39),
		magenta: wrap(35, 39),
		bold: wrap(1, 22),
		dim: wrap(2, 22),
	};
}

/**
 * `text` as it may reach the terminal: every control neutralised except the color codes `style`
 * itself emits (none when color is off). JSON keeps its values (see terminalSafe). Apply it to
 * everything a command writes.
 */
export function safeOutput(text: string, style: Pick<TerminalStyle, 'enabled'>): string {
	return terminalSafe(text, style.enabled ? ownSequence : undefined);
}

export function colorWanted(stream: {isTTY?: boolean}, env: NodeJS.ProcessEnv = process.env): boolean {
	if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
	if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
	return stream.isTTY === true;
}

/** The ANSI style of each tone. */
export function toneStyle(style: TerminalStyle, tone: Tone): (text: string) => string {
	switch (tone) {
		case 'success':
			return style.green;
		case 'warning':
			return style.yellow;
		case 'danger':
			return style.red;
		case 'info':
			return style.blue;
		case 'accent':
			return style.cyan;
		case 'special':
			return style.magenta;
		case 'muted':
			return style.dim;
	}
}

/** A badge as '✔ Synced' in its tone; `empty` (a table's '-') for no status. */
export function styleBadge(style: TerminalStyle, badge: Badge, empty = '-'): string {
	return badge.word ? toneStyle(style, badge.tone)(badgeText(badge)) : style.dim(empty);
}

/** The health badge ('♥ Healthy'); '-' for kinds without health. */
export function styleHealth(style: TerminalStyle, status: HealthStatusCode | null): string {
	return styleBadge(style, healthBadge(status));
}

/** The sync badge ('↻ OutOfSync'). */
export function styleSync(style: TerminalStyle, status: SyncStatusCode): string {
	return styleBadge(style, syncBadge(status));
}

// eslint-disable-next-line no-control-regex
const sgr = /\u001B\[[0-9;]*m/g;

/**
 * Left-aligned columns for plain-text tables; widths from the visible text (our ANSI codes
 * ignored). Cells are made terminal-safe, so a name or message cannot break the table.
 */
export function formatTable(rows: string[][]): string[] {
	const safeRows = rows.map(row => row.map(cell => terminalSafe(cell, ownSequence)));
	const visible = (text: string) => text.replace(sgr, '').length;
	const widths: number[] = [];
	for (const row of safeRows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, visible(cell))));
	return safeRows.map(row =>
		row
			.map((cell, index) => (index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - visible(cell))))
			.join('  ')
			.trimEnd(),
	);
}
