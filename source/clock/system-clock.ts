/** The real Clock: the system time and Node timers. */
import type {Clock} from '../ports/clock.js';

export const systemClock: Clock = {
	now: () => Date.now(),
	schedule: (ms, callback) => {
		const timer = setTimeout(callback, ms);
		return () => clearTimeout(timer);
	},
};
