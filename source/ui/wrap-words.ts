/**
 * Word wrapping done before rendering, so the layout knows how many rows a message takes (ink
 * would wrap too, but after the layout is decided; an overflowing frame forces a full redraw).
 * The text is made terminal-safe first, so a control sequence is never cut in two by a wrap.
 */
import {terminalSafe} from '../presentation/terminal-text.js';

/** Splits `text` into lines of at most `width` characters at spaces; longer words are cut. */
export function wrapWords(text: string, width: number, maxLines = Number.POSITIVE_INFINITY): string[] {
	const limit = Math.max(1, width);
	const lines: string[] = [];
	let line = '';
	for (const word of terminalSafe(text).split(/\s+/).filter(Boolean)) {
		let rest = word;
		while (rest.length > limit) {
			if (line) lines.push(line);
			lines.push(rest.slice(0, limit));
			line = '';
			rest = rest.slice(limit);
		}
		if (!line) line = rest;
		else if (line.length + 1 + rest.length <= limit) line += ` ${rest}`;
		else {
			lines.push(line);
			line = rest;
		}
	}
	if (line) lines.push(line);
	if (lines.length <= maxLines) return lines;
	const kept = lines.slice(0, maxLines);
	const last = kept[maxLines - 1] ?? '';
	kept[maxLines - 1] = last.length >= limit ? `${last.slice(0, limit - 1)}…` : `${last}…`;
	return kept;
}
