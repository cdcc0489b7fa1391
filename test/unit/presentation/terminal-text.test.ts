import {describe, expect, it} from 'vitest';
import {terminalSafe} from '../../../source/presentation/terminal-text.js';

// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** Hostile strings a container, an object or a commit can carry, and what must be shown instead. */
const hostile: Array<[string, string, string]> = [
	['retitle the terminal (OSC 0, BEL)', 'a\u001B]0;owned\u0007b', 'ab'],
	['retitle the terminal (OSC 2, ST)', 'a\u001B]2;owned\u001B\\b', 'ab'],
	['plant a hyperlink (OSC 8)', '\u001B]8;;https://evil.example\u001B\\click\u001B]8;;\u001B\\', 'click'],
	['clear the screen (CSI 2J)', 'before\u001B[2Jafter', 'beforeafter'],
	['move the cursor home (CSI H)', '\u001B[Hx', 'x'],
	['hide text (SGR conceal)', 'shown \u001B[8mhidden\u001B[0m', 'shown hidden'],
	['reset the terminal (ESC c)', 'a\u001Bcb', 'ab'],
	['device control string', 'a\u001BPq#0;2;0;0;0\u001B\\b', 'ab'],
	['a lone ESC', 'a\u001B', 'a␛'],
	['C1 CSI (U+009B)', 'a\u009B2Jb', 'a\\u009b2Jb'],
	['C1 OSC (U+009D)', '\u009D0;owned\u0007', '\\u009d0;owned␇'],
	['DEL', 'a\u007Fb', 'a\\u007fb'],
	['carriage return overwrite', 'password: hunter2\rpassword: *******', 'password: hunter2␍password: *******'],
	['backspace overwrite', 'rm -rf /\b\b\b\bls  ', 'rm -rf /␈␈␈␈ls  '],
	['bell', 'ding\u0007', 'ding␇'],
	['NUL', 'a\u0000b', 'a␀b'],
	['an unterminated OSC stops at the end of the line', 'a\u001B]0;x\nnext line', 'a\nnext line'],
	['an unterminated CSI at the end', 'a\u001B[12', 'a'],
];

describe('terminalSafe', () => {
	it.each(hostile)('neutralises: %s', (_name, input, expected) => {
		const safe = terminalSafe(input);
		expect(safe).toBe(expected);
		expect(safe).not.toMatch(controlCharacters);
	});

	it.each([
		['plain text', 'web-7d9f8c6b5-x2k4q Running'],
		['newlines and tabs', 'line 1\n\tline 2'],
		['Unicode', 'Ünïcødé ✔ ♥ ⎇ 日本語 🚀'],
		['a JSON escape as text', 'C:\\temp \\u001b'],
	])('leaves %s alone', (_name, text) => {
		expect(terminalSafe(text)).toBe(text);
	});

	it('drops the CR of CRLF line endings and of a line read without its newline', () => {
		expect(terminalSafe('one\r\ntwo\r\n')).toBe('one\ntwo\n');
		expect(terminalSafe('windows line\r')).toBe('windows line');
	});

	it('removes color codes from colored logs', () => {
		expect(terminalSafe('\u001B[32mINFO\u001B[0m started \u001B[1;31mERROR\u001B[m')).toBe('INFO started ERROR');
	});

	it('is idempotent', () => {
		for (const [, input] of hostile) expect(terminalSafe(terminalSafe(input))).toBe(terminalSafe(input));
	});

	it('keeps JSON valid and its values unchanged', () => {
		const value = {name: 'a\u009B2Jb', log: 'x\u001B]0;t\u0007\r\u007F', nested: ['\u0085', '\u009D']};
		const json = JSON.stringify(value, null, 2);
		const safe = terminalSafe(json);
		expect(safe).not.toMatch(controlCharacters);
		expect(JSON.parse(safe)).toEqual(value);
	});

	it('keeps the sequences the caller owns, and only those', () => {
		const ours = (sequence: string) => sequence === '\u001B[32m' || sequence === '\u001B[39m';
		expect(terminalSafe('\u001B[32mok\u001B[39m \u001B[2J\u001B]0;t\u0007', ours)).toBe('\u001B[32mok\u001B[39m ');
	});

	it('does not let one unterminated string swallow the rows after it', () => {
		expect(terminalSafe('web   Healthy   \u001B]0;owned\napi   Degraded')).toBe('web   Healthy   \napi   Degraded');
	});
});
