/**
 * The bottom of every screen: the open prompt or the last message (wrapped, two rows at most),
 * then the keys of this screen, generated from the keymap. Keys that are unavailable here
 * (read-only, forbidden) are dimmed, not hidden.
 */
import {Box} from 'ink';
import {Text} from './text.js';
import {type Binding, activeBindings, appliesTo, keysLabel} from '../keymap.js';
import type {Message, Prompt, ScreenName} from '../navigation.js';
import {theme} from '../theme.js';
import {wrapWords} from '../wrap-words.js';

/** Props of StatusLine. */
export interface StatusLineProps {
	screen: ScreenName;
	prompt: Prompt | null;
	message: Message | null;
	width: number;
	/** Why a guarded binding is unavailable, or null. */
	unavailable: (binding: Binding) => string | null;
	/** In `driftwatch lab`: the lab's keys are hinted too. */
	lab?: boolean;
}

/** Scrolling keys are the same everywhere; the hint row keeps its room for the rest. */
const quiet = new Set(['up', 'down', 'top', 'bottom', 'pageUp', 'pageDown']);

function messageRows(message: Message | null, width: number): string[] {
	return message ? wrapWords(message.text, width, 2) : [];
}

/** Rows the status line takes, for the layout above it. */
export function statusLineHeight(prompt: Prompt | null, message: Message | null, width: number): number {
	return 1 + (prompt ? 1 : messageRows(message, width).length);
}

/** The prompt or message, then the key hints. */
export function StatusLine({screen, prompt, message, width, unavailable, lab = false}: StatusLineProps) {
	// This screen's own keys first, the everywhere keys (esc, ?, q...) last: the row is cut at the width.
	const hints = activeBindings(lab)
		.filter(binding => appliesTo(binding, screen) && !quiet.has(binding.command))
		.sort((a, b) => Number(a.screens === 'all') - Number(b.screens === 'all'))
		// In the lab, its keys come first: they are how a newcomer finds the exercises.
		.sort((a, b) => Number(b.labOnly ?? false) - Number(a.labOnly ?? false));
	return (
		<Box flexDirection="column" flexShrink={0}>
			{prompt ? (
				<Text wrap="truncate-start">
					<Text color={theme.accent}>{prompt.mode === 'filter' ? '/' : ':'}</Text>
					<Text>{prompt.text}</Text>
					<Text color={theme.muted}>{`▏  enter ${prompt.mode === 'filter' ? 'keep' : 'run'} · esc cancel`}</Text>
				</Text>
			) : (
				messageRows(message, width).map((row, index) => (
					<Text key={index} color={message?.tone === 'error' ? theme.danger : theme.success} wrap="truncate-end">
						{row}
					</Text>
				))
			)}
			<Text wrap="truncate-end">
				{hints.map(binding => (
					<Text key={binding.command} dimColor={unavailable(binding) !== null}>
						<Text color={theme.accent}>{binding.chords[0]?.label ?? keysLabel(binding)}</Text>
						<Text>{` ${binding.label.toLowerCase()}  `}</Text>
					</Text>
				))}
			</Text>
		</Box>
	);
}
