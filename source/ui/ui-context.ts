/**
 * What screens get from the root besides their props: navigation, the action flow, the command
 * bus and a memory for their cursors. The value is stable for the app's life, so consuming it
 * never re-renders a screen by itself.
 */
import {createContext, useContext} from 'react';
import type {ResourceKey} from '../core/kube-object.js';
import type {UnifiedLine} from '../core/diff-objects.js';
import type {AppPolicy, EngineActions} from '../engine/engine-state.js';
import type {CommandId} from './keymap.js';
import type {UiIntent} from './navigation.js';

/** Handles a command for the screen on show; returns false to let the root handle it. */
export type CommandHandler = (command: CommandId) => boolean;

/** A mutating action the user asked for; it is planned and confirmed before it runs. */
export type ActionRequest =
	| {kind: 'sync'; app: string; resources?: string[]}
	| {kind: 'revert'; app: string; sha?: string}
	| {kind: 'rollback'; app: string; historyId: number}
	| {kind: 'policy'; app: string; patch: Partial<AppPolicy>};

/**
 * Engine actions the contract does not have yet; the UI uses them when the engine provides them.
 * `fullDiff`: the object's unified diff with the whole object as context (the diff screen's full mode).
 */
export interface OptionalEngineActions {
	fullDiff?(app: string, key: ResourceKey): Promise<UnifiedLine[]>;
}

/** The actions the UI is given: the contract plus the optional ones. */
export type UiActions = EngineActions & OptionalEngineActions;

/** The root services screens use. */
export interface UiContextValue {
	dispatch: (intent: UiIntent) => void;
	request: (request: ActionRequest) => void;
	registerCommands: (handler: CommandHandler) => () => void;
	/** Cursor and scroll positions by screen, kept while the user visits other screens. */
	memory: Map<string, unknown>;
	actions: UiActions;
}

/** Provided by DriftwatchApp. */
export const UiContext = createContext<UiContextValue | null>(null);

/** The root services; only inside DriftwatchApp. */
export function useUi(): UiContextValue {
	const value = useContext(UiContext);
	if (!value) throw new Error('useUi() outside <DriftwatchApp>');
	return value;
}
