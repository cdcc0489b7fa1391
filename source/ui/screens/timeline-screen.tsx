/** Timeline: the app's events, newest first; enter or d on an object's event opens its diff. */
import {useMemo} from 'react';
import {Box} from 'ink';
import {Text} from '../components/text.js';
import {displayKey} from '../../core/kube-object.js';
import type {AppView, TimelineEvent} from '../../engine/engine-state.js';
import {BadgeText} from '../components/badge-text.js';
import {Cell} from '../components/cell.js';
import {WindowedList} from '../components/windowed-list.js';
import {formatAge, formatAgo} from '../../presentation/duration.js';
import {describeTimelineChange, describeTimelineEvent, timelineObject} from '../../presentation/timeline.js';
import {useCommands} from '../hooks/use-commands.js';
import {useListCursor} from '../hooks/use-list-cursor.js';
import {matchesFilter} from '../select-apps.js';
import {timelineBadge} from '../../presentation/badges.js';
import {cursorMarker, theme} from '../theme.js';
import {useUi} from '../ui-context.js';
import {wrapWords} from '../wrap-words.js';

/** Props of TimelineScreen. */
export interface TimelineScreenProps {
	app: AppView;
	filter: string;
	height: number;
	width: number;
	now: number;
}

/** The whole event under the cursor, wrapped: rows cut long sentences short. */
function detailRows(event: TimelineEvent | undefined, width: number, now: number): string[] {
	if (!event) return [];
	return wrapWords(
		[formatAgo(event.time, now), timelineObject(event), describeTimelineChange(event, now)].filter(Boolean).join(' · '),
		width,
		2,
	);
}

function EventRow({event, selected, now}: {event: TimelineEvent; selected: boolean; now: number}) {
	const object = timelineObject(event);
	return (
		<>
			<Cell width={2} color={theme.accent}>
				{selected ? cursorMarker : ' '}
			</Cell>
			<Cell width={6} dim>
				{formatAge(event.time, now)}
			</Cell>
			<Cell width={15}>
				<BadgeText badge={timelineBadge(event.type)} />
			</Cell>
			<Cell>
				<Text bold={selected}>{object ? `${object}  ` : ''}</Text>
				<Text>{describeTimelineChange(event, now)}</Text>
			</Cell>
		</>
	);
}

/** The timeline screen. */
export function TimelineScreen({app, filter, height, width, now}: TimelineScreenProps) {
	const {dispatch} = useUi();
	const events = useMemo(
		() => app.timeline.filter(event => matchesFilter([event.type, timelineObject(event), describeTimelineEvent(event)], filter)),
		[app.timeline, filter],
	);
	// The page size ignores the detail rows' height (known only once the cursor is): PgDn moves a page minus 2 more.
	const list = useListCursor(`timeline:${app.name}`, events.length, Math.max(1, height - 3));
	const detail = detailRows(events[list.cursor], width, now);
	const listHeight = Math.max(1, height - 1 - detail.length);

	useCommands(command => {
		if (list.handle(command)) return true;
		if (command !== 'open' && command !== 'diff') return false;
		const cursorEvent = events[list.cursor];
		const objectName = cursorEvent && timelineObject(cursorEvent);
		const state = app.status.objects.find(candidate => displayKey(candidate.key) === objectName);
		dispatch({type: 'push', route: {screen: 'diff', app: app.name, object: state?.key}});
		return true;
	});

	return (
		<Box flexDirection="column" height={height}>
			<Text bold wrap="truncate-end">{`Timeline of ${app.name}: ${events.length} events, newest first${filter ? ` /${filter}` : ''}`}</Text>
			{events.length === 0 ? (
				<Text color={theme.muted}>{filter ? 'No event matches the filter (esc clears it).' : 'No events yet.'}</Text>
			) : (
				<WindowedList
					count={events.length}
					cursor={list.cursor}
					height={listHeight}
					renderRow={(index, selected) => {
						const event = events[index];
						return event ? <EventRow event={event} selected={selected} now={now} /> : null;
					}}
				/>
			)}
			{detail.map((row, index) => (
				<Text key={index} color={theme.muted} wrap="truncate-end">
					{row}
				</Text>
			))}
		</Box>
	);
}
