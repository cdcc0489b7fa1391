import {describe, expect, it} from 'vitest';
import {observe, podsOf, startObserving} from '../../../source/lab/observations.js';
import {event, view} from './support/views.js';

describe('observations', () => {
	it('keep each pod’s states in order without repeats, and the app’s statuses', () => {
		let observed = startObserving('2026-01-01T00:00:10.000Z');
		for (const state of ['Pending', 'Pending', 'ContainerCreating', 'Running']) {
			observed = observe(observed, view({health: state === 'Running' ? 'Healthy' : 'Progressing', pods: {'web-1': state}}));
		}
		expect(observed.podStates).toEqual({'web-1': ['Pending', 'ContainerCreating', 'Running']});
		expect(observed.healths).toEqual(['Progressing', 'Healthy']);
		expect(observed.syncStatuses).toEqual(['Synced']);
		expect(observed.drifts['Deployment/counter/web']).toEqual(['none']);
	});

	it('keep timeline entries from the step on, oldest first, each once', () => {
		const entries = [
			event('healed', '2026-01-01T00:00:12.000Z', 'Deployment/counter/web'),
			event('drift-detected', '2026-01-01T00:00:11.000Z', 'Deployment/counter/web'),
			event('synced', '2026-01-01T00:00:09.000Z'),
		];
		let observed = startObserving('2026-01-01T00:00:10.000Z');
		observed = observe(observed, view({timeline: entries.slice(1)}));
		observed = observe(observed, view({timeline: entries}));
		expect(observed.events.map(entry => entry.type)).toEqual(['drift-detected', 'healed']);
	});

	it('find the pods of the tree with their owner workload', () => {
		expect(podsOf(view({pods: {'web-1': 'Running'}}))).toEqual([{name: 'web-1', namespace: 'counter', liveState: 'Running', owner: 'web'}]);
	});
});
