/**
 * Synced or OutOfSync, per object and per app, with no false drift: both sides are normalized,
 * ignoreDifferences are applied to both, and live is compared with what it would be if Git were
 * applied (the server's dry-run prediction when we have one, else Git's fields laid over live).
 * Secrets are masked in every diff this returns. Pure.
 */
import {type KubeObject, type ResourceKey, keyString, resourceKeyOf} from './kube-object.js';
import {type ObjectDiff, diffObjects} from './diff-objects.js';
import {type IgnoreDifferenceRule, applyIgnoreDifferences} from './ignore-differences.js';
import {maskSecretPair} from './mask-secrets.js';
import {normalizeDesired, normalizeLive} from './normalize.js';
import {overlayDesired} from './overlay-desired.js';

/** Why an object is OutOfSync: fields differ, it is not in the cluster, or Git no longer has it. */
export type DriftKind = 'none' | 'modified' | 'missing' | 'extra';

/** The verdict for one object, with the diff that explains it. */
export interface ObjectComparison {
	key: ResourceKey;
	status: 'Synced' | 'OutOfSync';
	drift: DriftKind;
	/** JSON pointers of the differing fields; [''] when the whole object is missing or extra. */
	changedPaths: string[];
	/** Left = live, right = desired (or the prediction); Secrets masked. Null when there is no drift. */
	diff: ObjectDiff | null;
	/** Rules that could not be applied (an unsupported jq expression, a group-less rule). */
	warnings: string[];
}

/** One object's sides. At least one of desired and live should be given. */
export interface CompareObjectInput {
	key: ResourceKey;
	/** The object from Git; absent for a live object Git no longer has. */
	desired?: KubeObject;
	/** The object in the cluster; absent when it does not exist. */
	live?: KubeObject;
	/** A server-side apply dry run of desired (`dryRun=All`): live with Git applied, defaults filled. */
	predicted?: KubeObject;
	ignoreDifferences?: readonly IgnoreDifferenceRule[];
	/**
	 * Whether a live object without a desired one is tracked by this app (and so is extra drift).
	 * Default true: callers pass only tracked extras.
	 */
	tracked?: boolean;
	/** Context lines in the unified diff; default 3, Infinity for the whole object. */
	context?: number;
}

/** Compares one object; see `CompareObjectInput` for the inputs. */
export function compareObject(input: CompareObjectInput): ObjectComparison {
	const {key, desired, live, predicted} = input;
	const rules = input.ignoreDifferences ?? [];
	if (!desired) {
		if (!live || input.tracked === false) return {key, status: 'Synced', drift: 'none', changedPaths: [], diff: null, warnings: []};
		const masked = maskSecretPair(undefined, normalizeLive(live)).live;
		return drifted(key, 'extra', diffObjects(masked, undefined, diffOptions(input)), []);
	}
	if (!live) {
		const masked = maskSecretPair(normalizeDesired(desired)).desired;
		return drifted(key, 'missing', diffObjects(undefined, masked, diffOptions(input)), []);
	}

	const warnings = new Set<string>();
	const ignore = (object: KubeObject): KubeObject => {
		const result = applyIgnoreDifferences(object, rules, live);
		for (const warning of result.warnings) warnings.add(warning);
		return result.object;
	};
	const left = ignore(normalizeLive(live));
	const right = predicted ? ignore(normalizeLive(predicted)) : overlayDesired(left, ignore(normalizeDesired(desired)));
	const masked = maskSecretPair(right, left);
	const diff = diffObjects(masked.live, masked.desired, diffOptions(input));
	if (diff.changedPaths.length === 0) {
		return {key, status: 'Synced', drift: 'none', changedPaths: [], diff: null, warnings: [...warnings]};
	}
	return drifted(key, 'modified', diff, [...warnings]);
}

function drifted(key: ResourceKey, drift: DriftKind, diff: ObjectDiff, warnings: string[]): ObjectComparison {
	return {key, status: 'OutOfSync', drift, changedPaths: diff.changedPaths, diff, warnings};
}

/** Everything one app comparison needs, already fetched and rendered. */
export interface CompareAppInput {
	/** Objects from Git, namespaces already filled in by the caller. */
	desired: readonly KubeObject[];
	/** Live objects by `keyString`. */
	live: ReadonlyMap<string, KubeObject>;
	/** Server-side apply dry-run results by `keyString`, when available. */
	predicted?: ReadonlyMap<string, KubeObject>;
	/** Live objects tracked by this app that Git no longer has. */
	extras?: readonly KubeObject[];
	ignoreDifferences?: readonly IgnoreDifferenceRule[];
	/** Compares one object; default {@link compareObject}. The live engine passes a memoized one so an event recompares only what changed. */
	compare?: (input: CompareObjectInput) => ObjectComparison;
}

/** The app verdict: OutOfSync when any object is. */
export interface AppComparison {
	objects: ObjectComparison[];
	syncStatus: 'Synced' | 'OutOfSync';
	counts: {synced: number; modified: number; missing: number; extra: number};
}

/**
 * Compares every object of an app. Git's objects come first in Git's order, then the extras. An
 * object Git lists twice is compared once, with a warning.
 */
export function compareApp(input: CompareAppInput): AppComparison {
	const objects: ObjectComparison[] = [];
	const seen = new Map<string, ObjectComparison>();
	const compare = input.compare ?? compareObject;
	for (const desired of input.desired) {
		const key = resourceKeyOf(desired);
		const id = keyString(key);
		const earlier = seen.get(id);
		if (earlier) {
			earlier.warnings.push(
				`Git defines ${key.kind} ${key.namespace ? `${key.namespace}/` : ''}${key.name} more than once; the first one is compared`,
			);
			continue;
		}
		const comparison = compare({
			key,
			desired,
			live: input.live.get(id),
			predicted: input.predicted?.get(id),
			ignoreDifferences: input.ignoreDifferences,
		});
		seen.set(id, comparison);
		objects.push(comparison);
	}
	for (const live of input.extras ?? []) {
		const key = resourceKeyOf(live);
		if (seen.has(keyString(key))) continue;
		const comparison = compare({key, live, tracked: true});
		seen.set(keyString(key), comparison);
		objects.push(comparison);
	}
	const counts = {synced: 0, modified: 0, missing: 0, extra: 0};
	for (const {drift} of objects) {
		if (drift === 'none') counts.synced++;
		else counts[drift]++;
	}
	const syncStatus = objects.some(object => object.status === 'OutOfSync') ? 'OutOfSync' : 'Synced';
	return {objects, syncStatus, counts};
}

function diffOptions(input: CompareObjectInput): {context?: number} {
	return input.context === undefined ? {} : {context: input.context};
}
