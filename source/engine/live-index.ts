/**
 * The live objects of one app, indexed as watch events arrive, so an event costs work for the
 * objects it touches, not for the app: each desired object's live copy (from the watch of its
 * own apiVersion), the live objects tracked by the app that Git no longer has (extras), and the
 * ReplicaSets, Pods and Jobs under them by owner uid. Each change says which of the app's objects
 * (by keyString) it touches: itself, or for a pod, the workload it belongs to.
 */
import {type KubeObject, keyString, resourceKeyOf} from '../core/kube-object.js';
import type {OwnerIndex} from '../core/resource-tree.js';
import {type AppTracking, isTrackedBy} from '../core/tracking.js';

/** Where a change came from: the watched apiVersion, and whether the kind is one of the related kinds. */
export interface ChangeSource {
	apiVersion: string;
	related: boolean;
}

/** Owner chains deeper than this (Deployment > ReplicaSet > Pod is 2) are not followed. */
const maxOwnerDepth = 5;

export class LiveIndex {
	private desired = new Map<string, KubeObject>();
	private readonly live = new Map<string, KubeObject>();
	private readonly extras = new Map<string, KubeObject>();
	private readonly related = new Map<string, KubeObject>();
	private readonly owners = new Map<string, KubeObject[]>();
	/** uid of each desired-live or extra object -> its key: where a child's change lands. */
	private readonly roots = new Map<string, string>();

	constructor(private readonly app: AppTracking) {}

	/** Forgets everything and takes Git's objects; the caller indexes the caches again. */
	reset(desired: readonly KubeObject[]): void {
		this.desired = new Map();
		for (const object of desired) {
			const key = keyString(resourceKeyOf(object));
			if (!this.desired.has(key)) this.desired.set(key, object);
		}
		this.live.clear();
		this.extras.clear();
		this.related.clear();
		this.owners.clear();
		this.roots.clear();
	}

	/** An object was listed, added or changed; the keys of the app's objects it touches go to `dirty`. */
	upsert(source: ChangeSource, object: KubeObject, dirty: Set<string>): void {
		const key = keyString(resourceKeyOf(object));
		if (source.related) this.setRelated(object, dirty);
		const desired = this.desired.get(key);
		if (desired) {
			// The desired object's own apiVersion is the copy compared (a kind may be watched at two versions).
			if (desired.apiVersion !== source.apiVersion) return;
			this.setRoot(this.live, key, object);
			dirty.add(key);
		} else if (isTrackedBy(this.app, object)) {
			this.setRoot(this.extras, key, object);
			dirty.add(key);
		} else if (this.extras.has(key)) {
			// Its tracking was removed: no longer this app's.
			this.dropRoot(this.extras, key);
			dirty.add(key);
		}
	}

	/** An object was deleted. */
	remove(source: ChangeSource, object: KubeObject, dirty: Set<string>): void {
		const key = keyString(resourceKeyOf(object));
		if (source.related) this.dropRelated(object, dirty);
		const desired = this.desired.get(key);
		if (desired && desired.apiVersion === source.apiVersion && this.live.has(key)) {
			this.dropRoot(this.live, key);
			dirty.add(key);
		} else if (!desired && this.extras.has(key)) {
			this.dropRoot(this.extras, key);
			dirty.add(key);
		}
	}

	/** Git's objects' keys, in Git's order. */
	desiredKeys(): IterableIterator<string> {
		return this.desired.keys();
	}

	desiredOf(key: string): KubeObject | undefined {
		return this.desired.get(key);
	}

	/** The live copy of a desired object, or the extra object with this key. */
	liveOf(key: string): KubeObject | undefined {
		return this.desired.has(key) ? this.live.get(key) : this.extras.get(key);
	}

	/** Desired objects that exist live, by key. */
	liveDesired(): ReadonlyMap<string, KubeObject> {
		return this.live;
	}

	extraKeys(): IterableIterator<string> {
		return this.extras.keys();
	}

	/** The app's ReplicaSets, Pods and Jobs by owner uid. */
	ownerIndex(): OwnerIndex {
		return this.owners;
	}

	private setRoot(map: Map<string, KubeObject>, key: string, object: KubeObject): void {
		const previous = map.get(key)?.metadata.uid;
		if (previous) this.roots.delete(previous);
		map.set(key, object);
		if (object.metadata.uid) this.roots.set(object.metadata.uid, key);
	}

	private dropRoot(map: Map<string, KubeObject>, key: string): void {
		const uid = map.get(key)?.metadata.uid;
		if (uid) this.roots.delete(uid);
		map.delete(key);
	}

	private setRelated(object: KubeObject, dirty: Set<string>): void {
		this.dropRelated(object, dirty);
		const uid = object.metadata.uid;
		if (!uid) return;
		this.related.set(uid, object);
		for (const owner of object.metadata.ownerReferences ?? []) {
			this.owners.set(owner.uid, [...(this.owners.get(owner.uid) ?? []), object]);
		}
		this.touchOwners(object, dirty, 0);
	}

	private dropRelated(object: KubeObject, dirty: Set<string>): void {
		const uid = object.metadata.uid;
		const previous = uid ? this.related.get(uid) : undefined;
		if (!uid || !previous) return;
		this.related.delete(uid);
		for (const owner of previous.metadata.ownerReferences ?? []) {
			const siblings = (this.owners.get(owner.uid) ?? []).filter(child => child.metadata.uid !== uid);
			if (siblings.length > 0) this.owners.set(owner.uid, siblings);
			else this.owners.delete(owner.uid);
		}
		this.touchOwners(previous, dirty, 0);
	}

	/** The app's objects above `object` in its owner chain. */
	private touchOwners(object: KubeObject, dirty: Set<string>, depth: number): void {
		if (depth >= maxOwnerDepth) return;
		for (const owner of object.metadata.ownerReferences ?? []) {
			const root = this.roots.get(owner.uid);
			if (root) dirty.add(root);
			const parent = this.related.get(owner.uid);
			if (parent) this.touchOwners(parent, dirty, depth + 1);
		}
	}
}
