/**
 * The app's objects as assessed, kept per object so a watch event reassesses only the objects it
 * touched: their comparison (memoized by the versions of its inputs), health, attribution and
 * tree node. Counts and app health are kept up to date as rows change (health-tally.ts); the
 * object and tree lists are copied with the changed entries replaced (a pointer copy, no
 * reassessment of the others). Rows survive a render, so what changed is known across it.
 */
import type {AppStatus, ObjectState, ResourceNode} from '../core/app-status.js';
import {assessObject, nothingLive} from '../core/assess-object.js';
import {resourceNodeOf} from '../core/build-resource-tree.js';
import type {CompareObjectInput, ObjectComparison} from '../core/compare-objects.js';
import type {IgnoreDifferenceRule} from '../core/ignore-differences.js';
import {emptyCounts} from '../core/app-status.js';
import {type KubeObject, keyString, resourceKeyOf} from '../core/kube-object.js';
import {withoutTracking} from '../core/tracking.js';
import {HealthTally} from './health-tally.js';
import type {ObjectChange} from './app-events.js';
import type {LiveIndex} from './live-index.js';
import {withObservedTimes} from './observed-times.js';

/** What the table says about the app now. */
export type TableView = Pick<AppStatus, 'objects' | 'counts' | 'syncStatus' | 'health'> & {tree: ResourceNode[]};

const bucket = {none: 'synced', modified: 'modified', missing: 'missing', extra: 'extra'} as const;

export class ObjectTable {
	/** Git's objects' keys, in Git's order, each once. */
	private order: string[] = [];
	private position = new Map<string, number>();
	private duplicates = new Map<string, string>();
	private readonly rows = new Map<string, {state: ObjectState; node: ResourceNode}>();
	private readonly extras = new Set<string>();
	private objects: ObjectState[] = [];
	private tree: ResourceNode[] = [];
	private counts = emptyCounts();
	private readonly tally = new HealthTally();

	constructor(
		private readonly compare: (input: CompareObjectInput) => ObjectComparison,
		private readonly ignoreDifferences: readonly IgnoreDifferenceRule[],
	) {}

	/** Git's objects of a new render; the next update must be of every object. */
	setDesired(desired: readonly KubeObject[]): void {
		this.order = [];
		this.position = new Map();
		this.duplicates = new Map();
		for (const object of desired) {
			const key = resourceKeyOf(object);
			const id = keyString(key);
			if (this.position.has(id)) {
				this.duplicates.set(
					id,
					`Git defines ${key.kind} ${key.namespace ? `${key.namespace}/` : ''}${key.name} more than once; the first one is compared`,
				);
				continue;
			}
			this.position.set(id, this.order.length);
			this.order.push(id);
		}
	}

	/** Reassesses the objects `keys` (all of them for 'all'); returns how each changed. */
	update(
		keys: ReadonlySet<string> | 'all',
		index: LiveIndex,
		predicted: (key: string) => KubeObject | undefined,
		now: Date,
	): ObjectChange[] {
		const targets = keys === 'all' ? new Set([...this.order, ...index.extraKeys(), ...this.rows.keys()]) : keys;
		const changes: ObjectChange[] = [];
		const replaced: number[] = [];
		let extrasChanged = keys === 'all';
		for (const key of targets) {
			const before = this.rows.get(key);
			const desired = index.desiredOf(key);
			const live = index.liveOf(key);
			if (before && before.state.drift === 'extra') extrasChanged = true;
			if (!desired && !live) {
				if (!before) continue;
				this.count(before.state, -1);
				this.tally.set(key, []);
				this.rows.delete(key);
				this.extras.delete(key);
				changes.push({key, before: before.state, after: undefined});
				continue;
			}
			const comparison = desired
				? this.compare({
						key: resourceKeyOf(desired),
						desired,
						...(live ? {live: withoutTracking(live)} : {}),
						predicted: predicted(key),
						ignoreDifferences: this.ignoreDifferences,
					})
				: this.compare({key: resourceKeyOf(live as KubeObject), live, tracked: true});
			const assessed = assessObject(comparison, desired, live, index.ownerIndex());
			const duplicate = this.duplicates.get(key);
			let state = withObservedTimes(before?.state, assessed.state, now);
			if (duplicate) state = {...state, warnings: [...state.warnings, duplicate]};
			if (before) this.count(before.state, -1);
			this.count(state, 1);
			this.tally.set(key, assessed.healthChildren);
			this.rows.set(key, {state, node: resourceNodeOf(state, live, index.ownerIndex())});
			if (desired) {
				this.extras.delete(key);
				const at = this.position.get(key);
				if (at !== undefined) replaced.push(at);
			} else {
				this.extras.add(key);
				extrasChanged = true;
			}
			changes.push({key, before: before?.state, after: state});
		}
		this.assemble(keys === 'all', replaced, extrasChanged);
		// In the order of the object list, as a full comparison would report them.
		const rank = (key: string) => this.position.get(key) ?? this.order.length;
		return changes.sort((a, b) => rank(a.key) - rank(b.key) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
	}

	/** The object's state now, by keyString (Git's objects and extras alike). */
	stateOf(key: string): ObjectState | undefined {
		return this.rows.get(key)?.state;
	}

	view(): TableView {
		const anyLive = this.counts.synced + this.counts.modified + this.counts.extra > 0;
		const outOfSync = this.counts.modified + this.counts.missing + this.counts.extra > 0;
		return {
			objects: this.objects,
			tree: this.tree,
			counts: {...this.counts},
			syncStatus: outOfSync ? 'OutOfSync' : 'Synced',
			health: this.rows.size > 0 && !anyLive ? {status: 'Missing', message: nothingLive} : this.tally.health(),
		};
	}

	/** Git's objects in Git's order, then the extras by key: changed entries replaced in copies of the lists. */
	private assemble(all: boolean, replaced: readonly number[], extrasChanged: boolean): void {
		const size = this.order.length;
		if (!all && replaced.length === 0 && !extrasChanged) return;
		const objects = all ? [] : this.objects.slice(0, size);
		const tree = all ? [] : this.tree.slice(0, size);
		const rows = all ? this.order.map((_, at) => at) : replaced;
		for (const at of rows) {
			const row = this.rows.get(this.order[at] ?? '');
			if (!row) continue;
			objects[at] = row.state;
			tree[at] = row.node;
		}
		if (extrasChanged) {
			const extras = [...this.extras]
				.sort()
				.map(key => this.rows.get(key))
				.filter(row => row !== undefined);
			this.objects = [...objects, ...extras.map(row => row.state)];
			this.tree = [...tree, ...extras.map(row => row.node)];
		} else {
			this.objects = [...objects, ...this.objects.slice(size)];
			this.tree = [...tree, ...this.tree.slice(size)];
		}
	}

	private count(state: ObjectState, delta: number): void {
		this.counts[bucket[state.drift]] += delta;
	}
}
