/**
 * Apps: one row per app with sync and health badges, revision, drift counts and the age of its
 * last event. Apps in error say so below the table, in place.
 */
import {useEffect, useMemo} from 'react';
import {Box} from 'ink';
import {Text} from '../components/text.js';
import type {AppView, EngineSnapshot} from '../../engine/engine-state.js';
import {BadgeText} from '../components/badge-text.js';
import {Cell} from '../components/cell.js';
import {ErrorNotice, errorRows} from '../components/error-notice.js';
import {WindowedList} from '../components/windowed-list.js';
import {formatAge} from '../../presentation/duration.js';
import {useCommands} from '../hooks/use-commands.js';
import {useListCursor} from '../hooks/use-list-cursor.js';
import {lastEventTime, shortRevision, visibleApps} from '../select-apps.js';
import {healthBadge, syncBadge} from '../../presentation/badges.js';
import {cursorMarker, theme} from '../theme.js';
import {useUi} from '../ui-context.js';

/** Props of AppsScreen. */
export interface AppsScreenProps {
	snapshot: EngineSnapshot;
	filter: string;
	contextFilter: string | null;
	height: number;
	width: number;
	now: number;
}

/** Rows of error notices below the table at most, so the table keeps most of the screen. */
const maxErrorRows = 6;

function AppRow({app, selected, now}: {app: AppView; selected: boolean; now: number}) {
	const {counts} = app.status;
	return (
		<>
			<Cell width={2} color={theme.accent}>
				{selected ? cursorMarker : ' '}
			</Cell>
			<Cell bold={selected}>{`${app.name}${app.status.error ? ' !' : ''}`}</Cell>
			<Cell width={12}>
				<BadgeText badge={syncBadge(app.status.syncStatus)} />
			</Cell>
			<Cell width={14}>
				<BadgeText badge={healthBadge(app.status.health.status)} />
			</Cell>
			<Cell width={9} color={theme.accent}>
				{shortRevision(app)}
			</Cell>
			<Cell width={4} color={counts.modified > 0 ? theme.warning : undefined}>
				{String(counts.modified)}
			</Cell>
			<Cell width={5} color={counts.missing > 0 ? theme.danger : undefined}>
				{String(counts.missing)}
			</Cell>
			<Cell width={6} color={counts.extra > 0 ? theme.special : undefined}>
				{String(counts.extra)}
			</Cell>
			<Cell width={6} dim>
				{formatAge(lastEventTime(app), now)}
			</Cell>
		</>
	);
}

/** The apps screen. */
export function AppsScreen({snapshot, filter, contextFilter, height, width, now}: AppsScreenProps) {
	const {dispatch} = useUi();
	const apps = useMemo(() => visibleApps(snapshot.apps, filter, contextFilter), [snapshot.apps, filter, contextFilter]);
	const notices = apps
		.filter(app => app.status.error)
		.flatMap(app => (app.status.error ? errorRows(app.status.error, width, `${app.name}: `) : []));
	const shownNotices = notices.slice(0, maxErrorRows);
	const listHeight = Math.max(1, height - 1 - shownNotices.length);
	const list = useListCursor('apps', apps.length, listHeight);
	const focused = apps[list.cursor];

	useEffect(() => {
		dispatch({type: 'focusApp', app: focused?.name ?? null});
	}, [dispatch, focused?.name]);

	useCommands(command => {
		if (list.handle(command)) return true;
		if (!focused) return false;
		if (command === 'open') dispatch({type: 'push', route: {screen: 'app', app: focused.name}});
		else if (command === 'diff') dispatch({type: 'push', route: {screen: 'diff', app: focused.name}});
		else return false;
		return true;
	});

	const empty =
		snapshot.apps.length === 0
			? 'No apps yet: waiting for the engine to load the Application manifests.'
			: 'No app matches the filter (esc clears it).';
	return (
		<Box flexDirection="column" height={height}>
			<Box>
				<Cell width={2}> </Cell>
				<Cell bold>{`APPS ${apps.length}/${snapshot.apps.length}${filter ? ` /${filter}` : ''}`}</Cell>
				{['SYNC', 'HEALTH', 'REV', 'MOD', 'MISS', 'EXTRA', 'LAST'].map((title, index) => (
					<Cell key={title} width={[12, 14, 9, 4, 5, 6, 6][index]} bold>
						{title}
					</Cell>
				))}
			</Box>
			{apps.length === 0 ? (
				<Text color={theme.muted}>{empty}</Text>
			) : (
				<WindowedList
					count={apps.length}
					cursor={list.cursor}
					height={Math.min(apps.length, listHeight)}
					renderRow={(index, selected) => {
						const app = apps[index];
						return app ? <AppRow app={app} selected={selected} now={now} /> : null;
					}}
				/>
			)}
			<ErrorNotice rows={shownNotices} />
		</Box>
	);
}
