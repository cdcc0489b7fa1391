/** Renders the screen of the current route; a route whose app went away says so in place. */
import {Box} from 'ink';
import {Text} from '../components/text.js';
import type {AppView, EngineSnapshot} from '../../engine/engine-state.js';
import {type Route, routeFilter, routeKey} from '../navigation.js';
import {theme} from '../theme.js';
import {AppScreen} from './app-screen.js';
import {AppsScreen} from './apps-screen.js';
import {DiffScreen} from './diff-screen.js';
import {HelpScreen} from './help-screen.js';
import {HistoryScreen} from './history-screen.js';
import {LabScreen} from './lab-screen.js';
import {LogsScreen} from './logs-screen.js';
import {TimelineScreen} from './timeline-screen.js';
import {YamlScreen} from './yaml-screen.js';

/** Props of ScreenRouter. */
export interface ScreenRouterProps {
	route: Route;
	snapshot: EngineSnapshot;
	/** The app of the route (or under the cursor, for help). */
	app: AppView | undefined;
	contextFilter: string | null;
	height: number;
	width: number;
	now: number;
}

/** The screen of `route`. */
export function ScreenRouter({route, snapshot, app, contextFilter, height, width, now}: ScreenRouterProps) {
	// Keyed by route: a screen's local state never carries over to another app or object.
	const key = routeKey(route);
	if (route.screen === 'apps')
		return (
			<AppsScreen
				key={key}
				snapshot={snapshot}
				filter={routeFilter(route)}
				contextFilter={contextFilter}
				height={height}
				width={width}
				now={now}
			/>
		);
	if (route.screen === 'help') return <HelpScreen key={key} snapshot={snapshot} app={app} height={height} />;
	if (!app || app.name !== route.app) {
		return (
			<Box height={height}>
				<Text
					color={theme.warning}
				>{`The app "${route.app}" is not in the engine's state (any more). Press esc to go back, or :apps for the list.`}</Text>
			</Box>
		);
	}
	switch (route.screen) {
		case 'app':
			return <AppScreen key={key} app={app} apps={snapshot.apps} filter={routeFilter(route)} height={height} width={width} />;
		case 'diff':
			return <DiffScreen key={key} app={app} object={route.object} height={height} width={width} now={now} />;
		case 'timeline':
			return <TimelineScreen key={key} app={app} filter={routeFilter(route)} height={height} width={width} now={now} />;
		case 'history':
			return <HistoryScreen key={key} app={app} height={height} now={now} />;
		case 'logs':
			return <LogsScreen key={key} pod={{...route.pod, app: route.app}} containers={route.containers} height={height} width={width} />;
		case 'yaml':
			return <YamlScreen key={key} app={app.name} object={route.object} height={height} />;
		case 'lab':
			return <LabScreen key={key} app={app} height={height} width={width} />;
	}
}
