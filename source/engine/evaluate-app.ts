/**
 * One full evaluation of an app: render Git, read the cluster, predict with a server-side apply
 * dry run, compare, and assess health. The one-shot commands print its result; the live engine
 * runs the same steps and then keeps them current from watch events.
 */
import type {AppDefinition} from '../core/app-definition.js';
import {type AppStatus, emptyCounts} from '../core/app-status.js';
import {DriftwatchError, describeError, errorSummary} from '../core/errors.js';
import {type KubeObject, keyString, resourceKeyOf} from '../core/kube-object.js';
import {withTracking, withoutTracking} from '../core/tracking.js';
import {assignNamespaces} from './assign-namespaces.js';
import {assembleAppStatus} from '../core/assemble-app-status.js';
import {mapLimit} from './map-limit.js';
import type {ClusterPort} from '../ports/cluster.js';
import {readLive} from './read-live.js';
import {type RenderDeps, renderApp} from './render-app.js';

export interface EvaluateDeps extends RenderDeps {
	cluster: ClusterPort;
	now?: () => Date;
}

export async function evaluateApp(app: AppDefinition, deps: EvaluateDeps, options: {fetch?: boolean} = {}): Promise<AppStatus> {
	const now = (deps.now ?? (() => new Date()))();
	let rendered;
	try {
		rendered = await renderApp(app, deps, options);
	} catch (error) {
		return unknownStatus(app, error, now);
	}
	try {
		const desired = await assignNamespaces(rendered.objects, app.destination.namespace, deps.cluster);
		const live = await readLive(app, desired, deps.cluster);
		const {predicted, warnings} = await predictAll(app, desired, live.live, deps.cluster);
		return assembleAppStatus({
			app,
			desired,
			live: live.live,
			extras: live.extras,
			related: live.related,
			predicted,
			revisions: rendered.revisions,
			notices: rendered.notices,
			warnings: [...app.warnings, ...live.warnings, ...warnings],
			now,
		});
	} catch (error) {
		return {...unknownStatus(app, error, now), revisions: rendered.revisions, revision: rendered.revisions[0] ?? null};
	}
}

/**
 * "Live if Git were applied", from the API server itself (defaults, admission, SSA merge). Falls
 * back to comparing only the fields Git sets when the dry run is refused (e.g. a read-only user).
 */
async function predictAll(
	app: AppDefinition,
	desired: readonly KubeObject[],
	live: ReadonlyMap<string, KubeObject>,
	cluster: ClusterPort,
): Promise<{predicted: Map<string, KubeObject>; warnings: string[]}> {
	const predicted = new Map<string, KubeObject>();
	const warnings: string[] = [];
	let refused = false;
	await mapLimit(desired, 6, async object => {
		const key = keyString(resourceKeyOf(object));
		const current = live.get(key);
		if (!current || refused) return;
		try {
			predicted.set(key, withoutTracking(await cluster.apply(withTracking(app.name, object), {dryRun: true, force: true})));
		} catch (error) {
			if (error instanceof DriftwatchError && error.code === 'forbidden') {
				if (!refused) warnings.push(`server-side dry run refused (${error.message}); comparing the fields Git sets only`);
				refused = true;
				return;
			}
			warnings.push(`${object.kind}/${object.metadata.name}: server-side dry run failed: ${describeError(error)}`);
		}
	});
	return {predicted, warnings};
}

function unknownStatus(app: AppDefinition, error: unknown, now: Date): AppStatus {
	return {
		name: app.name,
		syncStatus: 'Unknown',
		health: {status: 'Unknown', message: describeError(error)},
		revision: null,
		revisions: [],
		objects: [],
		counts: emptyCounts(),
		error: errorSummary(error),
		warnings: [...app.warnings],
		notices: [],
		comparedAt: now.toISOString(),
	};
}
