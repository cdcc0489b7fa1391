/**
 * Puts desired and live objects into one canonical shape before they are compared, so that only
 * real differences remain: server bookkeeping goes, equivalent spellings become one. Types are
 * never coerced: `containerPort: "80"` stays a string and is drift against `80`. Pure.
 */
import type {KubeObject} from './kube-object.js';
import {cloneJson, encodeBase64, isRecord} from './json-value.js';
import {lastAppliedAnnotation} from './mask-secrets.js';
import {canonicalQuantity, parseQuantity} from './quantities.js';

/**
 * Metadata the server writes. `deletionTimestamp` is here too: it matters to health (an object
 * being deleted is Progressing), which reads the raw live object, never to the diff.
 */
const serverMetadata = [
	'uid',
	'resourceVersion',
	'generation',
	'managedFields',
	'creationTimestamp',
	'selfLink',
	'deletionTimestamp',
	'deletionGracePeriodSeconds',
] as const;

/** Keys whose value is a map of resource name to quantity, wherever they appear. */
const quantityMapKeys = new Set(['requests', 'limits', 'hard', 'capacity', 'allocatable', 'overhead']);
/** In a LimitRange, `spec.limits[]` holds more maps of quantities. */
const limitRangeQuantityMapKeys = new Set(['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']);
/** Single quantities (`emptyDir.sizeLimit`). */
const quantityKeys = new Set(['sizeLimit']);

/** Normalizes an object read from the cluster (see `normalizeDesired` for the rules). */
export function normalizeLive(object: KubeObject): KubeObject {
	return normalize(object);
}

/**
 * Normalizes an object from Git. Shared rules, both sides: no `status`; no server metadata (uid,
 * resourceVersion, generation, managedFields, creationTimestamp, selfLink, deletion fields); no
 * last-applied annotation; empty labels/annotations maps removed; `null` map values removed (the
 * server stores none; kubectl writes `creationTimestamp: null`); Secret `stringData` merged into
 * base64 `data`; resource quantities in the server's canonical form.
 */
export function normalizeDesired(object: KubeObject): KubeObject {
	return normalize(object);
}

function normalize(object: KubeObject): KubeObject {
	const copy = dropNulls(cloneJson(object));
	delete copy['status'];
	const metadata = copy.metadata;
	for (const field of serverMetadata) delete metadata[field];
	if (metadata.annotations) delete metadata.annotations[lastAppliedAnnotation];
	if (metadata.annotations && Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
	if (metadata.labels && Object.keys(metadata.labels).length === 0) delete metadata.labels;
	if (copy.kind === 'Secret' && copy.apiVersion === 'v1') foldStringData(copy);
	canonicalizeQuantities(copy, copy.kind === 'LimitRange');
	return copy;
}

/** True when a map key holds a map of quantities in an object of this kind. */
export function isQuantityMapKey(key: string, inLimitRange: boolean): boolean {
	return quantityMapKeys.has(key) || (inLimitRange && limitRangeQuantityMapKeys.has(key));
}

/** True when a map key holds a single quantity. */
export function isQuantityKey(key: string): boolean {
	return quantityKeys.has(key);
}

function dropNulls<T>(value: T): T {
	if (Array.isArray(value)) value.forEach(dropNulls);
	else if (isRecord(value)) {
		for (const [key, child] of Object.entries(value)) {
			if (child === null) delete value[key];
			else dropNulls(child);
		}
	}
	return value;
}

// The API server merges stringData over data and returns only data; do the same to Git's copy.
function foldStringData(secret: KubeObject): void {
	const stringData = secret['stringData'];
	delete secret['stringData'];
	if (!isRecord(stringData)) return;
	const data = isRecord(secret['data']) ? secret['data'] : {};
	for (const [key, value] of Object.entries(stringData)) {
		data[key] = encodeBase64(typeof value === 'string' ? value : JSON.stringify(value));
	}
	secret['data'] = data;
}

function canonicalizeQuantities(value: unknown, inLimitRange: boolean): void {
	if (Array.isArray(value)) {
		for (const item of value) canonicalizeQuantities(item, inLimitRange);
		return;
	}
	if (!isRecord(value)) return;
	for (const [key, child] of Object.entries(value)) {
		if (isQuantityKey(key) && isQuantityLike(child)) value[key] = canonicalQuantity(child);
		else if (isQuantityMapKey(key, inLimitRange) && isRecord(child)) {
			for (const [name, quantity] of Object.entries(child)) {
				if (isQuantityLike(quantity)) child[name] = canonicalQuantity(quantity);
			}
		} else canonicalizeQuantities(child, inLimitRange);
	}
}

/** A string or number that parses as a quantity. */
export function isQuantityLike(value: unknown): value is string | number {
	return (typeof value === 'string' || typeof value === 'number') && parseQuantity(value) !== undefined;
}
