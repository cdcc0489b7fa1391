/**
 * The UI's only Text: Ink's Text with every string child passed through `terminalSafe`, so data
 * (pod logs, names, messages, YAML, commit subjects) can never move the cursor, clear the screen,
 * retitle the terminal or plant a hyperlink. Ink 8 strips cursor movement itself but keeps OSC
 * strings and all SGR codes (conceal, black on black); Ink's own styling is added after this.
 * Screens and components import Text from here, never from 'ink' (test/unit/ui/safe-text.test.tsx
 * checks it).
 */
import {Children} from 'react';
import {Text as InkText, type TextProps} from 'ink';
import {maskUrlCredentials} from '../../core/url-credentials.js';
import {terminalSafe} from '../../presentation/terminal-text.js';

/** Ink's Text with its string children made terminal-safe, credentials in URLs masked; same props. */
export function Text({children, ...props}: TextProps) {
	return (
		<InkText {...props}>
			{Children.map(children, child => (typeof child === 'string' ? terminalSafe(maskUrlCredentials(child)) : child))}
		</InkText>
	);
}
