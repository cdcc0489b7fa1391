/** Small pure questions the exercise checks ask of a snapshot and its observations. */
import type {ObjectState} from '../core/app-status.js';
import type {AppView} from '../engine/engine-state.js';
import type {TimelineEvent} from '../engine/engine-state.js';
import {entryObject, type Observations} from './observations.js';

/** 'Deployment/counter/web': how timeline entries name objects. */
export function objectName(kind: string, namespace: string, name: string): string {
	return `${kind}/${namespace}/${name}`;
}

export function objectIn(view: AppView, kind: string, name: string): ObjectState | undefined {
	return view.status.objects.find(object => object.key.kind === kind && object.key.name === name);
}

/** Did the engine record a timeline entry of `type` (about `object`, when given) since the step? */
export function recorded(observed: Observations, type: TimelineEvent['type'], object?: string): boolean {
	return observed.events.some(entry => entry.type === type && (object === undefined || entryObject(entry) === object));
}

/** Did the engine record a sync that a person started (not auto-sync or self-heal) since the step? */
export function syncedByHand(observed: Observations): boolean {
	return observed.events.some(entry => entry.type === 'synced' && entry.initiator === 'user');
}

/** Did the engine record a rollback to `sha` since the step? */
export function rolledBackTo(observed: Observations, sha: string | undefined): boolean {
	return observed.events.some(entry => entry.type === 'rolled-back' && entry.revision.sha === sha);
}

/** Has any pod been seen in `state` since the step? */
export function podSeenIn(observed: Observations, state: string, except: ReadonlySet<string> = new Set()): boolean {
	return Object.entries(observed.podStates).some(([pod, states]) => !except.has(pod) && states.includes(state));
}

/** The deployed revision is `sha` (the engine compares against it). */
export function atRevision(view: AppView, sha: string | undefined): boolean {
	return sha !== undefined && view.status.revision?.sha === sha;
}

export function syncedAndHealthy(view: AppView): boolean {
	return view.status.syncStatus === 'Synced' && view.status.health.status === 'Healthy';
}
