/**
 * Diff: the colored unified YAML diff of one object or of the whole app (live on the '-' side,
 * Git on the '+' side), its change summary and who changed which field. Long diffs scroll
 * without cost: only the visible lines render.
 */
import {useMemo} from 'react';
import {Box} from 'ink';
import {Text} from '../components/text.js';
import {keyString, type ResourceKey} from '../../core/kube-object.js';
import type {AppView} from '../../engine/engine-state.js';
import {type LineStyle, positionText, TextView} from '../components/text-view.js';
import {useCommands} from '../hooks/use-commands.js';
import {useFullDiff} from '../hooks/use-full-diff.js';
import {useRemembered} from '../hooks/use-remembered.js';
import {useScroll} from '../hooks/use-scroll.js';
import {type DiffLine, type DiffTone, diffDocument, summaryText} from '../select-diff.js';
import {theme} from '../theme.js';
import {requestKeep} from '../source-edit-commands.js';
import {useUi} from '../ui-context.js';
import {wrapWords} from '../wrap-words.js';

/** Props of DiffScreen. */
export interface DiffScreenProps {
	app: AppView;
	/** Undefined: every drifted object of the app. */
	object?: ResourceKey;
	height: number;
	width: number;
	now: number;
}

const toneStyle: Record<DiffTone, LineStyle> = {
	add: {color: theme.diff['+']},
	remove: {color: theme.diff['-']},
	context: {},
	hunk: {color: theme.diff['@']},
	title: {color: theme.accent, bold: true},
	note: {color: theme.warning},
};
const styleOf = (line: DiffLine): LineStyle => toneStyle[line.tone];

/** The diff screen. */
export function DiffScreen({app, object, height, width, now}: DiffScreenProps) {
	const ui = useUi();
	const {actions} = ui;
	const [mode, setMode] = useRemembered<'compact' | 'full'>('diff:mode', 'compact');
	const full = useFullDiff(actions, app, object, mode === 'full');
	const document = useMemo(() => diffDocument(app, object, now, full.lines), [app, object, now, full.lines]);
	const {lines} = document;
	const attribution = document.attribution.flatMap(sentence => wrapWords(sentence, width)).slice(0, 3);
	const textHeight = Math.max(1, height - 1 - attribution.length);
	const scroll = useScroll(`diff:${app.name}:${object ? keyString(object) : '*'}`, lines.length, textHeight);

	useCommands(command => {
		if (scroll.handle(command)) return true;
		if (command === 'keep') {
			const drifted = object ? app.status.objects.find(candidate => keyString(candidate.key) === keyString(object)) : undefined;
			if (!object)
				ui.dispatch({
					type: 'notify',
					message: {tone: 'error', text: 'K keeps the live change of one object: open its diff from the app screen.'},
				});
			else requestKeep(app, drifted, ui);
			return true;
		}
		if (command !== 'toggleDiffMode') return false;
		setMode(mode === 'full' ? 'compact' : 'full');
		return true;
	});

	const modeText = mode === 'compact' ? 'compact (f: full)' : 'full (f: compact)';
	return (
		<Box flexDirection="column" height={height}>
			<Text wrap="truncate-end">
				<Text bold>{`Diff ${document.title}  `}</Text>
				<Text>{`${summaryText(document.summary)}  `}</Text>
				<Text color={theme.muted}>{`${positionText(scroll.top, textHeight, lines.length)}  `}</Text>
				<Text color={theme.diff['-']}>-live </Text>
				<Text color={theme.diff['+']}>{'+git  '}</Text>
				<Text color={theme.muted}>{modeText}</Text>
			</Text>
			{attribution.map((sentence, index) => (
				<Text key={index} color={theme.warning} wrap="truncate-end">
					{sentence}
				</Text>
			))}
			{lines.length === 0 ? (
				<Text color={theme.muted}>{object ? 'No differences: the live object matches Git.' : 'No drift: the cluster matches Git.'}</Text>
			) : (
				<TextView lines={lines} styleOf={styleOf} top={scroll.top} height={textHeight} />
			)}
		</Box>
	);
}
