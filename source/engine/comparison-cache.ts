/**
 * What makes a comparison cheap, and its rules for dry runs. Server-side apply dry runs are cached
 * per object by its live resourceVersion and the Git revision, and comparisons per object by the
 * versions of their inputs, so a watch event on one object costs one dry run and one comparison,
 * not one per object of the app.
 *
 * The dry-run rules, for the one-shot commands and the live engine alike: read-only mode sends no
 * mutating request, dry runs included, and says so; a refused or failed dry run is a warning on the
 * status, and that object is compared on the fields Git sets.
 */
import {compareObject, type CompareObjectInput, type ObjectComparison} from '../core/compare-objects.js';
import {DriftwatchError, describeError} from '../core/errors.js';
import {type KubeObject, displayKey, keyString, resourceKeyOf} from '../core/kube-object.js';
import {withTracking, withoutTracking} from '../core/tracking.js';
import type {ClusterPort} from '../ports/cluster.js';
import {mapLimit} from './map-limit.js';

/** Dry runs in flight at once, per app. */
const dryRunConcurrency = 6;

export const readOnlyComparisonWarning =
	'read-only mode (--read-only): no server-side dry run is sent, so the comparison uses the fields Git sets only';

interface Prediction {
	stamp: string;
	object: KubeObject | undefined;
	failure?: {refused: boolean; message: string};
}

export interface Predictions {
	/** By keyString, for the objects the server could predict. */
	predicted: Map<string, KubeObject>;
	/** Why some (or all) objects are compared on Git's fields only. */
	warnings: string[];
}

export class ComparisonCache {
	private epoch = 0;
	private readonly predictions = new Map<string, Prediction>();
	private readonly comparisons = new Map<string, {stamp: string; result: ObjectComparison}>();

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

	/** "Live if Git were applied" for each desired object that exists live, from the API server. */
	async predict(desired: readonly KubeObject[], live: ReadonlyMap<string, KubeObject>, revision: string): Promise<Predictions> {
		const predicted = new Map<string, KubeObject>();
		if (this.readOnly) return {predicted, warnings: live.size > 0 ? [readOnlyComparisonWarning] : []};
		const stale = desired.filter(object => {
			const current = live.get(keyString(resourceKeyOf(object)));
			return current !== undefined && this.predictions.get(keyString(resourceKeyOf(object)))?.stamp !== stampOf(current, revision);
		});
		await mapLimit(stale, dryRunConcurrency, async object => {
			const key = keyString(resourceKeyOf(object));
			const stamp = stampOf(live.get(key) as KubeObject, revision);
			try {
				const result = await this.cluster.apply(withTracking(this.app, object), {dryRun: true, force: true});
				this.predictions.set(key, {stamp, object: withoutTracking(result)});
			} catch (error) {
				const refused = error instanceof DriftwatchError && error.code === 'forbidden';
				this.predictions.set(key, {stamp, object: undefined, failure: {refused, message: describeError(error)}});
			}
		});
		const refusals: string[] = [];
		const failures: string[] = [];
		for (const object of desired) {
			const key = keyString(resourceKeyOf(object));
			if (!live.has(key)) continue;
			const prediction = this.predictions.get(key);
			if (prediction?.object) predicted.set(key, prediction.object);
			if (prediction?.failure?.refused) refusals.push(prediction.failure.message);
			else if (prediction?.failure)
				failures.push(
					`${displayKey(resourceKeyOf(object))}: server-side dry run failed (${prediction.failure.message}); comparing the fields Git sets`,
				);
		}
		const warnings = [...failures];
		if (refusals.length > 0) {
			const count = refusals.length === 1 ? '' : ` for ${refusals.length} objects`;
			warnings.unshift(`server-side dry run refused${count} (${refusals[0]}); comparing the fields Git sets only`);
		}
		return {predicted, warnings};
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

function stampOf(live: KubeObject, revision: string): string {
	return `${live.metadata.resourceVersion}|${revision}`;
}
