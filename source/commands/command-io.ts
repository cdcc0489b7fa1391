/** Where a one-shot command writes, and how (color or not). Commands return their exit code. */
import {maskUrlCredentials} from '../core/url-credentials.js';
import {type TerminalStyle, safeOutput, terminalStyle} from './terminal-style.js';

export interface CommandIo {
	out(text: string): void;
	err(text: string): void;
	style: TerminalStyle;
}

export function processIo(color: boolean): CommandIo {
	const style = terminalStyle(color);
	// Data printed from outside (names, messages, logs) never carries a control sequence to the
	// terminal, and no credential of a repository URL (text, JSON and JSON lines alike).
	const line = (text: string) => safeOutput(maskUrlCredentials(text.endsWith('\n') ? text : `${text}\n`), style);
	return {
		out: text => void process.stdout.write(line(text)),
		err: text => void process.stderr.write(line(text)),
		style,
	};
}

/** Exit codes, as `kubectl diff` and `argocd app diff` use them. */
export const exitCodes = {ok: 0, drift: 1, failed: 1, error: 2} as const;

export type OutputFormat = 'text' | 'json' | 'jsonl';

export function parseOutput(value: string | undefined, allowed: readonly OutputFormat[] = ['text', 'json']): OutputFormat {
	const format = (value ?? 'text') as OutputFormat;
	if (!allowed.includes(format)) throw new Error(`--output must be one of ${allowed.join(', ')} (got "${value}")`);
	return format;
}
