/**
 * What makes a comparison cheap, and its rules for dry runs. Server-side apply dry runs are cached
 * per object by its live resourceVersion and the Git revision, and comparisons per object by the
 * versions of their inputs, so a watch event on one object costs one dry run and one comparison,
 * not one per object of the app. No dry run is sent where its answer is certain (live already has
 * every field Git sets, nothing of ours would be removed: core/apply-changes-nothing.ts), so an
 * app in sync starts without one request per object.
 *
 * The dry-run rules, for the one-shot commands and the live engine alike: read-only mode sends no
 * mutating request, dry runs included, and says so; a refused or failed dry run is a warning on the
 * status, and that object is compared on the fields Git sets.
 */
import {applyChangesNothing} from '../core/apply-changes-nothing.js';
import {compareObject, type CompareObjectInput, type ObjectComparison} from '../core/compare-objects.js';
import {DriftwatchError, describeError} from '../core/errors.js';
import {type KubeObject, displayKey, keyString, resourceKeyOf} from '../core/kube-object.js';
import {withTracking, withoutTracking} from '../core/tracking.js';
import type {ClusterPort} from '../ports/cluster.js';
import type {LiveIndex} from './live-index.js';
import {mapLimit} from './map-limit.js';

/** Dry runs in flight at once, per app. */
const dryRunConcurrency = 6;

export const readOnlyComparisonWarning =
	'read-only mode (--read-only): no server-side dry run is sent, so the comparison uses the fields Git sets only';

interface Prediction {
	stamp: string;
	object: KubeObject | undefined;
}

export class ComparisonCache {
	private epoch = 0;
	private readonly predictions = new Map<string, Prediction>();
	/** Objects the server would not predict now, by keyString: refused (RBAC) or failed (admission, invalid). */
	private readonly failures = new Map<string, {refused: boolean; message: string; object: string}>();
	private readonly comparisons = new Map<string, {stamp: string; result: ObjectComparison}>();
	private anyLive = false;

	constructor(
		private readonly cluster: ClusterPort,
		private readonly app: string,
		private readonly readOnly: boolean,
	) {}

	/** After a render: comparisons start over, and predictions too when the revision changed. */
	reset(revisionChanged: boolean): void {
		this.epoch++;
		this.comparisons.clear();
		if (revisionChanged) this.predictions.clear();
	}

	/**
	 * "Live if Git were applied", from the API server, for the objects `keys` (every object for
	 * 'all'): a dry run for each desired object that exists live and changed since its last one,
	 * at most a few at a time.
	 */
	async predict(keys: ReadonlySet<string> | 'all', index: LiveIndex, revision: string): Promise<void> {
		const live = index.liveDesired();
		this.anyLive = live.size > 0;
		if (this.readOnly) return;
		if (keys === 'all') this.failures.clear();
		const candidates: Array<{key: string; desired: KubeObject; stamp: string}> = [];
		for (const key of keys === 'all' ? index.desiredKeys() : keys) {
			const desired = index.desiredOf(key);
			const current = live.get(key);
			if (!desired || !current) {
				this.failures.delete(key);
				continue;
			}
			const stamp = `${current.metadata.resourceVersion}|${revision}`;
			if (this.predictions.get(key)?.stamp === stamp) continue;
			if (applyChangesNothing(desired, current, this.app)) {
				// Certain without asking: the server would answer with live itself (decision 010).
				this.predictions.set(key, {stamp, object: withoutTracking(current)});
				this.failures.delete(key);
			} else candidates.push({key, desired, stamp});
		}
		await mapLimit(candidates, dryRunConcurrency, async ({key, desired, stamp}) => {
			try {
				const result = await this.cluster.apply(withTracking(this.app, desired), {dryRun: true, force: true});
				this.predictions.set(key, {stamp, object: withoutTracking(result)});
				this.failures.delete(key);
			} catch (error) {
				const refused = error instanceof DriftwatchError && (error.code === 'forbidden' || error.code === 'unauthorized');
				this.predictions.set(key, {stamp, object: undefined});
				this.failures.set(key, {refused, message: describeError(error), object: displayKey(resourceKeyOf(desired))});
			}
		});
	}

	/** Why some (or all) objects are compared on the fields Git sets only. */
	warnings(): string[] {
		if (this.readOnly) return this.anyLive ? [readOnlyComparisonWarning] : [];
		const entries = [...this.failures].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, failure]) => failure);
		const refused = entries.filter(failure => failure.refused);
		const failed = entries
			.filter(failure => !failure.refused)
			.map(failure => `${failure.object}: server-side dry run failed (${failure.message}); comparing the fields Git sets`);
		if (refused.length === 0) return failed;
		const count = refused.length === 1 ? '' : ` for ${refused.length} objects`;
		return [`server-side dry run refused${count} (${refused[0]?.message}); comparing the fields Git sets only`, ...failed];
	}

	/**
	 * A prediction known without a dry run: the server's answer to a sync's apply of Git's object
	 * (tracking added) at `revision` is what a dry run of it against that live version returns.
	 * Saves a sync one dry run per object it applied.
	 */
	seed(key: string, applied: KubeObject, revision: string): void {
		if (this.readOnly || !applied.metadata.resourceVersion) return;
		this.predictions.set(key, {stamp: `${applied.metadata.resourceVersion}|${revision}`, object: withoutTracking(applied)});
		this.failures.delete(key);
	}

	/** The last prediction for an object (by keyString), if any. */
	prediction(id: string): KubeObject | undefined {
		return this.predictions.get(id)?.object;
	}

	/** compareObject, memoized by the versions of its inputs. */
	compare(input: CompareObjectInput): ObjectComparison {
		const id = keyString(input.key);
		const stamp = `${this.epoch}|${input.live?.metadata.resourceVersion ?? '-'}|${input.predicted ? `p${input.predicted.metadata.resourceVersion}` : 'n'}|${input.desired ? 'd' : 'x'}`;
		const cached = this.comparisons.get(id);
		if (cached?.stamp === stamp) return {...cached.result, warnings: [...cached.result.warnings]};
		const result = compareObject(input);
		this.comparisons.set(id, {stamp, result: {...result, warnings: [...result.warnings]}});
		return result;
	}
}
