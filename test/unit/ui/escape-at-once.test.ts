import {describe, expect, it} from 'vitest';
import {escapeAtOnce, kittyEscape} from '../../../source/ui/escape-at-once.js';
import {FakeTtyIn} from './support/tty-streams.js';

/** What Ink reads through the adapter after `chunks` are typed, one read each. */
function readsOf(chunks: string[]): unknown[] {
	const stdin = new FakeTtyIn();
	const adapted = escapeAtOnce(stdin as unknown as NodeJS.ReadStream);
	for (const chunk of chunks) stdin.write(chunk);
	return chunks.map(() => adapted.read());
}

describe('escapeAtOnce', () => {
	it('gives a read that is a lone ESC as Esc in the kitty spelling, which needs no wait', () => {
		expect(readsOf(['\u001B'])).toEqual([kittyEscape]);
		expect(readsOf(['j', '\u001B', 'k'])).toEqual(['j', kittyEscape, 'k']);
	});

	it('leaves sequences, Alt+key and double ESC to Ink', () => {
		const chunks = ['\u001B[6~', '\u001B[A', '\u001Bj', '\u001B\u001B', 'q'];
		expect(readsOf(chunks)).toEqual(chunks);
	});

	it('does the same for a stream without an encoding (Buffers)', () => {
		const stdin = {read: () => Buffer.from([0x1b])} as unknown as NodeJS.ReadStream;
		expect(escapeAtOnce(stdin).read()).toEqual(Buffer.from(kittyEscape));
	});

	it('runs every other member on the stream itself', () => {
		const stdin = new FakeTtyIn();
		const adapted = escapeAtOnce(stdin as unknown as NodeJS.ReadStream);
		const listener = () => {};
		adapted.addListener('readable', listener);
		expect(stdin.listenerCount('readable')).toBe(1);
		adapted.removeListener('readable', listener);
		expect(stdin.listenerCount('readable')).toBe(0);
		expect(adapted.isTTY).toBe(true);
		expect('setRawMode' in adapted).toBe(true);
	});
});
