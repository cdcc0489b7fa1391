/**
 * The policies' decisions as pure functions of an app's state: auto-sync once per revision,
 * self-heal only of objects seen in sync, and heal timing (debounce, fights, backoff, cap),
 * with the heal bookkeeping folded by the reducer as the runtime does it.
 */
import {describe, expect, it} from 'vitest';
import {keyString} from '../../../source/core/kube-object.js';
import type {AppState} from '../../../source/engine/app-state.js';
import {
	autoSyncTarget,
	defaultHealOptions,
	type HealOptions,
	type HealPlan,
	healCandidates,
	planHeal,
	stillToHeal,
} from '../../../source/engine/policy-decisions.js';
import {compared, configKey, fold, initial, objectState, oldKey, rendered, t0, webKey} from './support/states.js';

const web = keyString(webKey);
const config = keyString(configKey);

describe('autoSyncTarget', () => {
	const outOfSync = (state: AppState) => compared(state, [objectState(webKey, 'modified')]);

	it('is the revision of an OutOfSync app with auto-sync on', () => {
		expect(autoSyncTarget(outOfSync(rendered(initial({policy: {autoSync: true}}))))).toBe('aaaaaaa1');
	});

	it('is nothing when only pruning is left and prune is off, as in Argo CD; with prune on it syncs', () => {
		const pruneOnly = (prune: boolean) =>
			compared(rendered(initial({policy: {autoSync: true, prune}})), [objectState(webKey), objectState(oldKey, 'extra')]);
		expect(pruneOnly(false).status.syncStatus).toBe('OutOfSync');
		expect(autoSyncTarget(pruneOnly(false))).toBeNull();
		expect(autoSyncTarget(pruneOnly(true))).toBe('aaaaaaa1');
		// Anything else to apply: it syncs (the extra is left in place).
		const more = compared(rendered(initial({policy: {autoSync: true}})), [objectState(webKey, 'modified'), objectState(oldKey, 'extra')]);
		expect(autoSyncTarget(more)).toBe('aaaaaaa1');
	});

	it('is nothing once the revision was tried, or when it is the deployed one', () => {
		const state = outOfSync(rendered(initial({policy: {autoSync: true}})));
		expect(autoSyncTarget(fold(state, {type: 'AutoSyncTriggered', revision: 'aaaaaaa1'}))).toBeNull();
		// Found in sync at start: deployed; drift under it is self-heal's business.
		const deployed = outOfSync(compared(rendered(initial({policy: {autoSync: true}})), [objectState(webKey)]));
		expect(deployed.deployedSha).toBe('aaaaaaa1');
		expect(autoSyncTarget(deployed)).toBeNull();
		// A new revision is a new target.
		expect(autoSyncTarget(outOfSync(rendered(deployed, 'bbbbbbb2')))).toBe('bbbbbbb2');
	});

	it.each([
		['auto-sync off', {policy: {autoSync: false}}],
		['read-only', {policy: {autoSync: true}, readOnly: true}],
	])('is nothing with %s', (_name, options) => {
		expect(autoSyncTarget(outOfSync(rendered(initial(options))))).toBeNull();
	});

	it('is nothing while an operation runs, or for an app in error', () => {
		const state = outOfSync(rendered(initial({policy: {autoSync: true}})));
		const running = fold(state, {
			type: 'SyncStarted',
			time: t0,
			initiator: 'user',
			revision: null,
			dryRun: false,
			applies: 1,
			prunes: 0,
			by: 'ana',
		});
		expect(autoSyncTarget(running)).toBeNull();
		const failed = fold(state, {type: 'RenderFailed', time: t0, error: {code: 'render-failed', message: 'helm failed', hint: ''}});
		expect(autoSyncTarget(failed)).toBeNull();
	});
});

describe('healCandidates and stillToHeal', () => {
	const healing = () => rendered(initial({policy: {selfHeal: true}}));

	it('are the drifted (modified or missing) objects seen in sync, never an extra one', () => {
		let state = compared(healing(), [objectState(webKey), objectState(configKey)]);
		state = compared(state, [objectState(webKey, 'modified'), objectState(configKey, 'missing'), objectState(oldKey, 'extra')]);
		expect(healCandidates(state)).toEqual([web, config]);
		expect(stillToHeal(state, web)).toBe(true);
	});

	it('leave objects never seen in sync alone, unless they carry the tracking at start-up', () => {
		const drifted = [objectState(webKey, 'modified'), objectState(configKey, 'modified')];
		expect(healCandidates(compared(healing(), drifted))).toEqual([]);
		expect(healCandidates(compared(healing(), drifted, {tracked: [web]}))).toEqual([web]);
	});

	it('forget what was in sync under the previous revision', () => {
		const state = compared(healing(), [objectState(webKey)]);
		expect(healCandidates(compared(rendered(state, 'bbbbbbb2'), [objectState(webKey, 'modified')]))).toEqual([]);
	});

	it('skip objects with a heal pending, and everything with self-heal off, read-only or an operation running', () => {
		const state = compared(compared(healing(), [objectState(webKey)]), [objectState(webKey, 'modified')]);
		expect(healCandidates(fold(state, {type: 'HealScheduled', time: t0, key: web, streak: 0, delayMs: 150, fight: false}))).toEqual([]);
		expect(healCandidates(fold(state, {type: 'PolicyChanged', time: t0, patch: {selfHeal: false}, user: 'ana'}))).toEqual([]);
		const running = fold(state, {
			type: 'SyncStarted',
			time: t0,
			initiator: 'user',
			revision: null,
			dryRun: false,
			applies: 1,
			prunes: 0,
			by: 'ana',
		});
		expect(healCandidates(running)).toEqual([]);
		expect(stillToHeal(running, web)).toBe(false);
	});

	it('stillToHeal is false once the object is back in sync', () => {
		const state = compared(compared(healing(), [objectState(webKey)]), [objectState(webKey)]);
		expect(stillToHeal(state, web)).toBe(false);
	});
});

