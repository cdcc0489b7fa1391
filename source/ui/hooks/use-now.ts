/**
 * The current time, ticking once a second, for ages and countdowns ("next in 18s"). The clock is
 * injectable so tests and screen captures render stable frames.
 */
import {useEffect, useState} from 'react';

/** A source of the current time in milliseconds (default Date.now). */
export type Clock = () => number;

/** The time in milliseconds, refreshed every `intervalMs` (default 1 s). */
export function useNow(clock: Clock, intervalMs = 1000): number {
	const [now, setNow] = useState(clock);
	useEffect(() => {
		const timer = setInterval(() => {
			setNow(clock());
		}, intervalMs);
		return () => {
			clearInterval(timer);
		};
	}, [clock, intervalMs]);
	return now;
}
