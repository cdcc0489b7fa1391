/**
 * Where the user is: a stack of routes (drill in pushes, esc pops), the open prompt, the status
 * message. A pure reducer over past-tense-free UI intents; the engine's state is not in here.
 */
import {keyString, type ResourceKey} from '../core/kube-object.js';

/** A pod by namespace and name. */
export interface PodRef {
	namespace: string;
	name: string;
	/** The app whose tree shows the pod: its cluster serves the log (two clusters may share a namespace). */
	app?: string;
}

/** A screen and what it shows. */
export type Route =
	| {screen: 'apps'; filter?: string}
	| {screen: 'app'; app: string; filter?: string}
	/** `object` absent: the whole app's diff. */
	| {screen: 'diff'; app: string; object?: ResourceKey}
	| {screen: 'timeline'; app: string; filter?: string}
	| {screen: 'history'; app: string}
	| {screen: 'logs'; app: string; pod: PodRef; containers: string[]}
	| {screen: 'yaml'; app: string; object: ResourceKey}
	| {screen: 'help'}
	/** `driftwatch lab`'s exercises, about the lab's app. */
	| {screen: 'lab'; app: string};

/** A screen's name. */
export type ScreenName = Route['screen'];

/** A line in the status line: an outcome or a reason. */
export interface Message {
	tone: 'info' | 'error';
	text: string;
}

/** The open `/` filter or `:` command prompt and what was typed. */
export interface Prompt {
	mode: 'filter' | 'command';
	text: string;
}

/** The UI's own state. */
export interface UiState {
	/** Never empty; the last route is on screen. */
	stack: Route[];
	prompt: Prompt | null;
	message: Message | null;
	/** `:ctx NAME`: only apps deployed to this kubeconfig context. */
	contextFilter: string | null;
	/** The app under the cursor on the apps screen: actions and the header use it there. */
	focusedApp: string | null;
}

/** What the UI can be asked to do. */
export type UiIntent =
	| {type: 'push'; route: Route}
	| {type: 'back'}
	| {type: 'reset'; stack: Route[]}
	/** `text`: what the command prompt starts with (`set-image web=nginx:`). */
	| {type: 'openPrompt'; mode: Prompt['mode']; text?: string}
	| {type: 'typePrompt'; text: string}
	| {type: 'erasePrompt'}
	| {type: 'closePrompt'; keepFilter: boolean}
	| {type: 'setContextFilter'; context: string | null}
	| {type: 'focusApp'; app: string | null}
	| {type: 'notify'; message: Message | null};

/** The apps list, with `initialApp` opened on top of it when given. */
export function initialUiState(initialApp?: string): UiState {
	const stack: Route[] = [{screen: 'apps'}];
	if (initialApp) stack.push({screen: 'app', app: initialApp});
	return {stack, prompt: null, message: null, contextFilter: null, focusedApp: initialApp ?? null};
}

/** The route on screen. */
export function currentRoute(state: UiState): Route {
	return state.stack.at(-1) ?? {screen: 'apps'};
}

/** The app the current screen is about: the nearest route's app (help keeps it), or the one under the cursor. */
export function currentAppName(state: UiState): string | null {
	for (let index = state.stack.length - 1; index >= 0; index--) {
		const route = state.stack[index];
		if (route && 'app' in route) return route.app;
	}
	return state.focusedApp;
}

/** A stable identity per route, so a screen's state never leaks into another route's. */
export function routeKey(route: Route): string {
	switch (route.screen) {
		case 'apps':
		case 'help':
			return route.screen;
		case 'diff':
		case 'yaml':
			return `${route.screen}:${route.app}:${route.object ? keyString(route.object) : '*'}`;
		case 'logs':
			return `logs:${route.app}:${route.pod.namespace}/${route.pod.name}`;
		default:
			return `${route.screen}:${route.app}`;
	}
}

/** The filter of the current route ('' when none or the screen has no filter). */
export function routeFilter(route: Route): string {
	return 'filter' in route ? (route.filter ?? '') : '';
}

function withFilter(route: Route, filter: string): Route {
	if (route.screen !== 'apps' && route.screen !== 'app' && route.screen !== 'timeline') return route;
	return {...route, filter: filter || undefined};
}

function replaceTop(state: UiState, route: Route): UiState {
	return {...state, stack: [...state.stack.slice(0, -1), route]};
}

/** Applies an intent; pure. */
export function uiReducer(state: UiState, intent: UiIntent): UiState {
	switch (intent.type) {
		case 'push': {
			// Pressing the key of the screen already shown (help on help) closes it instead.
			const top = currentRoute(state);
			if (top.screen === intent.route.screen && (top.screen === 'help' || top.screen === 'lab')) return uiReducer(state, {type: 'back'});
			return {...state, stack: [...state.stack, intent.route], message: null};
		}
		case 'back': {
			const top = currentRoute(state);
			if (routeFilter(top)) return replaceTop(state, withFilter(top, ''));
			if (state.stack.length <= 1) return state;
			return {...state, stack: state.stack.slice(0, -1), message: null};
		}
		case 'reset':
			return {...state, stack: intent.stack.length > 0 ? intent.stack : [{screen: 'apps'}], message: null};
		case 'openPrompt': {
			const text = intent.mode === 'filter' ? routeFilter(currentRoute(state)) : (intent.text ?? '');
			return {...state, prompt: {mode: intent.mode, text}, message: null};
		}
		case 'typePrompt':
		case 'erasePrompt': {
			if (!state.prompt) return state;
			const text = intent.type === 'typePrompt' ? state.prompt.text + intent.text : state.prompt.text.slice(0, -1);
			const next = {...state, prompt: {...state.prompt, text}};
			// The filter applies as you type, like k9s, so the rows narrow down live.
			return state.prompt.mode === 'filter' ? replaceTop(next, withFilter(currentRoute(state), text)) : next;
		}
		case 'closePrompt': {
			const next = {...state, prompt: null};
			if (state.prompt?.mode === 'filter' && !intent.keepFilter) return replaceTop(next, withFilter(currentRoute(state), ''));
			return next;
		}
		case 'setContextFilter':
			return {...state, contextFilter: intent.context};
		case 'focusApp':
			return state.focusedApp === intent.app ? state : {...state, focusedApp: intent.app};
		case 'notify':
			return {...state, message: intent.message};
	}
}
