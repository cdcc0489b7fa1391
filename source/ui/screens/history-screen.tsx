/**
 * History: the Git commits of the app's source path (the deployed one marked) above the sync
 * history. Tab switches lists; R reverts the selected commit or rolls back to the selected sync.
 */
import {Box} from 'ink';
import {Text} from '../components/text.js';
import type {AppView, CommitView, SyncRecord} from '../../engine/engine-state.js';
import {Cell} from '../components/cell.js';
import {WindowedList} from '../components/windowed-list.js';
import {formatAge} from '../../presentation/duration.js';
import {errorLine} from '../../presentation/error-text.js';
import {useAsyncValue} from '../hooks/use-async-value.js';
import {useCommands} from '../hooks/use-commands.js';
import {useListCursor} from '../hooks/use-list-cursor.js';
import {useRemembered} from '../hooks/use-remembered.js';
import {cursorMarker, theme} from '../theme.js';
import {useUi} from '../ui-context.js';

/** Props of HistoryScreen. */
export interface HistoryScreenProps {
	app: AppView;
	height: number;
	now: number;
}

/** Commits asked of the engine; enough to find a recent change to revert. */
export const commitLimit = 50;

function CommitRow({commit, selected, now}: {commit: CommitView; selected: boolean; now: number}) {
	return (
		<>
			<Cell width={2} color={theme.accent}>
				{selected ? cursorMarker : ' '}
			</Cell>
			<Cell width={9} color={theme.accent}>
				{commit.shortSha}
			</Cell>
			<Cell bold={selected}>{commit.subject}</Cell>
			<Cell width={14} dim>
				{commit.author}
			</Cell>
			<Cell width={5} dim>
				{formatAge(commit.date, now)}
			</Cell>
			<Cell width={11} color={theme.success}>
				{commit.deployed ? '◆ deployed' : ''}
			</Cell>
		</>
	);
}

function SyncRow({record, selected, now}: {record: SyncRecord; selected: boolean; now: number}) {
	return (
		<>
			<Cell width={2} color={theme.accent}>
				{selected ? cursorMarker : ' '}
			</Cell>
			<Cell width={5}>{`#${record.id}`}</Cell>
			<Cell width={9} color={theme.accent}>
				{record.revision.slice(0, 7)}
			</Cell>
			<Cell bold={selected}>{record.subject}</Cell>
			<Cell width={14} dim>
				{record.initiatedBy}
			</Cell>
			<Cell width={5} dim>
				{formatAge(record.time, now)}
			</Cell>
		</>
	);
}

/** The history screen. */
export function HistoryScreen({app, height, now}: HistoryScreenProps) {
	const {actions, request} = useUi();
	const commits = useAsyncValue(() => actions.commits(app.name, commitLimit), [actions, app.name, app.status.revision?.sha]);
	const list = commits.status === 'ready' ? commits.value : [];
	const [pane, setPane] = useRemembered<'commits' | 'syncs'>(`history:${app.name}:pane`, 'commits');
	// Two titles; the sync list takes what it needs up to 40% of the rest.
	const room = Math.max(2, height - 2);
	const syncHeight = Math.max(1, Math.min(app.history.length, Math.floor(room * 0.4)));
	// A short commit list leaves the sync history right below it rather than at the bottom.
	const commitHeight = Math.max(1, Math.min(list.length || 1, room - syncHeight));
	const commitCursor = useListCursor(`history:${app.name}:commits`, list.length, commitHeight);
	const syncCursor = useListCursor(`history:${app.name}:syncs`, app.history.length, syncHeight);

	useCommands(command => {
		if (command === 'nextPane') {
			setPane(pane === 'commits' ? 'syncs' : 'commits');
			return true;
		}
		if ((pane === 'commits' ? commitCursor : syncCursor).handle(command)) return true;
		if (command !== 'revert') return false;
		const commit = list[commitCursor.cursor];
		const record = app.history[syncCursor.cursor];
		if (pane === 'commits' && commit) request({kind: 'revert', app: app.name, sha: commit.sha});
		else if (pane === 'syncs' && record) request({kind: 'rollback', app: app.name, historyId: record.id});
		return true;
	});

	const title = (name: string, focused: boolean, detail: string) => (
		<Text bold={focused} color={focused ? theme.accent : undefined} wrap="truncate-end">
			{`${focused ? cursorMarker : ' '} ${name}`}
			<Text color={theme.muted}>{`  ${detail}`}</Text>
		</Text>
	);
	return (
		<Box flexDirection="column" height={height}>
			{title(
				`Git commits of ${app.source.path} @ ${app.source.targetRevision}`,
				pane === 'commits',
				'R reverts the selected commit · tab: sync history',
			)}
			<Box height={commitHeight} flexDirection="column">
				{commits.status === 'ready' && list.length > 0 && (
					<WindowedList
						count={list.length}
						cursor={commitCursor.cursor}
						active={pane === 'commits'}
						height={commitHeight}
						renderRow={(index, selected) => {
							const commit = list[index];
							return commit ? <CommitRow commit={commit} selected={selected} now={now} /> : null;
						}}
					/>
				)}
				{commits.status === 'ready' && list.length === 0 && <Text color={theme.muted}>No commits touch this path.</Text>}
				{commits.status === 'loading' && <Text color={theme.muted}>Reading the Git history…</Text>}
				{commits.status === 'error' && (
					<Text color={theme.danger}>{`✖ Could not read the Git history: ${errorLine(commits.error)}. Press r to fetch again.`}</Text>
				)}
			</Box>
			{title('Sync history', pane === 'syncs', 'R rolls back to the selected sync (auto-sync turns off)')}
			{app.history.length === 0 ? (
				<Text color={theme.muted}>No syncs recorded yet.</Text>
			) : (
				<WindowedList
					count={app.history.length}
					cursor={syncCursor.cursor}
					active={pane === 'syncs'}
					height={syncHeight}
					renderRow={(index, selected) => {
						const record = app.history[index];
						return record ? <SyncRow record={record} selected={selected} now={now} /> : null;
					}}
				/>
			)}
		</Box>
	);
}
