/**
 * Text from a repository shown on a terminal: control characters (ESC, CR, BEL, C1 codes...)
 * become visible escapes such as `\x1b`, so a hostile file cannot move the cursor, rewrite earlier
 * lines or change the terminal's title. Tabs stay.
 */
export function printable(text: string): string {
	return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/gu, character => {
		const code = character.codePointAt(0) ?? 0;
		return code > 0xff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\x${code.toString(16).padStart(2, '0')}`;
	});
}
