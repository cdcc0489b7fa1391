/**
 * Commands the screen on show left to the root: quitting, help, prompts, going back, refresh,
 * the views and actions of the current app, and a plain-words message for keys that do nothing
 * here (so a key never silently fails).
 */
import type {AppPolicy, AppView, EngineActions, EngineSnapshot} from '../engine/engine-state.js';
import type {LabPanel} from '../lab/exercises/lab-panel.js';
import {errorLine} from '../presentation/error-text.js';
import {type ColonCommand, type CommandId, appliesTo, bindingOf, keysLabel, parseColonCommand} from './keymap.js';
import {type UiIntent, type UiState, currentRoute} from './navigation.js';
import type {ActionRequest} from './ui-context.js';

/** What the root commands read and act through. */
export interface GlobalContext {
	ui: UiState;
	snapshot: EngineSnapshot;
	/** The app the screen is about, if any. */
	app: AppView | undefined;
	actions: EngineActions;
	dispatch: (intent: UiIntent) => void;
	request: (request: ActionRequest) => void;
	exit: () => void;
	/** `driftwatch lab`'s exercises; null with a real cluster. */
	lab: LabPanel | null;
}

const policyFields: Partial<Record<CommandId, keyof AppPolicy>> = {
	toggleAutoSync: 'autoSync',
	toggleSelfHeal: 'selfHeal',
	togglePrune: 'prune',
};
const navigation = new Set<CommandId>(['up', 'down', 'top', 'bottom', 'pageUp', 'pageDown', 'open']);

function error(context: GlobalContext, text: string): void {
	context.dispatch({type: 'notify', message: {tone: 'error', text}});
}

/** `r` and `:refresh [hard]`: the app on screen, or every app from the apps screen. */
function refresh(context: GlobalContext, hard: boolean): void {
	const {app, dispatch} = context;
	const target = currentRoute(context.ui).screen === 'apps' ? undefined : app?.name;
	const argo = context.snapshot.argocd ? `; asking Argo CD for a ${hard ? 'hard ' : ''}refresh` : '';
	dispatch({type: 'notify', message: {tone: 'info', text: `Refreshing ${target ?? 'all apps'}: fetching Git and relisting${argo}…`}});
	context.actions.refresh(target, hard ? {hard} : undefined).catch((failure: unknown) => {
		error(context, `Refresh failed: ${errorLine(failure)}. The last known state stays on screen.`);
	});
}

/** Handles a command the screen on show did not. */
export function handleGlobalCommand(command: CommandId, context: GlobalContext): void {
	const {app, dispatch} = context;
	const screen = currentRoute(context.ui).screen;
	switch (command) {
		case 'quit':
			return context.exit();
		case 'help':
			return dispatch({type: 'push', route: {screen: 'help'}});
		case 'back':
			return dispatch({type: 'back'});
		case 'command':
			return dispatch({type: 'openPrompt', mode: 'command'});
		case 'lab':
			return openLab(context);
		case 'runStep':
			return error(context, 'x makes an exercise step: open the lab panel with L, pick an exercise, then press x.');
		case 'filter':
			if (screen === 'apps' || screen === 'app' || screen === 'timeline') return dispatch({type: 'openPrompt', mode: 'filter'});
			return error(context, 'Nothing to filter on this screen: / filters apps, resources and timeline events.');
		case 'refresh':
			return refresh(context, false);
		default:
			break;
	}
	if (navigation.has(command)) return;
	if (!app) return error(context, `${bindingOf(command).label} needs an app: pick one on the apps screen first.`);
	const field = policyFields[command];
	if (field) return context.request({kind: 'policy', app: app.name, patch: {[field]: !app.policy[field]}});
	switch (command) {
		case 'sync':
			return context.request({kind: 'sync', app: app.name});
		case 'revert':
			if (screen !== 'history') dispatch({type: 'push', route: {screen: 'history', app: app.name}});
			return dispatch({
				type: 'notify',
				message: {tone: 'info', text: 'Pick a commit to revert, or tab to the sync history and pick a sync to roll back to; then press R.'},
			});
		case 'diff':
			return dispatch({type: 'push', route: {screen: 'diff', app: app.name}});
		case 'timeline':
			return dispatch({type: 'push', route: {screen: 'timeline', app: app.name}});
		case 'history':
			return dispatch({type: 'push', route: {screen: 'history', app: app.name}});
		default: {
			const binding = bindingOf(command);
			const where =
				binding.screens === 'all' || appliesTo(binding, screen) ? 'here' : `here; it works on the ${binding.screens.join(', ')} screen`;
			return error(
				context,
				`${keysLabel(binding)} (${binding.label}) does nothing ${where}${command === 'logs' || command === 'liveYaml' ? ': open an app and put the cursor on an object' : ''}.`,
			);
		}
	}
}

/** Runs what was typed after ':'. */
export function runColonCommand(text: string, context: GlobalContext): void {
	const command: ColonCommand = parseColonCommand(text);
	const {dispatch, snapshot} = context;
	switch (command.kind) {
		case 'apps':
			return dispatch({type: 'reset', stack: [{screen: 'apps'}]});
		case 'app':
			if (!snapshot.apps.some(candidate => candidate.name === command.name)) {
				return error(
					context,
					`No app named "${command.name}". Apps: ${snapshot.apps.map(candidate => candidate.name).join(', ') || 'none yet'}.`,
				);
			}
			return dispatch({type: 'reset', stack: [{screen: 'apps'}, {screen: 'app', app: command.name}]});
		case 'ctx':
			dispatch({type: 'setContextFilter', context: command.name});
			dispatch({type: 'reset', stack: [{screen: 'apps'}]});
			return dispatch({
				type: 'notify',
				message: {
					tone: 'info',
					text: command.name
						? `Showing apps deployed to context ${command.name} (:ctx alone shows all).`
						: 'Showing apps of every context.',
				},
			});
		case 'refresh':
			return refresh(context, command.hard);
		case 'help':
			return dispatch({type: 'push', route: {screen: 'help'}});
		case 'lab':
			return openLab(context);
		case 'quit':
			return context.exit();
		case 'set-image':
			if (!context.app) return error(context, ':set-image needs an app: open one first.');
			if (command.assignments.length === 0) return error(context, 'Usage: :set-image [KIND/NAME] CONTAINER=IMAGE:TAG ...');
			return context.request({
				kind: 'set-image',
				app: context.app.name,
				assignments: command.assignments,
				...(command.resource ? {resources: [command.resource]} : {}),
			});
		case 'promote':
			if (!context.app) return error(context, ':promote needs an app: open one first.');
			if (!command.from || !command.to)
				return error(
					context,
					'Usage: :promote FROM TO (environments: apps *-FROM and *-TO, or overlays or value files under the app path).',
				);
			return context.request({kind: 'promote', app: context.app.name, from: command.from, to: command.to});
		case 'unknown':
			return error(context, `Unknown command ":${command.text}". Try :apps, :app NAME, :ctx NAME or :q (? lists them all).`);
	}
}

/** The lab panel, about the lab's app; only `driftwatch lab` has one. */
function openLab(context: GlobalContext): void {
	if (!context.lab) return error(context, 'The lab panel is part of `driftwatch lab` (`npm start` in the driftwatch project).');
	context.dispatch({type: 'push', route: {screen: 'lab', app: context.lab.app}});
}
