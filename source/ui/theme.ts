/**
 * The UI's palette: the Ink color of each tone (presentation/badges.ts defines the tones and every
 * status badge), the diff colors and the row markers. Components ask for "the warning color" or
 * "the color of this badge", never for "yellow", so a palette change is one edit here.
 */
import type {Badge, Tone} from '../presentation/badges.js';

/** An ink color name. */
export type Color = 'green' | 'yellow' | 'red' | 'blue' | 'cyan' | 'magenta' | 'gray' | 'white';

/** The color of each tone. */
export const toneColors = {
	accent: 'cyan',
	muted: 'gray',
	danger: 'red',
	warning: 'yellow',
	success: 'green',
	info: 'blue',
	special: 'magenta',
} as const satisfies Record<Tone, Color>;

/** Roles, not colors: the tones, plus the diff lines ('-' is the live side, '+' the desired (Git) side). */
export const theme = {
	...toneColors,
	diff: {'+': 'green', '-': 'red', '@': 'cyan', ' ': 'white'},
} as const satisfies Record<string, Color | Record<string, Color>>;

/** The Ink color of a badge. */
export function badgeColor(badge: Badge): Color {
	return toneColors[badge.tone];
}

/** The marker of the row under the cursor; a glyph so it shows without color or inverse video. */
export const cursorMarker = '▸';
/** The marker of a row picked with space for a partial sync. */
export const selectedMarker = '●';
