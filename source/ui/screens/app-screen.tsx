/**
 * App: the resource tree (Deployment > ReplicaSet > Pod) with each object's drift, sync and
 * health, pods' live state, and a detail line for the object under the cursor. Space picks
 * objects for a partial sync.
 */
import {memo, useMemo} from 'react';
import {Box} from 'ink';
import {Text} from '../components/text.js';
import type {AppView} from '../../engine/engine-state.js';
import {AppSummary} from '../components/app-summary.js';
import {Cell} from '../components/cell.js';
import {ErrorNotice, errorRows} from '../components/error-notice.js';
import {WindowedList} from '../components/windowed-list.js';
import {fieldPath} from '../../presentation/field-path.js';
import {useCommands} from '../hooks/use-commands.js';
import {useListCursor} from '../hooks/use-list-cursor.js';
import {useRemembered} from '../hooks/use-remembered.js';
import type {TreeRow} from '../select-tree.js';
import {TreeRowsCache} from '../tree-rows-cache.js';
import {handleTreeCommand} from '../tree-commands.js';
import {badgeText, driftBadge, healthBadge, liveStateBadge, syncBadge} from '../../presentation/badges.js';
import {badgeColor, cursorMarker, selectedMarker, theme} from '../theme.js';
import {useUi} from '../ui-context.js';

/** Props of AppScreen. */
export interface AppScreenProps {
	app: AppView;
	/** Every app the engine watches (E finds the app's environments among them). */
	apps: readonly AppView[];
	filter: string;
	height: number;
	width: number;
}

/** Widths of the drift, sync and health columns (a space after each included). */
const badgeWidths = [11, 12, 14] as const;
/** Width of the live state column (a space after it included). */
const stateWidth = 18;

/**
 * One row: few layout nodes (a frame draws ~35 of them, and Ink lays out and writes every node
 * of the screen each frame; PgDn changes them all). The name (any text) is a truncating cell; the
 * badge columns hold words of a fixed vocabulary with one-column symbols, so they are padded
 * text, and the live state ends that same text node, cut at its column's end by the node's own
 * truncation (bench: PgDn at 5,000 objects). The badges and state repeat from row to row, and Ink
 * caches the measure of a text it has seen. Memoized: moving the cursor redraws two rows, not the
 * window.
 */
const ObjectRow = memo(function ObjectRow({row, selected, picked}: {row: TreeRow; selected: boolean; picked: boolean}) {
	const {node, object} = row;
	const badges = [
		driftBadge(object?.drift),
		syncBadge(node.syncStatus ?? object?.syncStatus),
		healthBadge(node.health?.status ?? object?.health?.status),
	];
	// The live state last; nothing after the last word (padding there would only be measured and written).
	const columns = [...badges, liveStateBadge(node.liveState)];
	const last = columns.findLastIndex(badge => badge.word);
	return (
		<>
			<Box flexGrow={1} flexShrink={1} minWidth={11} paddingRight={1} overflow="hidden">
				<Text wrap="truncate-end">
					<Text color={theme.accent}>{`${selected ? cursorMarker : ' '}${picked ? selectedMarker : ' '} `}</Text>
					<Text bold={selected}>{`${row.guide}${node.key.kind} ${node.key.name}`}</Text>
				</Text>
			</Box>
			<Box width={badgeWidths[0] + badgeWidths[1] + badgeWidths[2] + stateWidth} flexShrink={0} paddingRight={1} overflow="hidden">
				<Text wrap="truncate-end">
					{last < 0
						? ' '
						: columns.slice(0, last + 1).map((badge, index) => (
								<Text key={index} color={badge.word ? badgeColor(badge) : undefined}>
									{index < last ? badgeText(badge).padEnd(badgeWidths[index] ?? 0) : badgeText(badge)}
								</Text>
							))}
				</Text>
			</Box>
		</>
	);
});

/** One line about the object under the cursor: why it is unhealthy or what drifted, and what to press. */
function detailOf(row: TreeRow | undefined): string {
	if (!row) return '';
	const health = row.node.health ?? row.object?.health;
	const parts: string[] = [];
	if (health && health.status !== 'Healthy' && health.message) parts.push(`${health.status}: ${health.message}`);
	if (row.object && row.object.drift !== 'none')
		parts.push(
			`${row.object.drift}: ${row.object.changedPaths.slice(0, 3).map(fieldPath).join(', ') || 'whole object'} (d: diff${row.object.drift === 'modified' ? ', K: keep' : ''})`,
		);
	if (health?.status === 'Degraded' || row.node.key.kind === 'Pod') parts.push('l: logs');
	return parts.join(' · ');
}

/** The app's row cache from the UI's memory, made on first use. */
function rowsCacheOf(memory: Map<string, unknown>, app: string): TreeRowsCache {
	const key = `app:${app}:rows`;
	const known = memory.get(key);
	if (known instanceof TreeRowsCache) return known;
	const made = new TreeRowsCache();
	memory.set(key, made);
	return made;
}

/** The app screen (resource tree). */
export function AppScreen({app, apps, filter, height, width}: AppScreenProps) {
	const ui = useUi();
	// Kept across snapshots, and in the root's memory across visits (help and back, drilling in and
	// out): a watch event rebuilds the rows of the objects it changed, and coming back to the screen
	// does not rebuild and sort the whole app's rows (bench, event storm at 10,000 objects).
	const treeCache = useMemo(() => rowsCacheOf(ui.memory, app.name), [ui.memory, app.name]);
	const rows = useMemo(() => treeCache.rows(app, filter), [treeCache, app, filter]);
	const notice = app.status.error ? errorRows(app.status.error, width) : [];
	const listHeight = Math.max(1, height - 3 - notice.length);
	const list = useListCursor(`app:${app.name}`, rows.length, listHeight);
	const [picked, setPicked] = useRemembered<string[]>(`app:${app.name}:picked`, []);
	const row = rows[list.cursor];

	useCommands(command => {
		if (list.handle(command)) return true;
		if (command === 'select' && row?.object) {
			setPicked(previous => (previous.includes(row.id) ? previous.filter(id => id !== row.id) : [...previous, row.id]));
			return true;
		}
		return handleTreeCommand(command, {app, row, picked, apps}, ui);
	});

	return (
		<Box flexDirection="column" height={height}>
			<AppSummary app={app} picked={picked.length} />
			<ErrorNotice rows={notice} />
			<Box>
				<Cell width={3}> </Cell>
				<Cell bold>{`RESOURCES ${rows.length}${filter ? ` /${filter}` : ''}`}</Cell>
				{['DRIFT', 'SYNC', 'HEALTH', 'STATE'].map((title, index) => (
					<Cell key={title} width={[...badgeWidths, stateWidth][index]} bold>
						{title}
					</Cell>
				))}
			</Box>
			{rows.length === 0 ? (
				<Box height={listHeight}>
					<Text color={theme.muted}>
						{filter
							? 'No object matches the filter (esc clears it).'
							: 'No resources: nothing rendered from Git and nothing tracked live yet.'}
					</Text>
				</Box>
			) : (
				<WindowedList
					count={rows.length}
					cursor={list.cursor}
					height={listHeight}
					renderRow={(index, selected) => {
						const candidate = rows[index];
						return candidate ? <ObjectRow row={candidate} selected={selected} picked={picked.includes(candidate.id)} /> : null;
					}}
				/>
			)}
			<Text color={theme.muted} wrap="truncate-end">
				{detailOf(row)}
			</Text>
		</Box>
	);
}
