import type {CommandIo} from '../../../source/commands/command-io.js';
import {terminalStyle} from '../../../source/commands/terminal-style.js';

export function captureIo(color = false): CommandIo & {stdout: () => string; stderr: () => string} {
	const out: string[] = [];
	const err: string[] = [];
	return {
		out: text => void out.push(text),
		err: text => void err.push(text),
		style: terminalStyle(color),
		stdout: () => out.join('\n'),
		stderr: () => err.join('\n'),
	};
}
