/**
 * What the policies decide, as pure functions of an app's state: auto-sync (once per revision,
 * only for a revision the cluster does not run yet), self-heal (only objects seen in sync under the
 * current revision, never an extra one), and how long a heal waits. The runtime carries out the
 * decisions; nothing here has a timer or a side effect.
 *
 * Heal timing: the first heal comes after a short debounce (default 150 ms, well under Argo CD's
 * 2 s) so a burst of watch events becomes one apply. An object that changes back within a minute
 * of each heal is being fought over (another controller, an HPA, a person); then the delay grows
 * x3 per heal from 2 s up to a cap. The fight is counted as a streak (heals in a row, each undone
 * within the window after it), not as heals inside a sliding window: our own backoff delays would
 * otherwise push the earlier heals out of the window, so a fight that never stops would go back
 * to fast heals after every long delay and never reach the cap.
 */
import type {ObjectState} from '../core/app-status.js';
import {keyString} from '../core/kube-object.js';
import type {AppState, HealState} from './app-state.js';

export interface HealOptions {
	/** Delay of the first heals. Default 150 ms. */
	debounceMs: number;
	/** An object changed back within this time after a heal continues a fight. Default 60 s. */
	windowMs: number;
	/** Heals in a row before backoff starts. Default 3. */
	freeHeals: number;
	/** Backoff delay cap. Default 60 s. */
	maxDelayMs: number;
}

export const defaultHealOptions: HealOptions = {debounceMs: 150, windowMs: 60_000, freeHeals: 3, maxDelayMs: 60_000};

export interface HealPlan {
	/** Heals in a row so far (0 when the object stayed healed for a whole window since the last). */
	streak: number;
	delayMs: number;
	/** True when the delay is a backoff: the object keeps changing back. */
	fight: boolean;
}

/** Policies act only when they may: not read-only, no operation running, the state known. */
function mayAct(state: AppState): boolean {
	return !state.readOnly && state.operation?.phase !== 'Running' && !state.status.error;
}

/** True while a keep holds the policies off `key` (its live change is about to become Git's). */
export function isKept(state: AppState, key: string): boolean {
	return state.keeping.has(key);
}

/** The revision to auto-sync now, if any: OutOfSync, not yet tried, and not the deployed one. */
export function autoSyncTarget(state: AppState): string | null {
	// A sync would apply the kept object's old value while its keep runs.
	if (!mayAct(state) || !state.policy.autoSync || state.status.syncStatus !== 'OutOfSync' || state.keeping.size > 0) return null;
	const sha = state.status.revision?.sha ?? null;
	return sha !== state.autoSyncedSha && sha !== state.deployedSha ? sha : null;
}

/**
 * Objects (keyString) self-heal should schedule now: drifted, seen in sync, no heal pending.
 * `objects`: the ones to consider (those a comparison reassessed); default every object.
 */
export function healCandidates(state: AppState, objects: readonly ObjectState[] = state.status.objects): string[] {
	if (!mayAct(state) || !state.policy.selfHeal) return [];
	const keys: string[] = [];
	for (const object of objects) {
		if (object.drift !== 'modified' && object.drift !== 'missing') continue;
		const key = keyString(object.key);
		if (state.syncedKeys.has(key) && !state.heals.pending.has(key) && !isKept(state, key)) keys.push(key);
	}
	return keys;
}

/** Whether a heal whose timer fired should still run: by then our own apply may have fixed it. */
export function stillToHeal(state: AppState, key: string): boolean {
	if (!state.policy.selfHeal || state.readOnly || state.operation?.phase === 'Running' || isKept(state, key)) return false;
	return state.status.objects.some(object => object.syncStatus === 'OutOfSync' && keyString(object.key) === key);
}

/** When to heal `key`, measured now, when the drift came back (so our own delay never ends a streak). */
export function planHeal(heals: HealState, key: string, now: number, options: HealOptions = defaultHealOptions): HealPlan {
	const entry = heals.streaks.get(key);
	const streak = entry && now - entry.lastHeal < options.windowMs ? entry.streak : 0;
	if (streak < options.freeHeals) return {streak, delayMs: options.debounceMs, fight: false};
	return {streak, delayMs: Math.min(options.maxDelayMs, 2000 * 3 ** (streak - options.freeHeals)), fight: true};
}
