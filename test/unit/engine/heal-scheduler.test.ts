import {describe, expect, it} from 'vitest';
import {HealScheduler} from '../../../source/engine/heal-scheduler.js';
import {ManualTimer} from './support/fake-ports.js';

const web = 'apps/Deployment/demo/web';
const config = '/ConfigMap/demo/config';

function setup(options: {debounceMs?: number; windowMs?: number; freeHeals?: number; maxDelayMs?: number} = {}) {
	const timer = new ManualTimer();
	const scheduler = new HealScheduler({...options, timer});
	const heals: string[] = [];
	const schedule = (key: string) => scheduler.schedule(key, () => void heals.push(key));
	/** Schedules a heal of `key` and lets it run; returns the decision. */
	const healNow = (key: string) => {
		const decision = schedule(key);
		timer.advance(decision?.delayMs ?? 0);
		return decision;
	};
	return {timer, scheduler, heals, schedule, healNow};
}

describe('HealScheduler', () => {
	it('debounces: the heal runs after the debounce, not before', () => {
		const {timer, heals, schedule} = setup({debounceMs: 150});
		expect(schedule(web)).toEqual({delayMs: 150});
		timer.advance(149);
		expect(heals).toEqual([]);
		timer.advance(1);
		expect(heals).toEqual([web]);
	});

	it('defaults to a 150 ms debounce', () => {
		const {schedule} = setup();
		expect(schedule(web)).toEqual({delayMs: 150});
	});

	it('keeps one pending heal per key: a burst of events becomes one heal', () => {
		const {timer, scheduler, heals, schedule} = setup({debounceMs: 100});
		expect(schedule(web)).toBeDefined();
		expect(schedule(web)).toBeUndefined();
		expect(schedule(web)).toBeUndefined();
		expect(scheduler.isPending(web)).toBe(true);
		expect(schedule(config)).toEqual({delayMs: 100});
		timer.advance(100);
		expect(heals).toEqual([web, config]);
		expect(scheduler.isPending(web)).toBe(false);
		expect(timer.pending()).toEqual([]);
	});

	it('can schedule again once the heal ran', () => {
		const {timer, heals, schedule} = setup({debounceMs: 10});
		schedule(web);
		timer.advance(10);
		expect(schedule(web)).toEqual({delayMs: 10});
		timer.advance(10);
		expect(heals).toEqual([web, web]);
	});

	it('detects a fight after the free heals and backs off x3 from 2 s up to the cap', () => {
		const {heals, healNow} = setup({debounceMs: 150, maxDelayMs: 60_000});
		const decisions = Array.from({length: 9}, () => healNow(web));
		expect(decisions.map(decision => decision?.delayMs)).toEqual([150, 150, 150, 2000, 6000, 18_000, 54_000, 60_000, 60_000]);
		expect(decisions.map(decision => decision?.fight?.heals)).toEqual([undefined, undefined, undefined, 3, 4, 5, 6, 7, 8]);
		expect(heals).toHaveLength(9);
	});

	it('honours a custom number of free heals and cap', () => {
		const {healNow} = setup({debounceMs: 5, freeHeals: 1, maxDelayMs: 10_000, windowMs: 1_000_000});
		expect([1, 2, 3, 4].map(() => healNow(web)?.delayMs)).toEqual([5, 2000, 6000, 10_000]);
	});

	it('counts fights per key: another object still heals after the debounce', () => {
		const {healNow, schedule} = setup({debounceMs: 150});
		for (let index = 0; index < 4; index++) healNow(web);
		expect(schedule(config)).toEqual({delayMs: 150});
	});

	it('ends the fight when the object stays healed for a whole window', () => {
		const {timer, healNow} = setup({debounceMs: 150, windowMs: 60_000});
		for (let index = 0; index < 3; index++) healNow(web);
		expect(healNow(web)).toEqual({delayMs: 2000, fight: {heals: 3}});
		// The object stayed healed for a whole window after the last heal: the fight is over.
		timer.advance(60_000);
		expect(healNow(web)).toEqual({delayMs: 150});
	});

	it('a fight goes on while the object changes back within the window after each heal', () => {
		const {timer, healNow} = setup({debounceMs: 150, windowMs: 60_000});
		healNow(web);
		timer.advance(59_999);
		healNow(web);
		timer.advance(59_999);
		healNow(web);
		timer.advance(59_999);
		expect(healNow(web)).toEqual({delayMs: 2000, fight: {heals: 3}});
	});

	it('stays at the cap while a fight never stops: our own long delays do not end it', () => {
		// Regression: heals were counted in a sliding 60 s window, so the 54 s backoff pushed the
		// earlier heals out of it and the fight started over at the debounce (150, 2s, 6s... 54s, 150...).
		const {healNow} = setup();
		const delays = Array.from({length: 16}, () => healNow(web)?.delayMs);
		expect(delays.slice(0, 8)).toEqual([150, 150, 150, 2000, 6000, 18_000, 54_000, 60_000]);
		expect(new Set(delays.slice(7))).toEqual(new Set([60_000]));
	});

	it("reset(key) forgets one object's fight; reset() forgets all", () => {
		const {scheduler, healNow, schedule} = setup({debounceMs: 150});
		for (let index = 0; index < 3; index++) {
			healNow(web);
			healNow(config);
		}
		scheduler.reset(web);
		expect(scheduler.decide(web)).toEqual({delayMs: 150});
		expect(scheduler.decide(config)).toEqual({delayMs: 2000, fight: {heals: 3}});
		scheduler.reset();
		expect(schedule(config)).toEqual({delayMs: 150});
	});

	it('reset does not cancel a pending heal', () => {
		const {timer, scheduler, heals, schedule} = setup({debounceMs: 150});
		schedule(web);
		scheduler.reset();
		timer.advance(150);
		expect(heals).toEqual([web]);
	});

	it('cancel drops a pending heal, which never runs, and frees the key', () => {
		const {timer, scheduler, heals, schedule} = setup({debounceMs: 150});
		schedule(web);
		scheduler.cancel(web);
		expect(scheduler.isPending(web)).toBe(false);
		expect(timer.pending()).toEqual([]);
		timer.advance(1000);
		expect(heals).toEqual([]);
		expect(schedule(web)).toEqual({delayMs: 150});
	});

	it('a cancelled heal does not count towards a fight', () => {
		const {scheduler, schedule, healNow} = setup({debounceMs: 150});
		for (let index = 0; index < 5; index++) {
			schedule(web);
			scheduler.cancel(web);
		}
		expect(healNow(web)).toEqual({delayMs: 150});
	});

	it('cancel of a key with nothing pending is harmless', () => {
		const {scheduler} = setup();
		expect(() => scheduler.cancel(web)).not.toThrow();
	});

	it('cancelAll drops every pending heal', () => {
		const {timer, scheduler, heals, schedule} = setup({debounceMs: 150});
		schedule(web);
		schedule(config);
		scheduler.cancelAll();
		timer.advance(1000);
		expect(heals).toEqual([]);
		expect(scheduler.isPending(web) || scheduler.isPending(config)).toBe(false);
	});
});