describe('planHeal with the reducer: debounce, fights and backoff', () => {
	/** A clock, an app state, and heals as the runtime does them: scheduled, then started when due. */
	function setup(options: Partial<HealOptions> = {}) {
		const healOptions = {...defaultHealOptions, ...options};
		let now = t0;
		let state = initial({policy: {selfHeal: true}});
		const schedule = (key: string): HealPlan => {
			const plan = planHeal(state.heals, key, now, healOptions);
			state = fold(state, {type: 'HealScheduled', time: now, key, streak: plan.streak, delayMs: plan.delayMs, fight: plan.fight});
			return plan;
		};
		const healNow = (key: string): HealPlan => {
			const plan = schedule(key);
			now += plan.delayMs;
			state = fold(state, {type: 'HealStarted', time: now, key});
			return plan;
		};
		const wait = (ms: number) => void (now += ms);
		return {schedule, healNow, wait, skip: (key: string) => (state = fold(state, {type: 'HealSkipped', key})), state: () => state};
	}

	it('debounces the first heals (150 ms by default)', () => {
		const {schedule, state} = setup();
		expect(schedule(web)).toEqual({streak: 0, delayMs: 150, fight: false});
		expect(state().heals.pending.get(web)).toEqual({streak: 0, dueAt: t0 + 150});
	});

	it('detects a fight after the free heals and backs off x3 from 2 s up to the cap', () => {
		const {healNow} = setup();
		const plans = Array.from({length: 9}, () => healNow(web));
		expect(plans.map(plan => plan.delayMs)).toEqual([150, 150, 150, 2000, 6000, 18_000, 54_000, 60_000, 60_000]);
		expect(plans.map(plan => (plan.fight ? plan.streak : undefined))).toEqual([undefined, undefined, undefined, 3, 4, 5, 6, 7, 8]);
	});

	it('honours a custom number of free heals and cap', () => {
		const {healNow} = setup({debounceMs: 5, freeHeals: 1, maxDelayMs: 10_000, windowMs: 1_000_000});
		expect([1, 2, 3, 4].map(() => healNow(web).delayMs)).toEqual([5, 2000, 6000, 10_000]);
	});

	it('counts fights per object: another object still heals after the debounce', () => {
		const {healNow, schedule} = setup();
		for (let index = 0; index < 4; index++) healNow(web);
		expect(schedule(config)).toEqual({streak: 0, delayMs: 150, fight: false});
	});

	it('ends the fight when the object stays healed for a whole window', () => {
		const {healNow, wait} = setup();
		for (let index = 0; index < 3; index++) healNow(web);
		expect(healNow(web)).toEqual({streak: 3, delayMs: 2000, fight: true});
		wait(60_000);
		expect(healNow(web)).toEqual({streak: 0, delayMs: 150, fight: false});
	});

	it('a fight goes on while the object changes back within the window after each heal', () => {
		const {healNow, wait} = setup();
		for (let index = 0; index < 3; index++) {
			healNow(web);
			wait(59_000);
		}
		expect(healNow(web)).toEqual({streak: 3, delayMs: 2000, fight: true});
	});

	it('stays at the cap while a fight never stops: our own long delays do not end it', () => {
		// Regression: heals were counted in a sliding 60 s window, so the 54 s backoff pushed the
		// earlier heals out of it and the fight started over at the debounce (150, 2s, 6s... 54s, 150...).
		const {healNow} = setup();
		const delays = Array.from({length: 16}, () => healNow(web).delayMs);
		expect(delays.slice(0, 8)).toEqual([150, 150, 150, 2000, 6000, 18_000, 54_000, 60_000]);
		expect(new Set(delays.slice(7))).toEqual(new Set([60_000]));
	});

	it('a skipped heal (the drift was gone when the timer fired) does not count towards a fight', () => {
		const {schedule, skip, healNow, state} = setup();
		for (let index = 0; index < 5; index++) {
			schedule(web);
			skip(web);
		}
		expect(state().heals.pending.size).toBe(0);
		expect(healNow(web)).toEqual({streak: 0, delayMs: 150, fight: false});
	});

	it('a new revision forgets every fight', () => {
		const {healNow, state} = setup();
		for (let index = 0; index < 3; index++) healNow(web);
		const next = rendered(rendered(state(), 'aaaaaaa1'), 'bbbbbbb2');
		expect(planHeal(next.heals, web, t0 + 10_000)).toEqual({streak: 0, delayMs: 150, fight: false});
	});
});
