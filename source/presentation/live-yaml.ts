/**
 * A live object as people may see it whole (the live YAML screen `y`): Secrets masked, values and
 * the last-applied annotation alike (core/mask-secrets.ts), printed the one way driftwatch prints
 * YAML (core/yaml-text.ts), each line terminal-safe. The engine hands over the object as the
 * cluster has it; this is the boundary where it becomes text.
 */
import {isRecord} from '../core/json-value.js';
import type {KubeObject, ResourceKey} from '../core/kube-object.js';
import {maskLiveObject} from '../core/mask-secrets.js';
import {yamlLines} from '../core/yaml-text.js';
import {terminalSafe} from './terminal-text.js';

/**
 * The lines of the live YAML of `object`, read for `key`; [] for no object (missing in the
 * cluster). The key decides too: an object read as a core Secret is masked even if it came
 * without `kind` (list items do).
 */
export function liveYamlLines(object: unknown, key: Pick<ResourceKey, 'group' | 'kind'>): string[] {
	if (object === null || object === undefined) return [];
	return yamlLines(masked(object, key)).map(line => terminalSafe(line));
}

function masked(object: unknown, key: Pick<ResourceKey, 'group' | 'kind'>): unknown {
	if (!isRecord(object)) return object;
	const readAsSecret = key.kind === 'Secret' && key.group === '';
	const saysSecret = object['kind'] === 'Secret';
	if (!readAsSecret && !saysSecret) return object;
	const secret = {
		...object,
		apiVersion: 'v1',
		kind: 'Secret',
		metadata: isRecord(object['metadata']) ? object['metadata'] : {},
	} as KubeObject;
	const result = maskLiveObject(secret);
	// Keep what the server sent as apiVersion/kind when it sent them.
	return {...result, apiVersion: object['apiVersion'] ?? result.apiVersion, kind: object['kind'] ?? result.kind};
}
