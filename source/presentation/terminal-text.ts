/**
 * Text from outside (pod logs, object names, API server and tool messages, YAML, commit subjects,
 * author names) made harmless for a terminal. A container that logs `ESC[2J`, `ESC]0;title BEL`
 * or an OSC 8 hyperlink must not clear the screen, retitle the terminal or plant a link; a `CR`
 * must not overwrite what was printed before it on the line. Ink 8 drops some sequences itself
 * but keeps OSC strings and every SGR (conceal, black on black), and the CLI has no Ink at all,
 * so both surfaces pass data through `terminalSafe` at their boundary. Pure.
 *
 * The rule:
 * - escape sequences introduced by ESC (CSI `ESC[`, the strings OSC `ESC]`, DCS `ESCP`, SOS `ESCX`,
 *   PM `ESC^`, APC `ESC_` up to their terminator or the end of the line, and two-character escapes
 *   such as `ESC c`) are removed whole, so colored logs read as plain text;
 * - other C0 controls become visible Control Pictures (`␛`, `␇`, `␍`...), except newline and tab;
 *   a CR right before a newline or at the end is a line ending and is dropped;
 * - DEL and the C1 controls (U+007F..U+009F, among them the one-character CSI U+009B) become the
 *   six characters `\u009b`: visible, and the same escape JSON uses, so JSON text stays valid
 *   JSON with the same values when it goes through this function.
 * The result has no control characters besides newline and tab, so applying it twice changes
 * nothing.
 */

// eslint-disable-next-line no-control-regex
const anyControl = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/**
 * One pass over the text: (1) an ESC-introduced sequence, longest forms first; strings (OSC, DCS,
 * SOS, PM, APC) end at BEL, ST (`ESC \` or U+009C) or, unterminated, at the end of the line, so one
 * hostile cell cannot swallow the rows after it; (2) a CR that ends a line; (3) any other control.
 */
const controls =
	// eslint-disable-next-line no-control-regex
	/(\u001B\[[\u0030-\u003F]*[\u0020-\u002F]*[\u0040-\u007E]?|\u001B[\]PX^_][^\n\u0007\u009C\u001B]*(?:\u0007|\u009C|\u001B\\)?|\u001B[\u0020-\u002F]*[\u0030-\u007E])|(\r(?=\n|$))|[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Which of our own escape sequences survive (the CLI's color codes); default none. */
export type KeepSequence = (sequence: string) => boolean;

/** `text` with every terminal control neutralised (see the module comment); `keep` spares some escape sequences. */
export function terminalSafe(text: string, keep?: KeepSequence): string {
	if (!anyControl.test(text)) return text;
	return text.replace(controls, (match: string, sequence: string | undefined, lineEnd: string | undefined) => {
		if (sequence !== undefined) return keep?.(sequence) ? sequence : '';
		if (lineEnd !== undefined) return '';
		return visible(match.charCodeAt(0));
	});
}

/** A control character as visible text: its Control Picture (U+2400 + code) for C0, `\\u009b` for DEL and C1. */
function visible(code: number): string {
	if (code < 0x20) return String.fromCharCode(0x2400 + code);
	return `\\u${code.toString(16).padStart(4, '0')}`;
}
