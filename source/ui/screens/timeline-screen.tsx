/** Timeline: the app's events, newest first; enter or d on an object's event opens its diff. */
import {useMemo} from 'react';
import {Box, Text} from 'ink';
import {displayKey} from '../../core/kube-object.js';
import type {AppView, TimelineEvent} from '../../engine/engine-state.js';
import {BadgeText} from '../components/badge-text.js';
import {Cell} from '../components/cell.js';
import {WindowedList} from '../components/windowed-list.js';
import {describeAttribution} from '../describe-attribution.js';
import {formatAge} from '../format-age.js';
import {useCommands} from '../hooks/use-commands.js';
import {useListCursor} from '../hooks/use-list-cursor.js';
import {matchesFilter} from '../select-apps.js';
import {cursorMarker, theme, timelineBadge} from '../theme.js';
import {useUi} from '../ui-context.js';

export interface TimelineScreenProps {
	app: AppView;
	filter: string;
	height: number;
	now: number;
}

function EventRow({event, selected, now}: {event: TimelineEvent; selected: boolean; now: number}) {
	const who = event.attribution?.map(attribution => describeAttribution(attribution, now)).join('; ');
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
				<Text bold={selected}>{event.object ? `${event.object}  ` : ''}</Text>
				<Text>{event.message}</Text>
				{who && <Text color={theme.warning}>{`  (${who})`}</Text>}
			</Cell>
		</>
	);
}

export function TimelineScreen({app, filter, height, now}: TimelineScreenProps) {
	const {dispatch} = useUi();
	const events = useMemo(() => app.timeline.filter(event => matchesFilter([event.type, event.object, event.message], filter)), [app.timeline, filter]);
	const listHeight = Math.max(1, height - 1);
	const list = useListCursor(`timeline:${app.name}`, events.length, listHeight);

	useCommands(command => {
		if (list.handle(command)) return true;
		if (command !== 'open' && command !== 'diff') return false;
		const objectName = events[list.cursor]?.object;
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
		</Box>
	);
}
