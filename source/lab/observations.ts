/**
 * What the engine's snapshots showed since a lab step ran: the states each pod went through, the
 * app's sync and health statuses, each object's drift, and the timeline entries. Detectors tick on
 * these, so a state that lasted less than one snapshot apart (a heal takes ~150 ms) still counts
 * when the engine recorded it. Pure.
 */
import type {AppView, ResourceNode, TimelineEvent} from '../engine/engine-state.js';
import {displayKey} from '../core/kube-object.js';

/** The object a timeline entry is about ('Deployment/counter/web'), if any. */
export function entryObject(entry: TimelineEvent): string | undefined {
	return 'object' in entry ? entry.object : undefined;
}

export interface Observations {
	/** ISO time the step ran; only what happened from then on is kept. */
	since: string;
	/** Pod name → the live states seen, in order (a repeat of the last one is not added). */
	podStates: Record<string, string[]>;
	syncStatuses: string[];
	healths: string[];
	/** 'Kind/namespace/name' → the drift kinds seen (none, modified, missing, extra). */
	drifts: Record<string, string[]>;
	/** Timeline entries from the step on, oldest first, each once. */
	events: TimelineEvent[];
}

export function startObserving(since: string): Observations {
	return {since, podStates: {}, syncStatuses: [], healths: [], drifts: {}, events: []};
}

function appendChanged(list: readonly string[] | undefined, value: string): string[] {
	const current = list ?? [];
	return current.at(-1) === value ? [...current] : [...current, value];
}

/** The pods of the app's resource tree, with their live state. */
export function podsOf(view: AppView): Array<{name: string; namespace: string; liveState: string; owner: string}> {
	const pods: Array<{name: string; namespace: string; liveState: string; owner: string}> = [];
	const walk = (nodes: readonly ResourceNode[], owner: string) => {
		for (const node of nodes) {
			if (node.key.kind === 'Pod') pods.push({name: node.key.name, namespace: node.key.namespace, liveState: node.liveState ?? '', owner});
			walk(node.children, node.key.kind === 'Deployment' || node.key.kind === 'StatefulSet' ? node.key.name : owner);
		}
	};
	walk(view.tree, '');
	return pods;
}

/** Folds one snapshot of the app into the observations. */
export function observe(observations: Observations, view: AppView): Observations {
	const podStates = {...observations.podStates};
	for (const pod of podsOf(view)) if (pod.liveState) podStates[pod.name] = appendChanged(podStates[pod.name], pod.liveState);
	const drifts = {...observations.drifts};
	for (const object of view.status.objects) {
		const key = displayKey(object.key);
		drifts[key] = appendChanged(drifts[key], object.drift);
	}
	const identity = (entry: TimelineEvent) => `${entry.time} ${entry.type} ${entryObject(entry) ?? ''}`;
	const known = new Set(observations.events.map(identity));
	const fresh = view.timeline.filter(entry => entry.time >= observations.since && !known.has(identity(entry))).reverse();
	return {
		since: observations.since,
		podStates,
		syncStatuses: appendChanged(observations.syncStatuses, view.status.syncStatus),
		healths: appendChanged(observations.healths, view.status.health.status),
		drifts,
		events: [...observations.events, ...fresh],
	};
}
