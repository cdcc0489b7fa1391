/**
 * The app screen's row cache gives exactly treeRows' rows after every kind of snapshot change
 * (objects and nodes replaced in place, pods coming and going under a workload, objects added,
 * an object losing its tree node, a filter), and reuses the rows it can: rows of unchanged
 * subtrees are the same row objects.
 */
import {describe, expect, it} from 'vitest';
import type {ObjectState} from '../../../source/core/app-status.js';
import type {AppView, ResourceNode} from '../../../source/engine/engine-state.js';
import {treeRows} from '../../../source/ui/select-tree.js';
import {TreeRowsCache} from '../../../source/ui/tree-rows-cache.js';
import {degradedApp, driftedApp, syncedConfigMap} from '../../../fixtures/ui/apps.js';

/** The drifted fixture with `count` ConfigMaps more (tree node and object each), in sync. */
function withConfigMaps(app: AppView, count: number): AppView {
	const objects: ObjectState[] = [...app.status.objects];
	const tree: ResourceNode[] = [...app.tree];
	for (let index = count - 1; index >= 0; index--) {
		const {object, node} = syncedConfigMap(`cm-${index}`);
		objects.push(object);
		tree.push(node);
	}
	return {...app, tree, status: {...app.status, objects}};
}

/** `app` with the object and node at `position` drifted (new objects, as the engine replaces them). */
function drift(app: AppView, position: number): AppView {
	const objects = [...app.status.objects];
	const tree = [...app.tree];
	const object = objects[position] as ObjectState;
	const node = tree[position] as ResourceNode;
	objects[position] = {...object, syncStatus: 'OutOfSync', drift: 'modified'};
	tree[position] = {...node, syncStatus: 'OutOfSync'};
	return {...app, tree, status: {...app.status, objects}};
}

function expectSame(cache: TreeRowsCache, app: AppView, filter = ''): ReturnType<typeof treeRows> {
	const rows = cache.rows(app, filter);
	const strip = (list: ReturnType<typeof treeRows>) =>
		list.map(row => ({id: row.id, depth: row.depth, guide: row.guide, node: row.node, object: row.object, parent: row.parent?.id}));
	expect(strip(rows)).toEqual(strip(treeRows(app, filter)));
	return rows;
}

describe('TreeRowsCache', () => {
	it('objects and nodes replaced in place: the same rows as from scratch, unchanged rows reused', () => {
		const cache = new TreeRowsCache();
		let app = withConfigMaps(driftedApp(), 50);
		let previous = expectSame(cache, app);
		for (const position of [5, 20, 20, 51]) {
			app = drift(app, position);
			const rows = expectSame(cache, app);
			const changed = rows.findIndex(row => row.id.endsWith(`/${(app.tree[position] as ResourceNode).key.name}`));
			expect(rows.filter((row, at) => at !== changed && row !== previous[at])).toEqual([]);
			expect(rows[changed]).not.toBe(previous[changed]);
			previous = rows;
		}
	});

	it('pods that come and go under a workload', () => {
		const cache = new TreeRowsCache();
		const app = withConfigMaps(degradedApp(), 5);
		expectSame(cache, app);
		const deployment = app.tree[0] as ResourceNode;
		const replicaSet = deployment.children[0] as ResourceNode;
		const fewer = {...replicaSet, children: replicaSet.children.slice(1)};
		const gone: AppView = {...app, tree: [{...deployment, children: [fewer]}, ...app.tree.slice(1)]};
		expectSame(cache, gone);
		const pod = replicaSet.children[0] as ResourceNode;
		const renamed = {...pod, key: {...pod.key, name: `${pod.key.name}-new`}};
		expectSame(cache, {
			...app,
			tree: [{...deployment, children: [{...replicaSet, children: [renamed, ...fewer.children]}]}, ...app.tree.slice(1)],
		});
	});

	it('objects added, an object without a tree node, and filters', () => {
		const cache = new TreeRowsCache();
		let app = withConfigMaps(driftedApp(), 10);
		expectSame(cache, app);
		app = withConfigMaps(app, 3);
		expectSame(cache, app);
		// The last ConfigMap loses its node (missing live): it gets a root of its own, with its statuses.
		const lonely: AppView = {...app, tree: app.tree.slice(0, -1).concat([])};
		expectSame(cache, {...lonely, tree: [...lonely.tree]});
		const objects = [...app.status.objects];
		objects[objects.length - 1] = {...(objects.at(-1) as ObjectState), drift: 'missing', syncStatus: 'OutOfSync'};
		expectSame(cache, {...lonely, status: {...lonely.status, objects}});
		expectSame(cache, app, 'cm-1');
		expectSame(cache, drift(app, 12), 'cm-1');
		expectSame(cache, drift(app, 12), 'modified');
		expectSame(cache, app);
	});
});
