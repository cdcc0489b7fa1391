/**
 * Logs: a pod's log lines, followed live. The view stays pinned to the newest line until the
 * user scrolls up (G pins it again); c switches to the pod's next container.
 */
import {useMemo} from 'react';
import {Box} from 'ink';
import {Text} from '../components/text.js';
import {positionText, type StyledLine, TextView} from '../components/text-view.js';
import {useCommands} from '../hooks/use-commands.js';
import {useLogFollow} from '../hooks/use-log-follow.js';
import {useRemembered} from '../hooks/use-remembered.js';
import {useScroll} from '../hooks/use-scroll.js';
import type {PodRef} from '../navigation.js';
import {theme} from '../theme.js';
import {useUi} from '../ui-context.js';
import {wrapWords} from '../wrap-words.js';

/** Props of LogsScreen. */
export interface LogsScreenProps {
	pod: PodRef;
	containers: readonly string[];
	height: number;
	width: number;
}

/** The logs screen. */
export function LogsScreen({pod, containers, height, width}: LogsScreenProps) {
	const {actions} = useUi();
	const id = `${pod.namespace}/${pod.name}`;
	const [choice, setChoice] = useRemembered(`logs:${id}:container`, 0);
	const container = containers.length > 0 ? containers[choice % containers.length] : undefined;
	const [previous, setPrevious] = useRemembered(`logs:${id}:previous`, false);
	const {lines, error} = useLogFollow(actions, pod, container, previous);
	const styled = useMemo(
		() => lines.map((text): StyledLine => ({text, color: /\b(error|fatal|panic)\b/i.test(text) ? theme.danger : undefined})),
		[lines],
	);
	const problem = error ? wrapWords(`✖ The log stream stopped: ${error}. Press c for another container, or esc to go back.`, width, 2) : [];
	const textHeight = Math.max(1, height - 1 - problem.length);
	const scroll = useScroll(`logs:${id}:${container ?? ''}`, styled.length, textHeight, 'end');

	useCommands(command => {
		if (scroll.handle(command)) return true;
		if (command === 'previousLogs') {
			setPrevious(!previous);
			return true;
		}
		if (command !== 'nextContainer') return false;
		setChoice(choice + 1);
		return true;
	});

	const containerText = container
		? `container ${container}${containers.length > 1 ? ` (c: ${(choice % containers.length) + 1} of ${containers.length})` : ''}`
		: 'default container';
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate-end">
				<Text bold>{`Logs ${id}  `}</Text>
				<Text>{`${containerText}  `}</Text>
				{previous ? (
					<Text color={theme.warning}>previous run (p: current)</Text>
				) : (
					<Text color={scroll.atEnd ? theme.success : theme.warning}>{scroll.atEnd ? 'following' : 'paused (G: follow)'}</Text>
				)}
				<Text color={theme.muted}>{`  ${positionText(scroll.top, textHeight, styled.length)}`}</Text>
			</Text>
			{problem.map((row, index) => (
				<Text key={index} color={theme.danger}>
					{row}
				</Text>
			))}
			{styled.length === 0 && !error ? (
				<Text color={theme.muted}>Waiting for log lines…</Text>
			) : (
				<TextView lines={styled} top={scroll.top} height={textHeight} />
			)}
		</Box>
	);
}
