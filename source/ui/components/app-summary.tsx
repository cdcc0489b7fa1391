/** The app screen's first line: the app's statuses, its revision and its drift counts. */
import {Text} from './text.js';
import type {AppView} from '../../engine/engine-state.js';
import {healthBadge, syncBadge} from '../../presentation/badges.js';
import {theme} from '../theme.js';
import {BadgeText} from './badge-text.js';

/** Props of AppSummary. */
export interface AppSummaryProps {
	app: AppView;
	/** Objects picked with space for a partial sync. */
	picked: number;
}

/** The app's one-line summary. */
export function AppSummary({app, picked}: AppSummaryProps) {
	const {status} = app;
	const revision = status.revision;
	return (
		<Text wrap="truncate-end">
			<Text bold>{`${app.name}  `}</Text>
			<BadgeText badge={syncBadge(status.syncStatus)} />
			<Text>{'  '}</Text>
			<BadgeText badge={healthBadge(status.health.status)} />
			<Text
				color={theme.muted}
			>{`  ~${status.counts.modified} modified -${status.counts.missing} missing +${status.counts.extra} extra`}</Text>
			{picked > 0 && <Text color={theme.accent}>{`  ${picked} picked (s syncs them)`}</Text>}
			{/* The commit subject comes last: it is the first thing cut on a narrow terminal. */}
			<Text color={theme.accent}>{revision ? `  ${revision.shortSha}` : '  no revision'}</Text>
			<Text>{revision ? ` ${revision.subject}` : ''}</Text>
		</Text>
	);
}
