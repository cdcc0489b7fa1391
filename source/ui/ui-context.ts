/**
 * What screens get from the root besides their props: navigation, the action flow, the command
 * bus and a memory for their cursors. The value is stable for the app's life, so consuming it
 * never re-renders a screen by itself.
 */
import {createContext, useContext} from 'react';
import type {AppPolicy, EngineActions} from '../engine/engine-state.js';
import type {ResourceKey} from '../core/kube-object.js';
import type {CommandId} from './keymap.js';
import type {UiIntent} from './navigation.js';

/** Handles a command for the screen on show; returns false to let the root handle it. */
export type CommandHandler = (command: CommandId) => boolean;

/** A mutating action the user asked for; it is planned and confirmed before it runs. */
export type ActionRequest =
	| {kind: 'sync'; app: string; resources?: string[]}
	| {kind: 'revert'; app: string; sha?: string}
	| {kind: 'rollback'; app: string; historyId: number}
	| {kind: 'policy'; app: string; patch: Partial<AppPolicy>}
	| {kind: 'keep'; app: string; key: ResourceKey}
	| {kind: 'set-image'; app: string; assignments: string[]; resources?: string[]}
	| {kind: 'promote'; app: string; from: string; to: string};

/** The root services screens use. */
export interface UiContextValue {
	dispatch: (intent: UiIntent) => void;
	request: (request: ActionRequest) => void;
	registerCommands: (handler: CommandHandler) => () => void;
	/** Cursor and scroll positions by screen, kept while the user visits other screens. */
	memory: Map<string, unknown>;
	actions: EngineActions;
}

/** Provided by DriftwatchApp. */
export const UiContext = createContext<UiContextValue | null>(null);

/** The root services; only inside DriftwatchApp. */
export function useUi(): UiContextValue {
	const value = useContext(UiContext);
	if (!value) throw new Error('useUi() outside <DriftwatchApp>');
	return value;
}
