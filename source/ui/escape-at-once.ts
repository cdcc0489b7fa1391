/**
 * Esc at once. A terminal sends the Esc key as one byte, ESC, which also starts every escape
 * sequence (arrows, PgDn, F-keys), so Ink waits 20 ms for more bytes before it takes a lone ESC
 * for the key: every `esc` of the UI (back, cancel, close) waited that long. A terminal writes a
 * sequence whole, so a read that returns ESC and nothing else is the key (crossterm decides the
 * same way). This stdin hands such a read to Ink in the kitty keyboard protocol's spelling of Esc
 * (CSI 27 u), which Ink decodes at once, as the same key. Every other read passes unchanged: ESC
 * followed by anything (Alt+key, a sequence, two ESCs) is still Ink's to parse.
 */

/** Esc in the kitty keyboard protocol: CSI 27 u. */
export const kittyEscape = '\u001B[27u';

/** `stdin` with each read that is a lone ESC given as `kittyEscape`. */
export function escapeAtOnce(stdin: NodeJS.ReadStream): NodeJS.ReadStream {
	const read = (size?: number): unknown => {
		const chunk: unknown = stdin.read(size);
		if (chunk === '\u001B') return kittyEscape;
		if (Buffer.isBuffer(chunk) && chunk.length === 1 && chunk[0] === 0x1b) return Buffer.from(kittyEscape);
		return chunk;
	};
	return new Proxy(stdin, {
		get(target, property) {
			if (property === 'read') return read;
			const value: unknown = Reflect.get(target, property, target);
			// Methods run on the stream itself (listeners, raw mode, encoding), not on the proxy.
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
		},
	});
}
