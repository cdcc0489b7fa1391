/** Help: every key and command, generated from the keymap (help-lines.ts); ? or esc closes it. */
import {useMemo} from 'react';
import {Box} from 'ink';
import {Text} from '../components/text.js';
import type {AppView, EngineSnapshot} from '../../engine/engine-state.js';
import {positionText, TextView} from '../components/text-view.js';
import {helpLines} from '../help-lines.js';
import {useCommands} from '../hooks/use-commands.js';
import {useScroll} from '../hooks/use-scroll.js';
import {theme} from '../theme.js';
import {useUi} from '../ui-context.js';

/** Props of HelpScreen. */
export interface HelpScreenProps {
	snapshot: EngineSnapshot;
	/** The app actions would apply to; availability is shown for it. */
	app: AppView | undefined;
	height: number;
}

/** The help screen. */
export function HelpScreen({snapshot, app, height}: HelpScreenProps) {
	const {lab} = useUi();
	const lines = useMemo(() => helpLines(snapshot, app, lab !== null), [snapshot, app, lab]);
	const textHeight = Math.max(1, height - 1);
	const scroll = useScroll('help', lines.length, textHeight);
	useCommands(command => scroll.handle(command));
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate-end">
				<Text bold>Help</Text>
				<Text
					color={theme.muted}
				>{`${app ? ` for ${app.name}` : ''}  ? or esc closes  j/k scroll  ${positionText(scroll.top, textHeight, lines.length)}`}</Text>
			</Text>
			<TextView lines={lines} top={scroll.top} height={textHeight} />
		</Box>
	);
}
