/**
 * ANSI styling for one-shot command output. Color is on only for a TTY and never when NO_COLOR
 * is set (https://no-color.org), so piped output and CI logs stay plain.
 */
import type {HealthStatusCode, SyncStatusCode} from '../core/kube-object.js';

export interface TerminalStyle {
	enabled: boolean;
	red(text: string): string;
	green(text: string): string;
	yellow(text: string): string;
	blue(text: string): string;
	cyan(text: string): string;
	magenta(text: string): string;
	bold(text: string): string;
	dim(text: string): string;
}

export function terminalStyle(enabled: boolean): TerminalStyle {
	const wrap = (open: number, close: number) => (text: string) => (enabled ? `\u001B[${open}m${text}\u001B[${close}m` : text);
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

export function colorWanted(stream: {isTTY?: boolean}, env: NodeJS.ProcessEnv = process.env): boolean {
	if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
	if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
	return stream.isTTY === true;
}

/** Status words keep a symbol so they read the same without color. */
export function styleHealth(style: TerminalStyle, status: HealthStatusCode | null): string {
	switch (status) {
		case 'Healthy':
			return style.green('♥ Healthy');
		case 'Progressing':
			return style.blue('◐ Progressing');
		case 'Degraded':
			return style.red('✖ Degraded');
		case 'Suspended':
			return style.magenta('⏸ Suspended');
		case 'Missing':
			return style.yellow('? Missing');
		case 'Unknown':
			return style.dim('? Unknown');
		case null:
			return style.dim('-');
	}
}

export function styleSync(style: TerminalStyle, status: SyncStatusCode): string {
	switch (status) {
		case 'Synced':
			return style.green('✔ Synced');
		case 'OutOfSync':
			return style.yellow('↻ OutOfSync');
		case 'Unknown':
			return style.dim('? Unknown');
	}
}

/** Left-aligned columns for plain-text tables; widths from the visible text (ANSI codes ignored). */
export function formatTable(rows: string[][]): string[] {
	const visible = (text: string) => text.replace(/\u001B\[[0-9;]*m/g, '').length;
	const widths: number[] = [];
	for (const row of rows) row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, visible(cell))));
	return rows.map(row =>
		row
			.map((cell, index) => (index === row.length - 1 ? cell : cell + ' '.repeat((widths[index] ?? 0) - visible(cell))))
			.join('  ')
			.trimEnd(),
	);
}
