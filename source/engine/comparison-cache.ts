/**
 * What makes a recompute cheap: server-side apply dry runs are cached per object by its live
 * resourceVersion and the Git revision, and comparisons per object by the versions of their
 * inputs, so a watch event on one object costs one dry run and one comparison, not one per object
 * of the app.
 */
import {compareObject, type CompareObjectInput, type ObjectComparison} from '../core/compare-objects.js';
import {type KubeObject, keyString, resourceKeyOf} from '../core/kube-object.js';
import {withTracking, withoutTracking} from '../core/tracking.js';
import {mapLimit} from './map-limit.js';
import type {ClusterPort} from '../ports/cluster.js';

export class ComparisonCache {
	private epoch = 0;
	private readonly predictions = new Map<string, {stamp: string; object: KubeObject | undefined}>();
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

	/**
	 * "Live if Git were applied" for each desired object that exists live, from the API server.
	 * Read-only mode sends no mutating request, dry runs included: then Git's fields are compared.
	 * A refused or failed dry run also falls back to that; sync reports the reason.
	 */
	async predict(desired: readonly KubeObject[], live: ReadonlyMap<string, KubeObject>, revision: string): Promise<Map<string, KubeObject>> {
		const result = new Map<string, KubeObject>();
		if (this.readOnly) return result;
		await mapLimit(desired, 6, async object => {
			const key = keyString(resourceKeyOf(object));
			const current = live.get(key);
			if (!current) return;
			const stamp = `${current.metadata.resourceVersion}|${revision}`;
			const cached = this.predictions.get(key);
			if (cached?.stamp !== stamp) {
				let prediction: KubeObject | undefined;
				try {
					prediction = withoutTracking(await this.cluster.apply(withTracking(this.app, object), {dryRun: true, force: true}));
				} catch {
					prediction = undefined;
				}
				this.predictions.set(key, {stamp, object: prediction});
			}
			const object_ = this.predictions.get(key)?.object;
			if (object_) result.set(key, object_);
		});
		return result;
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
