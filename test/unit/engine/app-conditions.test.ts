/**
 * Faults that last are status warnings while they last: the cluster unreachable (watches
 * reconnecting), Git fetch failing after a good revision (kept, with why), notifications failing.
 * On plain values: the pure condition functions and the reducer.
 */
import {describe, expect, it} from 'vitest';
import {clusterProblem, withConditions} from '../../../source/engine/app-conditions.js';
import type {WatchState} from '../../../source/ports/watch.js';
import {appStatus, compared, fold, initial, objectState, rendered, t0, webKey} from './support/states.js';

const watch = (kind: string, phase: WatchState['phase'], error: string | null = null, since = '2025-03-01T10:00:00.000Z'): WatchState => ({
	apiVersion: 'v1',
	kind,
	namespace: 'demo',
	phase,
	error,
	since,
});

describe('clusterProblem', () => {
	it('is null while every stream is live, connecting or refused by RBAC', () => {
		expect(clusterProblem([])).toBeNull();
		expect(clusterProblem([watch('ConfigMap', 'live'), watch('Secret', 'failed', 'forbidden'), watch('Pod', 'connecting')])).toBeNull();
	});

	it('says the cluster is unreachable when every stream reconnects, with the first one’s reason', () => {
		const problem = clusterProblem([
			watch('ConfigMap', 'reconnecting', 'socket hang up', '2025-03-01T10:00:02.000Z'),
			watch('Deployment', 'reconnecting', 'connect ECONNREFUSED 127.0.0.1:6443', '2025-03-01T10:00:01.000Z'),
			watch('Secret', 'failed', 'forbidden'),
		]);
		expect(problem).toBe(
			'cluster unreachable: connect ECONNREFUSED 127.0.0.1:6443 (2 of 2 watches reconnecting since 2025-03-01T10:00:01.000Z; the status shows the last state seen)',
		);
	});

	it('names the interrupted watch when only some streams reconnect', () => {
		expect(clusterProblem([watch('ConfigMap', 'live'), watch('Deployment', 'reconnecting', 'HTTP 500: etcd timeout')])).toMatch(
			/^watch interrupted: Deployment in demo: HTTP 500: etcd timeout \(1 of 2 watches reconnecting since /,
		);
	});
});

describe('withConditions', () => {
	it('adds the conditions after the comparison’s warnings and takes old ones out; the same status when nothing changes', () => {
		const status = appStatus([], {warnings: ['cannot list Secret in demo: forbidden']});
		const none = {git: null, cluster: null, notify: null};
		const down = {...none, cluster: 'cluster unreachable: x'};
		const withOutage = withConditions(status, none, down);
		expect(withOutage.warnings).toEqual(['cannot list Secret in demo: forbidden', 'cluster unreachable: x']);
		expect(withConditions(withOutage, down, down)).toBe(withOutage);
		expect(withConditions(withOutage, down, none).warnings).toEqual(['cannot list Secret in demo: forbidden']);
	});
});

describe('reduceApp: conditions', () => {
	const evaluated = () => compared(rendered(initial()), [objectState(webKey)]);

	it('keeps the last good revision and status when a fetch fails, and says why until a fetch succeeds', () => {
		const failed = fold(evaluated(), {
			type: 'GitPollFailed',
			time: t0 + 1000,
			error: {code: 'git-failed', message: 'fetching /tmp/gone.git: does not appear to be a git repository', hint: 'check your network'},
		});
		expect(failed.status.syncStatus).toBe('Synced');
		expect(failed.status.revision?.sha).toBe('aaaaaaa1');
		expect(failed.status.warnings).toEqual([
			'Git fetch failed: fetching /tmp/gone.git: does not appear to be a git repository (check your network); showing aaaaaaa, the last revision fetched',
		]);
		// A later comparison keeps the condition; a successful fetch ends it.
		const again = compared(failed, [objectState(webKey, 'modified')], {time: t0 + 2000});
		expect(again.status.warnings).toEqual(failed.status.warnings);
		expect(fold(again, {type: 'GitPolled', time: t0 + 3000}).status.warnings).toEqual([]);
	});

	it('carries the cluster condition while the watches reconnect, through comparisons', () => {
		const down = fold(evaluated(), {type: 'ClusterConnectionChanged', time: t0 + 1000, problem: 'cluster unreachable: refused'});
		expect(down.status.warnings).toEqual(['cluster unreachable: refused']);
		expect(compared(down, [objectState(webKey)], {time: t0 + 2000}).status.warnings).toEqual(['cluster unreachable: refused']);
		expect(fold(down, {type: 'ClusterConnectionChanged', time: t0 + 3000, problem: null}).status.warnings).toEqual([]);
	});

	it('records a failed notification once per reason, shows it, and clears it on the next delivery', () => {
		const error = {code: 'internal', message: 'notification webhook at http://127.0.0.1:9 answered HTTP 500', hint: ''};
		const failed = fold(evaluated(), {type: 'NotificationFailed', time: t0 + 1000, error});
		const twice = fold(failed, {type: 'NotificationFailed', time: t0 + 2000, error});
		expect(twice).toBe(failed);
		expect(failed.timeline[0]).toMatchObject({type: 'error', operation: 'notify', message: error.message});
		expect(failed.conditions.notify).toBe(error.message);
		expect(failed.status.warnings).toEqual([`notifications failing: ${error.message}`]);
		const delivered = fold(failed, {type: 'NotificationDelivered', time: t0 + 3000});
		expect(delivered.status.warnings).toEqual([]);
		expect(delivered.conditions.notify).toBeNull();
	});

	it('gives a condition that comes before the first evaluation to the first status', () => {
		const early = fold(initial(), {type: 'ClusterConnectionChanged', time: t0, problem: 'cluster unreachable: refused'});
		expect(early.status.warnings).toEqual([]);
		expect(compared(rendered(early), [objectState(webKey)]).status.warnings).toEqual(['cluster unreachable: refused']);
	});
});
