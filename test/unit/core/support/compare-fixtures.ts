/** Reads the desired/live(/predicted) fixture pairs in fixtures/compare, through our own parser. */
import {existsSync, readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import type {KubeObject} from '../../../../source/core/kube-object.js';
import {parseManifests} from '../../../../source/core/parse-manifests.js';

const directory = fileURLToPath(new URL('../../../../fixtures/compare/', import.meta.url));

/** The single object in `fixtures/compare/<name>.yaml`; fails loudly on anything else. */
export function loadFixture(name: string): KubeObject {
	const source = `${name}.yaml`;
	const parsed = parseManifests(readFileSync(directory + source, 'utf8'), source);
	const [object] = parsed.objects;
	if (parsed.errors.length > 0 || parsed.objects.length !== 1 || !object) {
		throw new Error(`fixture ${source}: ${JSON.stringify(parsed)}`);
	}
	return object;
}

export interface FixturePair {
	desired: KubeObject;
	live: KubeObject;
	predicted?: KubeObject;
}

/** `<name>-desired.yaml`, `<name>-live.yaml` and, when present, `<name>-predicted.yaml`. */
export function loadPair(name: string): FixturePair {
	const predicted = existsSync(`${directory}${name}-predicted.yaml`) ? loadFixture(`${name}-predicted`) : undefined;
	return {desired: loadFixture(`${name}-desired`), live: loadFixture(`${name}-live`), ...(predicted ? {predicted} : {})};
}
