/**
 * Whole-object diffs for the diff screen's full mode. The engine's ObjectDiff.unified carries 3
 * lines of context; when the engine offers `fullDiff` (see OptionalEngineActions) the full text
 * is fetched for the objects on screen, otherwise the compact diff stays and the screen says so.
 */
import type {UnifiedLine} from '../../core/diff-objects.js';
import {keyString, type ResourceKey} from '../../core/kube-object.js';
import type {AppView} from '../../engine/engine-state.js';
import {driftedObjects} from '../select-diff.js';
import type {UiActions} from '../ui-context.js';
import {useAsyncValue} from './use-async-value.js';

/** Whole-object diffs, when the engine can provide them. */
export interface FullDiff {
	/** False when the engine cannot provide whole-object diffs. */
	supported: boolean;
	/** Whole-object diffs by keyString; empty in compact mode or while loading. */
	lines: ReadonlyMap<string, UnifiedLine[]>;
}

const none: ReadonlyMap<string, UnifiedLine[]> = new Map();

/** @param wanted whether full mode is on; nothing is fetched otherwise. */
export function useFullDiff(actions: UiActions, app: AppView, object: ResourceKey | undefined, wanted: boolean): FullDiff {
	const fullDiff = actions.fullDiff?.bind(actions);
	const objectId = object ? keyString(object) : '';
	const loaded = useAsyncValue(async (): Promise<ReadonlyMap<string, UnifiedLine[]>> => {
		if (!wanted || !fullDiff) return none;
		const keys = object ? [object] : driftedObjects(app).map(state => state.key);
		return new Map(await Promise.all(keys.map(async key => [keyString(key), await fullDiff(app.name, key)] as const)));
		// Reload when the comparison changes, not on every snapshot.
	}, [wanted, Boolean(fullDiff), app.name, objectId, app.status.comparedAt]);
	return {supported: fullDiff !== undefined, lines: loaded.status === 'ready' ? loaded.value : none};
}
