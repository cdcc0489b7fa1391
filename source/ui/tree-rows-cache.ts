/**
 * The app screen's rows (select-tree.ts's treeRows), kept from one snapshot to the next. A watch
 * event replaces a few objects and tree nodes and keeps every other one in its place (the engine
 * copies pointers), so the next rows come from comparing the two snapshots position by position
 * (pointer comparisons) and walking again only the subtrees whose node or objects changed. Any
 * other change (objects added or removed, another filter, a node's key moved) builds the rows
 * again from scratch, sorting once. Same rows as treeRows, always.
 */
import type {ObjectState} from '../core/app-status.js';
import {keyString} from '../core/kube-object.js';
import type {AppView, ResourceNode} from '../engine/engine-state.js';
import {compareNodes, subtreeRows, type TreeRow} from './select-tree.js';

/** What the previous rows were built from, and where each top-level subtree's rows are. */
interface Built {
	tree: readonly ResourceNode[];
	objects: readonly ObjectState[];
	filter: string;
	/** Top-level nodes in row order (tree nodes, then nodes made for objects the tree lacks, sorted). */
	roots: ResourceNode[];
	/** Every node id (in the tree and made) -> the index in `roots` of its top-level node. */
	rootOf: Map<string, number>;
	/** Index in `roots` of each tree position's node. */
	rootOfTreePosition: number[];
	/** Ranks of the roots made for objects the tree lacks (they show the object's own statuses). */
	made: Set<number>;
	/** The objects by id, kept up to date as objects change. */
	byId: Map<string, ObjectState>;
	/** Each root's rows, and the flat list. */
	subtrees: TreeRow[][];
	rows: TreeRow[];
}

export class TreeRowsCache {
	private built: Built | undefined;
	private readonly ids = new WeakMap<object, string>();

	/** The rows of `app` with `filter`. */
	rows(app: AppView, filter = ''): TreeRow[] {
		const built = this.built;
		const next = built ? this.update(built, app, filter) : undefined;
		this.built = next ?? this.build(app, filter);
		return this.built.rows;
	}

	private id(key: ResourceNode['key']): string {
		let id = this.ids.get(key);
		if (id === undefined) {
			id = keyString(key);
			this.ids.set(key, id);
		}
		return id;
	}

	/** From scratch: index every node, make roots for objects the tree lacks, sort, walk. */
	private build(app: AppView, filter: string): Built {
		const byId = new Map(app.status.objects.map(object => [this.id(object.key), object]));
		const rootOfTree = new Map<string, number>();
		const indexTree = (node: ResourceNode, position: number) => {
			rootOfTree.set(this.id(node.key), position);
			for (const child of node.children) indexTree(child, position);
		};
		app.tree.forEach(indexTree);
		const unsorted: ResourceNode[] = [...app.tree];
		for (const object of app.status.objects) {
			if (rootOfTree.has(this.id(object.key))) continue;
			unsorted.push({
				key: object.key,
				apiVersion: object.apiVersion,
				syncStatus: object.syncStatus,
				health: object.health,
				liveState: object.liveState,
				children: [],
			});
		}
		const order = unsorted.map((_, at) => at).sort((a, b) => compareNodes(unsorted[a] as ResourceNode, unsorted[b] as ResourceNode));
		const roots = order.map(at => unsorted[at] as ResourceNode);
		const rootOfTreePosition: number[] = new Array<number>(app.tree.length);
		order.forEach((at, rank) => {
			if (at < app.tree.length) rootOfTreePosition[at] = rank;
		});
		const rootOf = new Map<string, number>();
		const indexRoot = (node: ResourceNode, rank: number) => {
			rootOf.set(this.id(node.key), rank);
			for (const child of node.children) indexRoot(child, rank);
		};
		roots.forEach(indexRoot);
		const made = new Set<number>();
		order.forEach((at, rank) => {
			if (at >= app.tree.length) made.add(rank);
		});
		const subtrees = roots.map(root => subtreeRows(root, id => byId.get(id), filter));
		return {
			tree: app.tree,
			objects: app.status.objects,
			filter,
			roots,
			rootOf,
			rootOfTreePosition,
			made,
			byId,
			subtrees,
			rows: subtrees.flat(),
		};
	}

