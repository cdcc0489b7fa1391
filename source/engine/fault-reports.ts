/**
 * Faults of the engine's outside world, reported to the apps they concern as events: a cluster
 * whose watch streams reconnect (ClusterConnectionChanged, once per burst of stream changes), and
 * notifications a webhook would not take (NotificationFailed / NotificationDelivered). The reducer
 * turns them into status warnings while they last (app-conditions.ts).
 */
import type {Clock} from '../ports/clock.js';
import type {Destination} from '../ports/destination.js';
import type {NotifyOutcome, NotifyPort} from '../ports/notify.js';
import type {AppContext} from './app-context.js';
import {clusterProblem} from './app-conditions.js';

/** How long watch-state changes gather before the connection condition is looked at. */
const connectionSettleMs = 500;

/**
 * While a destination's watches reconnect, its apps carry a condition saying so (and why). The
 * streams of a cluster go down and come back one by one: their changes within half a second are
 * looked at once, so an outage is one status change, not one per stream. Returns the stop.
 */
export function reportConnection(destination: Destination, clock: Clock, apps: () => readonly AppContext[]): () => void {
	let pending: (() => void) | undefined;
	const check = () => {
		pending = undefined;
		const problem = clusterProblem(destination.watchStates());
		for (const app of apps()) {
			if (app.state().conditions.cluster !== problem) void app.dispatch({type: 'ClusterConnectionChanged', time: clock.now(), problem});
		}
	};
	const unsubscribe = destination.onWatchState(() => {
		pending ??= clock.schedule(connectionSettleMs, check);
	});
	return () => {
		pending?.();
		unsubscribe();
	};
}

/** `notifier`, with each delivery's outcome reported to the app it was about (a failing webhook is shown). */
export function reportingNotifier(notifier: NotifyPort, clock: Clock, appNamed: (name: string) => AppContext | undefined): NotifyPort {
	return {
		notify: async notification => {
			const outcome: NotifyOutcome = await notifier.notify(notification);
			const app = appNamed(notification.app);
			if (outcome && app) {
				const time = clock.now();
				await app.dispatch(
					outcome.delivered ? {type: 'NotificationDelivered', time} : {type: 'NotificationFailed', time, error: outcome.error},
				);
			}
			return outcome;
		},
	};
}
