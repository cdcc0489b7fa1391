/**
 * The top of every screen: context and cluster, the watches' connection, the app's source and
 * poll state, its mode badges, and problems in place. Three lines plus at most two problems.
 */
import {Box} from 'ink';
import {Text} from './text.js';
import type {AppView, ArgoCdAppFacts, EngineSnapshot} from '../../engine/engine-state.js';
import {formatAgo, formatIn} from '../../presentation/duration.js';
import {shortRepo} from '../select-apps.js';
import {headerProblems, watchCounts} from '../select-header.js';
import {watchBadge} from '../../presentation/badges.js';
import {badgeColor, theme} from '../theme.js';
import {wrapWords} from '../wrap-words.js';

/** Props of Header. */
export interface HeaderProps {
	snapshot: EngineSnapshot;
	/** The app on screen (or under the cursor); undefined when there are none. */
	app: AppView | undefined;
	contextFilter: string | null;
	now: number;
	width: number;
}

/** Problem rows, wrapped to the width: three rows each at most, so what to do stays visible. */
function problemRows(snapshot: EngineSnapshot, app: AppView | undefined, width: number): string[] {
	return headerProblems(snapshot, app).flatMap(problem =>
		wrapWords(problem, width - 2, 3).map((row, index) => `${index === 0 ? '✖' : ' '} ${row}`),
	);
}

/** Rows the header takes, for the layout below it. */
export function headerHeight(snapshot: EngineSnapshot, app: AppView | undefined, width: number): number {
	return 3 + problemRows(snapshot, app, width).length;
}

function Mode({name, on}: {name: string; on: boolean}) {
	return <Text color={on ? theme.success : theme.muted}>{`${on ? '●' : '○'} ${name} ${on ? 'on' : 'off'}  `}</Text>;
}

function Watches({snapshot}: {snapshot: EngineSnapshot}) {
	// One dot per watch while they fit; counts carry the same information for big clusters.
	const dots = snapshot.watches.length <= 16;
	return (
		<Text>
			<Text color={theme.muted}>watches </Text>
			{dots &&
				snapshot.watches.map(watch => (
					<Text key={`${watch.kind}/${watch.namespace}`} color={badgeColor(watchBadge(watch.phase))}>
						{watchBadge(watch.phase).symbol}
					</Text>
				))}
			{watchCounts(snapshot.watches).map(({phase, count}) => (
				<Text
					key={phase}
					color={badgeColor(watchBadge(phase))}
				>{` ${dots ? '' : `${watchBadge(phase).symbol} `}${count} ${watchBadge(phase).word}`}</Text>
			))}
			{snapshot.watches.length === 0 && <Text color={theme.muted}>none yet</Text>}
		</Text>
	);
}

function Source({app}: {app: AppView}) {
	const sha = app.status.revision?.shortSha;
	return (
		<Text wrap="truncate-end">
			<Text bold>{app.name}</Text>
			<Text>{`  ⎇ ${shortRepo(app.source.repoURL)} ${app.source.path} @ ${app.source.targetRevision}`}</Text>
			<Text color={theme.accent}>{sha ? ` (${sha})` : ' (not fetched yet)'}</Text>
		</Text>
	);
}

/** Where an attached app's facts come from: Argo CD's last comparison, whose health, whose diff. */
function argoCdLine(facts: ArgoCdAppFacts, now: number): string {
	const compared = facts.refreshing
		? `Argo CD ${facts.refreshing} refresh pending`
		: `Argo CD compared ${formatAgo(facts.reconciledAt, now)}`;
	return `${compared} · ${facts.resourceHealth === 'argocd' ? 'health: Argo CD · diff: driftwatch' : 'health, diff: driftwatch'}`;
}

/** The header rows; `headerHeight` says how many. */
export function Header({snapshot, app, contextFilter, now, width}: HeaderProps) {
	return (
		<Box flexDirection="column" flexShrink={0}>
			<Text wrap="truncate-end">
				<Text bold color={theme.accent}>
					driftwatch
				</Text>
				{snapshot.argocd && <Text color={theme.info} bold>{`  Argo CD mode, namespace ${snapshot.argocd.namespace}`}</Text>}
				<Text>{`  ctx ${snapshot.context}  `}</Text>
				{snapshot.readOnly && (
					<Text color={theme.warning} bold>
						{'[read-only]  '}
					</Text>
				)}
				{contextFilter !== null && <Text color={theme.warning}>{`[:ctx ${contextFilter}]  `}</Text>}
				<Watches snapshot={snapshot} />
				{/* Least needed last: a narrow terminal cuts the server URL, not the watch state. */}
				<Text color={theme.muted}>{`  user ${snapshot.user}  ${snapshot.server}`}</Text>
			</Text>
			{app ? <Source app={app} /> : <Text color={theme.muted}>no app selected</Text>}
			<Text wrap="truncate-end">
				{/* A space keeps the row when there is nothing to show: an empty Text takes no height. */}
				{!app && !snapshot.readOnly && ' '}
				{app && <Mode name="auto-sync" on={app.policy.autoSync} />}
				{app && <Mode name="self-heal" on={app.policy.selfHeal} />}
				{app && <Mode name="prune" on={app.policy.prune} />}
				{snapshot.readOnly && <Text color={theme.warning}>{'● read-only  '}</Text>}
				{app?.operation && (
					<Text color={app.operation.phase === 'Running' ? theme.info : app.operation.phase === 'Succeeded' ? theme.success : theme.danger}>
						{`${app.operation.action} ${app.operation.phase}: ${app.operation.message}  `}
					</Text>
				)}
				{app && !app.argocd && (
					<Text color={theme.muted}>{`fetched ${formatAgo(app.poll.lastFetch, now)} · next ${formatIn(app.poll.nextFetchAt, now)}`}</Text>
				)}
				{app?.argocd && <Text color={theme.muted}>{argoCdLine(app.argocd, now)}</Text>}
			</Text>
			{problemRows(snapshot, app, width).map((row, index) => (
				<Text key={index} color={theme.danger} wrap="truncate-end">
					{row}
				</Text>
			))}
		</Box>
	);
}