	/**
	 * The rows after a snapshot that changed objects and nodes in place (same lengths, the same
	 * keys at the same positions, children that belong to no other row); undefined when anything
	 * else changed, for a build from scratch.
	 */
	private update(built: Built, app: AppView, filter: string): Built | undefined {
		const tree = app.tree;
		const objects = app.status.objects;
		if (tree === built.tree && objects === built.objects && filter === built.filter) return built;
		if (filter !== built.filter || tree.length !== built.tree.length || objects.length !== built.objects.length) return undefined;
		const stale = new Set<number>();
		const moves: Array<{id: string; rank: number | undefined}> = [];
		for (let at = 0; at < tree.length; at++) {
			const node = tree[at] as ResourceNode;
			const before = built.tree[at] as ResourceNode;
			if (node === before) continue;
			const rank = built.rootOfTreePosition[at] as number;
			if (this.id(node.key) !== this.id(before.key) || !this.childrenMoves(node, before, rank, built, moves)) return undefined;
			stale.add(rank);
		}
		const changed: ObjectState[] = [];
		for (let at = 0; at < objects.length; at++) {
			const object = objects[at] as ObjectState;
			const before = built.objects[at] as ObjectState;
			if (object === before) continue;
			const id = this.id(object.key);
			const rank = built.rootOf.get(id);
			// Another object in this place, or one shown by a root made for it: build again.
			if (id !== this.id(before.key) || rank === undefined || built.made.has(rank)) return undefined;
			changed.push(object);
			stale.add(rank);
		}
		for (const {id, rank} of moves) {
			if (rank === undefined) built.rootOf.delete(id);
			else built.rootOf.set(id, rank);
		}
		for (const object of changed) built.byId.set(this.id(object.key), object);
		if (stale.size === 0) return {...built, tree, objects};
		const roots = [...built.roots];
		for (let at = 0; at < tree.length; at++) roots[built.rootOfTreePosition[at] as number] = tree[at] as ResourceNode;
		const subtrees = [...built.subtrees];
		let sameLengths = true;
		for (const rank of stale) {
			const rows = subtreeRows(roots[rank] as ResourceNode, id => built.byId.get(id), filter);
			if (rows.length !== subtrees[rank]?.length) sameLengths = false;
			subtrees[rank] = rows;
		}
		let rows: TreeRow[];
		if (sameLengths) {
			// Each stale subtree's rows replace its old ones in place.
			rows = [...built.rows];
			let start = 0;
			for (let rank = 0; rank < subtrees.length; rank++) {
				const subtree = subtrees[rank] as TreeRow[];
				if (stale.has(rank)) subtree.forEach((row, offset) => (rows[start + offset] = row));
				start += subtree.length;
			}
		} else {
			rows = subtrees.flat();
		}
		return {...built, tree, objects, roots, subtrees, rows};
	}

	/**
	 * The ids under a changed top-level node: children that came or went (pods of a rollout) move
	 * in `rootOf` (recorded in `moves`); false when one belongs to another row or to an object.
	 */
	private childrenMoves(
		node: ResourceNode,
		before: ResourceNode,
		rank: number,
		built: Built,
		moves: Array<{id: string; rank: number | undefined}>,
	): boolean {
		const ids = (root: ResourceNode) => {
			const found = new Set<string>();
			const visit = (current: ResourceNode) => {
				found.add(this.id(current.key));
				current.children.forEach(visit);
			};
			visit(root);
			return found;
		};
		const now = ids(node);
		const then = ids(before);
		for (const id of now) {
			if (then.has(id)) continue;
			if (built.rootOf.has(id) || built.byId.has(id)) return false;
			moves.push({id, rank});
		}
		for (const id of then) {
			if (now.has(id)) continue;
			if (built.byId.has(id)) return false;
			moves.push({id, rank: undefined});
		}
		return true;
	}
}
