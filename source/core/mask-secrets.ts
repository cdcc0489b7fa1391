/**
 * Secret values never leave core unmasked. Each distinct value of a key becomes plus signs: the
 * first (desired side first, as Argo CD does) `++++++++`, the next 12, then 16, so a changed value
 * stays visible as a change without revealing either value. `+` is a base64 character, so a masked
 * Secret still looks like a Secret. Pure.
 */
import {type KubeObject, groupOf} from './kube-object.js';
import {canonicalBase64, cloneJson, encodeBase64, isRecord} from './json-value.js';

/** The annotation `kubectl apply` writes; on a Secret it holds every value in clear text. */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

const firstMask = '++++++++';
const maskGrowth = '++++';

/** A desired/live pair with Secret values masked consistently across both. */
export interface MaskedPair {
	desired: KubeObject | undefined;
	live: KubeObject | undefined;
}

/** True for a core/v1 Secret. */
export function isSecret(object: KubeObject | undefined): object is KubeObject {
	return object !== undefined && object.kind === 'Secret' && groupOf(object.apiVersion) === '';
}

/**
 * Masks a desired/live pair of Secrets (anything else is returned as is). `stringData` is first
 * folded into `data` as the API server does, so a value written either way gets the same mask; the
 * last-applied annotation is dropped because it repeats the values.
 */
export function maskSecretPair(desired?: KubeObject, live?: KubeObject): MaskedPair {
	const [maskedDesired, maskedLive] = maskSecretsTogether([desired, live]);
	return {desired: maskedDesired, live: maskedLive};
}

/**
 * Masks any number of versions of one Secret together (Git, live, an older revision...): per key,
 * the first distinct value in list order gets 8 plus signs, the next 12, then 16, and so on.
 */
export function maskSecretsTogether(objects: ReadonlyArray<KubeObject | undefined>): Array<KubeObject | undefined> {
	if (!objects.some(object => isSecret(object))) return [...objects];
	const sides = objects.map(object => (isSecret(object) ? foldStringData(object) : object));
	const masks = new Map<string, Map<string, string>>();
	for (const secret of sides) {
		const data = isSecret(secret) ? secret['data'] : undefined;
		if (!isRecord(data)) continue;
		for (const [key, value] of Object.entries(data)) {
			const identity = valueIdentity(value);
			let byValue = masks.get(key);
			if (!byValue) masks.set(key, (byValue = new Map<string, string>()));
			let mask = byValue.get(identity);
			if (mask === undefined) {
				mask = firstMask + maskGrowth.repeat(byValue.size);
				byValue.set(identity, mask);
			}
			data[key] = mask;
		}
	}
	return sides;
}

/** One Secret masked on its own: every value becomes `++++++++`. */
export function maskSecret(object: KubeObject): KubeObject {
	return maskSecretPair(object).desired ?? object;
}

/**
 * A live object as it may be shown whole (the live YAML screen): a Secret's values masked, and its
 * last-applied annotation kept but masked too. The annotation is a JSON copy of the Secret as it
 * was applied, so it is parsed and masked together with the live values (a value unchanged since
 * the apply gets the same mask, a changed one the next longer mask); an annotation that is not a
 * Secret's JSON is replaced whole. Anything but a Secret is returned as is.
 */
export function maskLiveObject(object: KubeObject): KubeObject {
	if (!isSecret(object)) return object;
	const annotation = object.metadata.annotations?.[lastAppliedAnnotation];
	const applied = typeof annotation === 'string' ? parseApplied(annotation) : undefined;
	const [live, maskedApplied] = maskSecretsTogether([object, applied]);
	const masked = live ?? object;
	if (annotation === undefined) return masked;
	const text = isSecret(maskedApplied) ? `${JSON.stringify(maskedApplied)}${String(annotation).endsWith('\n') ? '\n' : ''}` : firstMask;
	masked.metadata.annotations = {...masked.metadata.annotations, [lastAppliedAnnotation]: text};
	return masked;
}

function parseApplied(text: string): KubeObject | undefined {
	try {
		const value: unknown = JSON.parse(text);
		return isRecord(value) && isRecord(value['metadata']) ? (value as KubeObject) : undefined;
	} catch {
		return undefined;
	}
}

/** A copy with `stringData` merged over `data` (base64-encoded) and the last-applied annotation gone. */
function foldStringData(secret: KubeObject): KubeObject {
	const copy = cloneJson(secret);
	const stringData = copy['stringData'];
	if (isRecord(stringData)) {
		const data = isRecord(copy['data']) ? copy['data'] : {};
		for (const [key, value] of Object.entries(stringData)) data[key] = encodeBase64(textOf(value));
		copy['data'] = data;
	}
	delete copy['stringData'];
	const annotations = copy.metadata.annotations;
	if (annotations && lastAppliedAnnotation in annotations) {
		delete annotations[lastAppliedAnnotation];
		if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
	}
	return copy;
}

// Two spellings of the same bytes are the same value; the identity never leaves this module.
function valueIdentity(value: unknown): string {
	const text = textOf(value);
	return canonicalBase64(text) ?? `raw:${text}`;
}

function textOf(value: unknown): string {
	return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}
