/**
 * The same cluster state evaluated by the one-shot path (`status`, `diff`: evaluateOnce) and by the
 * live engine (the UI and the headless stream: DriftEngine in live mode, first evaluation), so a
 * test can assert both say the same thing.
 */
import type {AppStatus, ResourceNode} from '../../../../source/core/app-status.js';
import type {KubeObject} from '../../../../source/core/kube-object.js';
import {DriftEngine} from '../../../../source/engine/drift-engine.js';
import {evaluateOnce} from '../../../../source/engine/one-shot.js';
import {FakeClock} from './fake-clock.js';
import {destinationOf, FakeGit, FakeRender, FakeWatches, WatchedCluster} from './fake-ports.js';
import {appDefinition} from './fixtures.js';

export interface ModeSetup {
	/** Git's objects. */
	desired: KubeObject[];
	/** What the cluster holds. */
	live: KubeObject[];
	readOnly?: boolean;
	/** Prepare the cluster (forbid kinds, reject objects, refuse lists). */
	prepare?: (cluster: WatchedCluster, watches: FakeWatches) => void;
}

export interface ModeResult {
	status: AppStatus;
	tree: ResourceNode[];
	/** Every request the mode sent, as 'dry apply Kind/ns/name'. */
	requests: string[];
}

function world(setup: ModeSetup) {
	const render = new FakeRender();
	const git = new FakeGit(render);
	git.commit('first', setup.desired);
	const watches = new FakeWatches();
	for (const object of setup.live) watches.put(object);
	const cluster = new WatchedCluster(watches);
	setup.prepare?.(cluster, watches);
	return {render, git, watches, cluster};
}

/** `status`/`diff`'s evaluation of the setup. */
export async function oneShot(setup: ModeSetup): Promise<ModeResult> {
	const {render, git, cluster} = world(setup);
	const [status] = await evaluateOnce({
		apps: [{definition: appDefinition(), destination: destinationOf(cluster), policy: {autoSync: true, selfHeal: true, prune: true}}],
		git: () => git,
		render: render.port,
		clock: new FakeClock(),
		readOnly: setup.readOnly ?? false,
		intervalMs: 1000,
	});
	if (!status) throw new Error('no status');
	return {status, tree: [], requests: cluster.requests()};
}

/** The live engine's first evaluation of the setup (policies off, so nothing changes the cluster). */
export async function live(setup: ModeSetup): Promise<ModeResult> {
	const {render, git, cluster} = world(setup);
	const clock = new FakeClock();
	const engine = new DriftEngine({
		apps: [{definition: appDefinition(), destination: destinationOf(cluster), policy: {autoSync: false, selfHeal: false, prune: false}}],
		git: () => git,
		render: render.port,
		clock,
		readOnly: setup.readOnly ?? false,
		intervalMs: 3_600_000,
	});
	try {
		await engine.start();
		await clock.advance(0);
		const view = engine.app('shop');
		return {status: view.status, tree: view.tree, requests: cluster.requests()};
	} finally {
		engine.stop();
	}
}
