/**
 * The lab panel (`L`, `:lab`; only in `driftwatch lab`): the exercises in order, each ticked when
 * driftwatch has observed its outcome; the selected one's steps with what to do and what to
 * expect; `x` makes the current step for you (the request or push a person would make, as
 * lab-user). The bottom lines tell a second terminal where the cluster and the clone are.
 */
import {useCallback, useSyncExternalStore} from 'react';
import {Box} from 'ink';
import {Text} from '../components/text.js';
import type {AppView} from '../../engine/engine-state.js';
import type {LabPanel} from '../../lab/exercises/lab-panel.js';
import {AppSummary} from '../components/app-summary.js';
import {TextView} from '../components/text-view.js';
import {WindowedList} from '../components/windowed-list.js';
import {errorLine} from '../../presentation/error-text.js';
import {useCommands} from '../hooks/use-commands.js';
import {useListCursor} from '../hooks/use-list-cursor.js';
import {doneCount, exerciseDetail, exerciseRow, podsLine, secondTerminalLines} from '../select-lab.js';
import {cursorMarker, theme} from '../theme.js';
import {useUi} from '../ui-context.js';

/** Props of LabScreen. */
export interface LabScreenProps {
	/** The lab's app. */
	app: AppView;
	height: number;
	width: number;
}

/** The lab panel; says where it lives when there is no lab. */
export function LabScreen(props: LabScreenProps) {
	const {lab} = useUi();
	if (!lab) return <Text color={theme.muted}>The lab panel is part of `driftwatch lab` (`npm start`).</Text>;
	return <LabPanelView {...props} lab={lab} />;
}

function LabPanelView({app, height, width, lab}: LabScreenProps & {lab: LabPanel}) {
	const {dispatch} = useUi();
	const subscribe = useCallback((listener: () => void) => lab.subscribe(listener), [lab]);
	const progress = useSyncExternalStore(subscribe, () => lab.getSnapshot());
	const {exercises} = lab;
	const cursor = useListCursor('lab', exercises.length, exercises.length);
	const selected = exercises[cursor.cursor];
	const selectedProgress = progress.find(entry => entry.id === selected?.id);

	useCommands(command => {
		if (cursor.handle(command)) return true;
		if (command !== 'runStep' || !selected) return false;
		const step = selected.steps[selectedProgress?.steps.findIndex(entry => entry.status !== 'done') ?? 0];
		if (!step) {
			dispatch({type: 'notify', message: {tone: 'info', text: `"${selected.title}" is done: pick another exercise with j/k.`}});
			return true;
		}
		dispatch({type: 'notify', message: {tone: 'info', text: `Doing it for you, as lab-user: ${step.do({namespace: lab.namespace})}`}});
		lab.runStep(selected.id).catch((failure: unknown) => {
			dispatch({type: 'notify', message: {tone: 'error', text: `The step could not be made: ${errorLine(failure)}`}});
		});
		return true;
	});

	const terminal = secondTerminalLines(lab.secondTerminal);
	const listHeight = Math.min(exercises.length, Math.max(1, height - 5 - terminal.length));
	const detailHeight = Math.max(0, height - 4 - listHeight - terminal.length);
	const detail = selected ? exerciseDetail(selected, selectedProgress, lab.namespace, width) : [];
	return (
		<Box flexDirection="column" height={height}>
			<AppSummary app={app} picked={0} />
			<Text color={theme.muted} wrap="truncate-end">
				{podsLine(app)}
			</Text>
			<Text wrap="truncate-end">
				<Text bold color={theme.accent}>
					LAB
				</Text>
				<Text>{`  GitOps self-healing · ${doneCount(progress)}`}</Text>
				<Text color={theme.muted}>{'  x does the step for you, as lab-user; ✔ = seen by driftwatch'}</Text>
			</Text>
			<WindowedList
				count={exercises.length}
				cursor={cursor.cursor}
				height={listHeight}
				renderRow={(index, isSelected) => {
					const exercise = exercises[index];
					if (!exercise) return null;
					const row = exerciseRow(
						exercise,
						index,
						progress.find(entry => entry.id === exercise.id),
					);
					return (
						<Text wrap="truncate-end" bold={isSelected}>
							<Text color={theme.accent}>{isSelected ? `${cursorMarker} ` : '  '}</Text>
							<Text color={row.color}>{`${row.mark} `}</Text>
							<Text>{row.text}</Text>
						</Text>
					);
				}}
			/>
			<Text> </Text>
			<Box height={detailHeight} flexDirection="column" overflow="hidden">
				<TextView lines={detail} top={0} height={detailHeight} />
			</Box>
			<TextView lines={terminal} top={0} height={terminal.length} />
		</Box>
	);
}
