/**
 * The root component: reads the engine's store (throttled), lays out header, screen, action
 * dialog and status line to the terminal's size, and routes keys through the keymap. It never
 * talks to Kubernetes or Git: it reads the snapshot and calls EngineActions.
 */
import {useCallback, useMemo, useReducer, useRef, useState} from 'react';
import {Box, useApp} from 'ink';
import type {EngineActions, EngineStore} from '../engine/engine-state.js';
import {unavailableReason} from './availability.js';
import {ActionDialog, clampTop, dialogHeight} from './components/action-dialog.js';
import {Header, headerHeight} from './components/header.js';
import {StatusLine, statusLineHeight} from './components/status-line.js';
import {handleGlobalCommand, runColonCommand, type GlobalContext} from './global-commands.js';
import {useActionFlow} from './hooks/use-action-flow.js';
import {useKeyDispatch} from './hooks/use-key-dispatch.js';
import {type Clock, useNow} from './hooks/use-now.js';
import {useTerminalSize} from './hooks/use-terminal-size.js';
import {useThrottledSnapshot} from './hooks/use-throttled-snapshot.js';
import type {Binding} from './keymap.js';
import {type Message, currentAppName, currentRoute, initialUiState, uiReducer} from './navigation.js';
import {ScreenRouter} from './screens/screen-router.js';
import {type CommandHandler, UiContext, type UiContextValue} from './ui-context.js';

/** Props of DriftwatchApp. */
export interface DriftwatchAppProps {
	/** The engine's published state. */
	store: EngineStore;
	/** The engine's actions; the only way the UI changes anything. */
	actions: EngineActions;
	/** Open this app's screen first (the apps list stays behind it, for esc). */
	initialApp?: string;
	/** The time source for ages and countdowns. Default Date.now. */
	clock?: Clock;
	/** At most one snapshot per this many milliseconds reaches the screen. Default 100 (10 fps). */
	frameIntervalMs?: number;
}

/** The driftwatch terminal UI; render it with ink (runUi does, full screen). */
export function DriftwatchApp({store, actions, initialApp, clock = Date.now, frameIntervalMs}: DriftwatchAppProps) {
	const snapshot = useThrottledSnapshot(store, frameIntervalMs);
	const {columns, rows} = useTerminalSize();
	const now = useNow(clock);
	const {exit} = useApp();
	const [ui, dispatch] = useReducer(uiReducer, initialApp, initialUiState);
	const notify = useCallback((message: Message) => dispatch({type: 'notify', message}), []);
	const flow = useActionFlow(actions, snapshot, notify);
	const screenHandler = useRef<CommandHandler | null>(null);
	const [memory] = useState(() => new Map<string, unknown>());

	const context = useMemo<UiContextValue>(
		() => ({
			dispatch,
			request: flow.request,
			memory,
			actions,
			registerCommands(handler) {
				screenHandler.current = handler;
				return () => {
					if (screenHandler.current === handler) screenHandler.current = null;
				};
			},
		}),
		[flow.request, memory, actions],
	);

	const route = currentRoute(ui);
	const appName = currentAppName(ui);
	const named = snapshot.apps.find(candidate => candidate.name === appName);
	// Before the apps screen reports its cursor, the first app is the one under it: no blank first frame.
	const first =
		route.screen === 'apps'
			? snapshot.apps.find(candidate => ui.contextFilter === null || candidate.destination.context === ui.contextFilter)
			: undefined;
	const app = named ?? first;
	const global: GlobalContext = {ui, snapshot, app, actions, dispatch, request: flow.request, exit: () => exit()};
	const chrome = headerHeight(snapshot, app, columns) + statusLineHeight(ui.prompt, ui.message, columns);
	// A plan may take all but three rows of the screen; a longer one scrolls inside the dialog.
	const dialogRows = Math.max(6, rows - chrome - 3);
	const dialog = flow.dialog;
	const dialogPage = Math.max(1, dialogRows - 6);
	useKeyDispatch({
		ui,
		dispatch,
		flow,
		screenHandler,
		onGlobal: command => handleGlobalCommand(command, global),
		onColonCommand: text => runColonCommand(text, global),
		scrollDialog: lines => dialog && flow.scrollTo(clampTop(dialog, clampTop(dialog, flow.top, dialogRows) + lines, dialogRows)),
		dialogPage,
	});

	const unavailable = (binding: Binding) => unavailableReason(binding.guard, snapshot, app);
	const bodyHeight = Math.max(1, rows - chrome - (dialog ? dialogHeight(dialog, dialogRows) : 0));
	return (
		<UiContext.Provider value={context}>
			<Box flexDirection="column" width={columns} height={rows} overflow="hidden">
				<Header snapshot={snapshot} app={app} contextFilter={ui.contextFilter} now={now} width={columns} />
				<Box height={bodyHeight} flexDirection="column" overflow="hidden">
					<ScreenRouter
						route={route}
						snapshot={snapshot}
						app={app}
						contextFilter={ui.contextFilter}
						height={bodyHeight}
						width={columns}
						now={now}
					/>
				</Box>
				{dialog && <ActionDialog dialog={dialog} top={flow.top} maxRows={dialogRows} />}
				<StatusLine screen={route.screen} prompt={ui.prompt} message={ui.message} width={columns} unavailable={unavailable} />
			</Box>
		</UiContext.Provider>
	);
}
