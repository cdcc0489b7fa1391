/**
 * Which document of a YAML or JSON file holds an object, matched by identity (API group, kind,
 * name, and namespace when the file names one): the place a plain-YAML edit goes. An object in a
 * `kind: List` is found among its items. Pure.
 */
import {isRecord} from '../json-value.js';
import {groupOf, type ResourceKey} from '../kube-object.js';
import {documentValue, parseYamlDocuments, type YamlPath} from './yaml-syntax.js';

/** Where an object is written in a file. */
export interface ObjectLocation {
	documentIndex: number;
	/** [] for a document that is the object; ['items', n] for an item of a List. */
	prefix: YamlPath;
	/** The object as written. */
	object: Record<string, unknown>;
}

/**
 * Every place in `text` that defines the object `key` (usually one).
 *
 * @throws DriftwatchError 'edit-refused' when the file does not parse.
 */
export function findObjectDocuments(text: string, key: ResourceKey): ObjectLocation[] {
	const found: ObjectLocation[] = [];
	for (const [documentIndex, document] of parseYamlDocuments(text).entries()) {
		const value = documentValue(document);
		if (!isRecord(value)) continue;
		if (matchesKey(value, key)) found.push({documentIndex, prefix: [], object: value});
		const items = value['items'];
		if (typeof value['kind'] === 'string' && value['kind'].endsWith('List') && Array.isArray(items)) {
			items.forEach((item, index) => {
				if (isRecord(item) && matchesKey(item, key)) found.push({documentIndex, prefix: ['items', index], object: item});
			});
		}
	}
	return found;
}

/**
 * True when `value` is the object `key` names. A namespace missing on either side matches any:
 * manifests often leave it to the destination.
 */
export function matchesKey(value: Record<string, unknown>, key: ResourceKey, name = key.name): boolean {
	const metadata = value['metadata'];
	if (!isRecord(metadata) || typeof value['apiVersion'] !== 'string') return false;
	if (value['kind'] !== key.kind || groupOf(value['apiVersion']) !== key.group || metadata['name'] !== name) return false;
	const namespace = typeof metadata['namespace'] === 'string' ? metadata['namespace'] : '';
	return namespace === '' || key.namespace === '' || namespace === key.namespace;
}
