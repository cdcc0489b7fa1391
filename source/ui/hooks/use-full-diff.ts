/**
 * Whole-object diffs for the diff screen's full mode. The engine's ObjectDiff.unified carries 3
 * lines of context; in full mode the whole text is fetched (EngineActions.fullDiff) for the
 * objects on screen.
 */
import type {UnifiedLine} from '../../core/diff-objects.js';
import {keyString, type ResourceKey} from '../../core/kube-object.js';
import type {AppView, EngineActions} from '../../engine/engine-state.js';
import {driftedObjects} from '../select-diff.js';
import {useAsyncValue} from './use-async-value.js';

/** Whole-object diffs. */
export interface FullDiff {
	/** Whole-object diffs by keyString; empty in compact mode or while loading. */
	lines: ReadonlyMap<string, UnifiedLine[]>;
}

const none: ReadonlyMap<string, UnifiedLine[]> = new Map();

/** @param wanted whether full mode is on; nothing is fetched otherwise. */
export function useFullDiff(actions: EngineActions, app: AppView, object: ResourceKey | undefined, wanted: boolean): FullDiff {
	const objectId = object ? keyString(object) : '';
	const loaded = useAsyncValue(async (): Promise<ReadonlyMap<string, UnifiedLine[]>> => {
		if (!wanted) return none;
		const keys = object ? [object] : driftedObjects(app).map(state => state.key);
		return new Map(await Promise.all(keys.map(async key => [keyString(key), await actions.fullDiff(app.name, key)] as const)));
		// Reload when the comparison changes, not on every snapshot.
	}, [wanted, app.name, objectId, app.status.comparedAt]);
	return {lines: loaded.status === 'ready' ? loaded.value : none};
}
